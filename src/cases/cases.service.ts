import { presentFields } from '../common/validation/present-fields';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { assertVersion, IfMatchVersion } from '../common/http/etag';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { User } from '../identity/user.entity';
import { ScopePolicy } from '../identity/scope-policy.service';
import { Organization } from '../organizations/organization.entity';
import { PersonsService } from '../persons/persons.service';
import { PpksCategory } from '../ppks/ppks.entities';
import { CaseTimeline } from './case-timeline';
import { Case, CaseResidence, CaseStage } from './case.entities';
import { CaseErrorCode } from './cases.errors';
import { CaseResponse, CloseCaseDto, CreateCaseDto, ListCasesQuery, MoveStageDto, UpdateCaseDto } from './dto/case.dto';

/** The organisation type that manages each kind of case. */
const MANAGED_BY = { RESIDENTIAL: 'UPT', COMMUNITY: 'REGENCY_OFFICE' } as const;
export const CASE_READ_PURPOSE = 'CASE_VIEW';

/** Cases: open, read, list, change, move through the stages, close. Residence lives in ResidenceService. */
@Injectable()
export class CasesService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
    private readonly persons: PersonsService,
    private readonly timeline: CaseTimeline,
  ) {}

  async create(ctx: RequestContext, dto: CreateCaseDto): Promise<CaseResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const person = await this.persons.load(ctx, em, dto.personId);
      this.persons.assertWritable(person);
      const organization = await this.managingOrganization(
        ctx,
        em,
        dto.managingOrganizationId ?? principal.organizationId,
      );
      if (organization.type !== MANAGED_BY[dto.kind]) {
        throw new AppException(CaseErrorCode.CASE_ORGANIZATION_KIND, {
          kind: dto.kind,
          expected: MANAGED_BY[dto.kind],
          type: organization.type,
        });
      }
      const stages = await this.stages(em);
      const stage = dto.stage ?? stages[0].code;
      if (!stages.some((s) => s.code === stage)) throw new AppException(CaseErrorCode.CASE_UNKNOWN_STAGE, { stage });
      if (dto.ppksCategory) await this.assertPpks(em, dto.ppksCategory);
      const today = this.today(organization.regionCode);
      const openedOn = dto.openedOn ?? today;
      this.assertNotFuture('openedOn', openedOn, today);
      await this.assertWorkers(em, organization.id, dto.assignedWorkerIds ?? []);
      if (dto.kind === 'RESIDENTIAL') await this.assertNoOpenResidential(em, person.id);
      const saved = await em.getRepository(Case).save(
        em.getRepository(Case).create({
          personId: person.id,
          managingOrganizationId: organization.id,
          kind: dto.kind,
          ppksCode: dto.ppksCategory ?? null,
          severity: dto.severity ?? null,
          stageCode: stage,
          openedOn,
          assignedWorkerIds: dto.assignedWorkerIds ?? [],
        }),
      );
      await this.timeline.record(ctx, saved.id, 'OPENED', openedOn, {
        data: { kind: dto.kind, stage, organizationId: organization.id },
      });
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'case',
        resourceId: saved.id,
        personId: person.id,
        changedFields: presentFields(dto),
      });
      return this.view(ctx, em, saved);
    });
  }

  async get(ctx: RequestContext, id: string): Promise<CaseResponse> {
    const em = this.tx.manager(ctx);
    const found = await this.load(ctx, em, id);
    const response = await this.view(ctx, em, found);
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'case',
      resourceId: id,
      personId: found.personId,
      purpose: CASE_READ_PURPOSE,
    });
    return response;
  }

  async list(ctx: RequestContext, query: ListCasesQuery): Promise<Page<CaseResponse>> {
    const page = await this.findPage(ctx, query);
    await this.audit.recordMany(
      ctx,
      page.data.map((c) => ({
        action: 'READ',
        resourceType: 'case',
        resourceId: c.id,
        personId: c.personId,
        purpose: CASE_READ_PURPOSE,
      })),
    );
    return page;
  }

  /** One page of the list, not audited: the list audits it as READ, the export (src/exports) as EXPORT. */
  async findPage(ctx: RequestContext, query: ListCasesQuery): Promise<Page<CaseResponse>> {
    const em = this.tx.manager(ctx);
    const condition = this.scope.cases(ctx, 'c');
    const qb = em.getRepository(Case).createQueryBuilder('c').where(condition.sql, condition.params);
    if (query.personId) qb.andWhere('c.person_id = :personId', { personId: query.personId });
    if (query.organizationId) qb.andWhere('c.managing_organization_id = :org', { org: query.organizationId });
    if (query.kind) qb.andWhere('c.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.stage) qb.andWhere('c.stage_code = :stage', { stage: query.stage });
    if (query.longStay !== undefined) {
      const exists = `EXISTS (SELECT 1 FROM case_residences r WHERE r.case_id = c.id AND r.discharged_on IS NULL
        AND r.admitted_on <= (now() AT TIME ZONE 'Asia/Jakarta')::date - interval '12 months')`;
      qb.andWhere(query.longStay === 'true' ? exists : `NOT ${exists}`);
    }
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'c.openedOn', value: (c) => c.openedOn, type: 'string' },
        { expression: 'c.id', value: (c) => c.id, type: 'string' },
      ],
      (c) => c,
    );
    return { data: await this.views(ctx, em, page.data), page: page.page };
  }

  async update(ctx: RequestContext, id: string, expected: IfMatchVersion, dto: UpdateCaseDto): Promise<CaseResponse> {
    return this.tx.run(ctx, async (em) => {
      const found = await this.loadOpen(ctx, em, id);
      assertVersion(expected, found.version);
      if (dto.ppksCategory !== undefined) {
        await this.assertPpks(em, dto.ppksCategory);
        found.ppksCode = dto.ppksCategory;
      }
      if (dto.severity !== undefined) found.severity = dto.severity;
      if (dto.assignedWorkerIds !== undefined) {
        await this.assertWorkers(em, found.managingOrganizationId, dto.assignedWorkerIds);
        found.assignedWorkerIds = dto.assignedWorkerIds;
      }
      const saved = await em.getRepository(Case).save(found);
      await this.timeline.record(ctx, id, 'UPDATED', await this.todayOf(em, found), {
        data: { fields: presentFields(dto) },
      });
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'case',
        resourceId: id,
        personId: found.personId,
        changedFields: presentFields(dto),
      });
      return this.view(ctx, em, saved);
    });
  }

  /** Stages are data; a case moves one step forward or back, with a note. */
  async moveStage(ctx: RequestContext, id: string, dto: MoveStageDto): Promise<CaseResponse> {
    return this.tx.run(ctx, async (em) => {
      const found = await this.loadOpen(ctx, em, id);
      const stages = await this.stages(em);
      const index = stages.findIndex((s) => s.code === found.stageCode);
      if (!stages.some((s) => s.code === dto.to))
        throw new AppException(CaseErrorCode.CASE_UNKNOWN_STAGE, { stage: dto.to });
      const allowed = [stages[index - 1], stages[index + 1]]
        .filter((s): s is CaseStage => s !== undefined)
        .map((s) => s.code);
      if (!allowed.includes(dto.to)) {
        throw new AppException(
          CaseErrorCode.CASE_STAGE_JUMP,
          { from: found.stageCode, allowed: allowed.join(', ') },
          undefined,
          undefined,
          {
            allowed,
          },
        );
      }
      const from = found.stageCode;
      found.stageCode = dto.to;
      const saved = await em.getRepository(Case).save(found);
      await this.timeline.record(ctx, id, 'STAGE_CHANGED', await this.todayOf(em, found), {
        note: dto.note,
        data: { from, to: dto.to },
      });
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'case',
        resourceId: id,
        personId: found.personId,
        changedFields: ['stage'],
      });
      return this.view(ctx, em, saved);
    });
  }

  async close(ctx: RequestContext, id: string, dto: CloseCaseDto): Promise<CaseResponse> {
    return this.tx.run(ctx, async (em) => {
      const found = await this.loadOpen(ctx, em, id);
      if (await em.getRepository(CaseResidence).exists({ where: { caseId: id, dischargedOn: IsNull() } })) {
        throw new AppException(CaseErrorCode.CASE_STILL_RESIDENT);
      }
      const today = await this.todayOf(em, found);
      const closedOn = dto.closedOn ?? today;
      this.assertNotFuture('closedOn', closedOn, today);
      if (closedOn < found.openedOn)
        this.dateError('closedOn', {
          id: 'tidak boleh sebelum tanggal dibuka',
          en: 'must not be before the opening date',
        });
      const saved = await this.closeCase(ctx, em, found, dto.outcome, closedOn, dto.note ?? null);
      return this.view(ctx, em, saved);
    });
  }

  /** Closes a loaded, locked, open case; shared with discharge. */
  async closeCase(
    ctx: RequestContext,
    em: EntityManager,
    found: Case,
    outcome: Case['outcome'],
    closedOn: string,
    note: string | null,
  ): Promise<Case> {
    found.status = 'CLOSED';
    found.outcome = outcome;
    found.closedOn = closedOn;
    found.closedAt = new Date();
    found.closingNote = note;
    const saved = await em.getRepository(Case).save(found);
    // Scheduled visits of a closed case are no longer due.
    await em.query(
      `UPDATE case_follow_ups SET cancelled_at = now() WHERE case_id = $1 AND visit_id IS NULL AND cancelled_at IS NULL`,
      [found.id],
    );
    await this.timeline.record(ctx, found.id, 'CLOSED', closedOn, { note, data: { outcome } });
    await this.audit.record(ctx, {
      action: 'UPDATE',
      resourceType: 'case',
      resourceId: found.id,
      personId: found.personId,
      changedFields: ['status', 'outcome'],
    });
    return saved;
  }

  /** A case the caller may see, or 404 (missing, malformed id and out of scope alike). */
  async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<Case> {
    if (!isUuid(id)) throw new AppException(CaseErrorCode.CASE_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.scope.cases(ctx, 'c');
    const qb = em
      .getRepository(Case)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .andWhere(condition.sql, condition.params);
    if (lock) qb.setLock('pessimistic_write');
    const found = await qb.getOne();
    if (!found) throw new AppException(CaseErrorCode.CASE_NOT_FOUND, { id });
    return found;
  }

  /** Locked, open, and its person not restricted: what every change of a case needs. */
  async loadOpen(ctx: RequestContext, em: EntityManager, id: string): Promise<Case> {
    const found = await this.load(ctx, em, id, true);
    if (found.status !== 'OPEN') throw new AppException(CaseErrorCode.CASE_CLOSED, { id });
    // The case is in scope; its person's restriction (UU PDP) still stops all processing.
    const [person] = await em.query(`SELECT restricted FROM persons WHERE id = $1`, [found.personId]);
    if ((person as { restricted: boolean } | undefined)?.restricted) throw new AppException('PERSON_RESTRICTED');
    return found;
  }

  async view(ctx: RequestContext, em: EntityManager, c: Case): Promise<CaseResponse> {
    return (await this.views(ctx, em, [c]))[0];
  }

  async views(_ctx: RequestContext, em: EntityManager, cases: Case[]): Promise<CaseResponse[]> {
    if (cases.length === 0) return [];
    const residences = await em
      .getRepository(CaseResidence)
      .find({ where: { caseId: In(cases.map((c) => c.id)) }, order: { admittedOn: 'ASC', createdAt: 'ASC' } });
    const latest = new Map(residences.map((r) => [r.caseId, r]));
    const organizations = await em
      .getRepository(Organization)
      .find({ where: { id: In([...new Set(cases.map((c) => c.managingOrganizationId))]) } });
    const regionOf = new Map(organizations.map((o) => [o.id, o.regionCode]));
    return cases.map((c) => {
      const r = latest.get(c.id) ?? null;
      const today = this.today(regionOf.get(c.managingOrganizationId));
      return {
        id: c.id,
        personId: c.personId,
        managingOrganizationId: c.managingOrganizationId,
        kind: c.kind,
        ppksCategory: c.ppksCode,
        severity: c.severity,
        stage: c.stageCode,
        status: c.status,
        openedOn: c.openedOn,
        closedOn: c.closedOn,
        outcome: c.outcome,
        closingNote: c.closingNote,
        parentCaseId: c.parentCaseId,
        assignedWorkerIds: c.assignedWorkerIds,
        residence: r
          ? {
              organizationId: r.organizationId,
              admittedOn: r.admittedOn,
              ward: r.ward,
              dischargedOn: r.dischargedOn,
              destinationVillageCode: r.destinationVillageCode,
              receivingName: r.receivingName,
              receivingRelation: r.receivingRelation,
              dischargeReason: r.dischargeReason,
            }
          : null,
        longStay: r !== null && r.dischargedOn === null && isLongStay(r.admittedOn, today),
        version: c.version,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      };
    });
  }

  async stages(em: EntityManager): Promise<CaseStage[]> {
    return em.getRepository(CaseStage).find({ where: { active: true }, order: { sortOrder: 'ASC' } });
  }

  today(regionCode: string | null | undefined): string {
    return todayIn(timeZoneOfRegion(regionCode));
  }

  async todayOf(em: EntityManager, c: Case): Promise<string> {
    const organization = await em.getRepository(Organization).findOne({ where: { id: c.managingOrganizationId } });
    return this.today(organization?.regionCode);
  }

  assertNotFuture(field: string, date: string, today: string): void {
    if (date > today) this.dateError(field, { id: 'tidak boleh di masa depan', en: 'must not be in the future' });
  }

  dateError(field: string, reason: { id: string; en: string }): never {
    throw new AppException(CaseErrorCode.CASE_DATE_INVALID, { field, reason }, [{ field, message: reason }]);
  }

  async assertNoOpenResidential(em: EntityManager, personId: string): Promise<void> {
    const open = await em.getRepository(Case).exists({ where: { personId, kind: 'RESIDENTIAL', status: 'OPEN' } });
    if (open) throw new AppException(CaseErrorCode.CASE_OPEN_RESIDENTIAL_EXISTS);
  }

  /** The managing organisation must exist, be active, and be one the caller may act for. */
  private async managingOrganization(ctx: RequestContext, em: EntityManager, id: string): Promise<Organization> {
    const organization = await em.getRepository(Organization).findOne({ where: { id } });
    if (!organization || !organization.active) {
      throw new AppException(CaseErrorCode.CASE_ORGANIZATION_KIND, {
        kind: '-',
        expected: 'UPT/REGENCY_OFFICE',
        type: 'UNKNOWN',
      });
    }
    this.scope.assertCanWriteOrganization(ctx, organization);
    return organization;
  }

  private async assertPpks(em: EntityManager, code: string): Promise<void> {
    if (!(await em.getRepository(PpksCategory).exists({ where: { code } }))) {
      throw new AppException('PERSON_UNKNOWN_PPKS_CATEGORY', { codes: code });
    }
  }

  private async assertWorkers(em: EntityManager, organizationId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const users = await em.getRepository(User).find({ where: { id: In(ids), organizationId, status: 'ACTIVE' } });
    const missing = ids.filter((id) => !users.some((u) => u.id === id));
    if (missing.length > 0) throw new AppException(CaseErrorCode.CASE_UNKNOWN_WORKER, { ids: missing.join(', ') });
  }
}

/** More than 12 months in a UPT: the regulation allows at most one year of stay (DOMAIN.md §4). */
export function isLongStay(admittedOn: string, today: string): boolean {
  const [y, m, d] = admittedOn.split('-').map(Number);
  const anniversary = `${String(y + 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return today > anniversary;
}
