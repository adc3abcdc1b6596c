import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { assertVersion, IfMatchVersion } from '../common/http/etag';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { Person } from '../persons/person.entity';
import { PersonsService } from '../persons/persons.service';
import { RegionsService } from '../regions/regions.service';
import { CreatePasungCaseDto, UpdatePasungCaseDto } from './dto/pasung-case-input.dto';
import { ListPasungCasesQuery, PasungCaseDetailResponse, PasungCaseResponse } from './dto/pasung-case.response';
import { PasungCaseEvent } from './pasung-case-event.entity';
import { PasungCase } from './pasung-case.entity';
import { PasungErrorCode } from './pasung.errors';
import { PasungInput } from './pasung-input.validator';
import { PasungScope } from './pasung-scope';
import { PasungView } from './pasung-view';

/** Default purpose of every read of pasung data in the audit trail; the caller's `X-Purpose` wins. */
export const PASUNG_READ_PURPOSE = 'PASUNG_CASE_VIEW';

/** Fields a PATCH may not set to null: a pasung case always has them. */
const REQUIRED_FIELDS = ['villageCode', 'reportSource', 'restraintType', 'managingOrganizationId'] as const;

/** Bebas Pasung cases: register, read, correct and list, scoped and audited. The timeline is PasungTimelineService. */
@Injectable()
export class PasungCasesService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: PasungScope,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly persons: PersonsService,
    private readonly input: PasungInput,
    private readonly view: PasungView,
  ) {}

  async create(ctx: RequestContext, dto: CreatePasungCaseDto): Promise<PasungCaseDetailResponse> {
    const reportSourceDetail = dto.reportSourceDetail ?? null;
    const restraintDetail = dto.restraintDetail ?? null;
    this.input.otherNeedsDetail({ ...dto, reportSourceDetail, restraintDetail });
    this.input.date('reportedOn', dto.reportedOn, dto.villageCode);
    return this.tx.run(ctx, async (em) => {
      const person = await this.input.person(ctx, em, dto.personId);
      await this.input.village(ctx, dto.villageCode);
      const managingOrganizationId = await this.input.managingOrganization(ctx, em, dto.managingOrganizationId);
      const principal = ctx.principal;
      const status = dto.initialStatus ?? 'MASIH_TERPASUNG';
      const saved = await em.getRepository(PasungCase).save(
        em.getRepository(PasungCase).create({
          personId: person.id,
          villageCode: dto.villageCode,
          reportedOn: dto.reportedOn,
          reportSource: dto.reportSource,
          reportSourceDetail,
          shackledMonths: dto.shackledMonths ?? null,
          restraintType: dto.restraintType,
          restraintDetail,
          familyContactName: dto.familyContact?.name ?? null,
          familyContactRelation: dto.familyContact?.relation ?? null,
          familyContactPhone: dto.familyContact?.phone ?? null,
          managingOrganizationId,
          caseId: null,
          currentStatus: status,
          currentStatusOn: dto.reportedOn,
          createdBy: principal?.id ?? null,
        }),
      );
      // The first event of the timeline: the person as found, on the day of the report.
      await em.getRepository(PasungCaseEvent).insert({
        pasungCaseId: saved.id,
        status,
        occurredOn: dto.reportedOn,
        note: dto.note ?? null,
        recordedBy: principal?.id ?? null,
        recordedByOrganizationId: principal?.organizationId ?? null,
      });
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'pasung-case',
        resourceId: saved.id,
        personId: person.id,
        changedFields: givenFields(dto),
      });
      return this.view.detail(em, saved);
    });
  }

  async get(ctx: RequestContext, id: string): Promise<PasungCaseDetailResponse> {
    const em = this.tx.manager(ctx);
    const row = await this.load(ctx, em, id);
    await this.assertProcessable(em, row.personId, false);
    const response = await this.view.detail(em, row);
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'pasung-case',
      resourceId: row.id,
      personId: row.personId,
      purpose: PASUNG_READ_PURPOSE,
    });
    return response;
  }

  async update(
    ctx: RequestContext,
    id: string,
    expected: IfMatchVersion,
    dto: UpdatePasungCaseDto,
  ): Promise<PasungCaseDetailResponse> {
    this.input.notNull(dto, REQUIRED_FIELDS);
    return this.tx.run(ctx, async (em) => {
      const row = await this.load(ctx, em, id, true);
      await this.assertProcessable(em, row.personId, true);
      assertVersion(expected, row.version);
      const changed = givenFields(dto);
      if (changed.length === 0) return this.view.detail(em, row);
      if (dto.villageCode !== undefined) {
        await this.input.village(ctx, dto.villageCode);
        row.villageCode = dto.villageCode;
      }
      if (dto.reportSource !== undefined) row.reportSource = dto.reportSource;
      if (dto.reportSourceDetail !== undefined) row.reportSourceDetail = dto.reportSourceDetail;
      if (dto.shackledMonths !== undefined) row.shackledMonths = dto.shackledMonths;
      if (dto.restraintType !== undefined) row.restraintType = dto.restraintType;
      if (dto.restraintDetail !== undefined) row.restraintDetail = dto.restraintDetail;
      if (dto.familyContact !== undefined) {
        row.familyContactName = dto.familyContact?.name ?? null;
        row.familyContactRelation = dto.familyContact?.relation ?? null;
        row.familyContactPhone = dto.familyContact?.phone ?? null;
      }
      this.input.otherNeedsDetail(row);
      if (dto.managingOrganizationId !== undefined) {
        row.managingOrganizationId = await this.input.managingOrganization(ctx, em, dto.managingOrganizationId);
      }
      if (dto.caseId !== undefined) {
        if (dto.caseId !== null) await this.input.linkedCase(ctx, em, dto.caseId, row.personId, 'caseId');
        row.caseId = dto.caseId;
      }
      const saved = await em.getRepository(PasungCase).save(row);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'pasung-case',
        resourceId: row.id,
        personId: row.personId,
        changedFields: changed,
      });
      return this.view.detail(em, saved);
    });
  }

  async list(ctx: RequestContext, query: ListPasungCasesQuery): Promise<Page<PasungCaseResponse>> {
    const page = await this.findPage(ctx, query);
    await this.audit.recordMany(
      ctx,
      page.data.map((r) => ({
        action: 'READ',
        resourceType: 'pasung-case',
        resourceId: r.id,
        personId: r.person.id,
        purpose: PASUNG_READ_PURPOSE,
      })),
    );
    return page;
  }

  /** One page of the list, not audited: the list audits it as READ, the export (src/exports) as EXPORT. */
  async findPage(ctx: RequestContext, query: ListPasungCasesQuery): Promise<Page<PasungCaseResponse>> {
    const em = this.tx.manager(ctx);
    const condition = this.scope.condition(ctx, 'pc');
    const qb = em
      .getRepository(PasungCase)
      .createQueryBuilder('pc')
      // People whose processing is restricted (UU PDP) are kept but not shown.
      .innerJoin(Person, 'p', 'p.id = pc.personId AND NOT p.restricted')
      .where(condition.sql, condition.params);
    if (query.status !== undefined) qb.andWhere('pc.currentStatus = :status', { status: query.status });
    if (query.region !== undefined) {
      await this.regions.assertExists(query.region, 'region');
      qb.andWhere('pc.village_code LIKE :regionPrefix', { regionPrefix: `${query.region}%` });
    }
    if (query.personId !== undefined) qb.andWhere('pc.personId = :personId', { personId: query.personId });
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'pc.reportedOn', value: (r) => r.reportedOn, type: 'string' },
        { expression: 'pc.id', value: (r) => r.id, type: 'string' },
      ],
      (r) => r,
    );
    const persons = await this.view.persons(
      em,
      page.data.map((r) => r.personId),
    );
    return { data: page.data.map((r) => this.view.summary(r, persons.get(r.personId))), page: page.page };
  }

  /** Loads a pasung case the caller may see; anything else (missing, malformed id, out of scope) is the same 404. */
  async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<PasungCase> {
    if (!isUuid(id)) throw new AppException(PasungErrorCode.PASUNG_CASE_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.scope.condition(ctx, 'pc');
    const qb = em
      .getRepository(PasungCase)
      .createQueryBuilder('pc')
      .where('pc.id = :id', { id })
      .andWhere(condition.sql, condition.params);
    if (lock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    if (!row) throw new AppException(PasungErrorCode.PASUNG_CASE_NOT_FOUND, { id });
    return row;
  }

  /**
   * A person whose processing is restricted is not processed further, and a record that is no longer active is not
   * changed: the same answers (409) as the person registry's. The person is read without the persons scope, because
   * the pasung scope already applies.
   */
  async assertProcessable(em: EntityManager, personId: string, write: boolean): Promise<void> {
    const person = await em.getRepository(Person).findOneByOrFail({ id: personId });
    if (write) this.persons.assertWritable(person);
    else this.persons.assertNotRestricted(person);
  }
}

/** The fields a request gave. DTO instances declare every property, so the absent ones are there as undefined. */
function givenFields(dto: object): string[] {
  return Object.entries(dto)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}
