import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { assertVersion, IfMatchVersion } from '../common/http/etag';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { presentFields } from '../common/validation/present-fields';
import { ScopePolicy } from '../identity/scope-policy.service';
import { PersonErrorCode } from '../persons/persons.errors';
import { PersonsService } from '../persons/persons.service';
import { RegionsService } from '../regions/regions.service';
import { BusinessScope } from './business-scope';
import { BusinessView } from './business-view';
import { Business } from './business.entities';
import { BusinessErrorCode } from './businesses.errors';
import {
  BusinessResponse,
  CreateBusinessDto,
  ListBusinessesQuery,
  NeedsInterventionItem,
  NeedsInterventionResponse,
  UpdateBusinessDto,
} from './dto/business.dto';

export const BUSINESS_READ_PURPOSE = 'BUSINESS_MONITORING';

/** Worst first (docs/empowerment-businesses.md "Needs intervention"). */
const REASON_RANK: Record<NeedsInterventionItem['reason'], number> = { TUTUP: 0, MENURUN: 1, SILENT: 2, STAGNAN: 3 };
const SILENT_FROM_MONTHS = 2;

/** Businesses: register, read, list, change, and the needs-intervention list. Reports and graduation elsewhere. */
@Injectable()
export class BusinessesService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly businessScope: BusinessScope,
    private readonly audit: AuditService,
    private readonly persons: PersonsService,
    private readonly regions: RegionsService,
    private readonly businessView: BusinessView,
  ) {}

  async create(ctx: RequestContext, dto: CreateBusinessDto): Promise<BusinessResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const person = await this.owner(ctx, em, dto.personId);
      await this.assertVillage(ctx, dto.villageCode);
      if (dto.grantId) await this.assertGrant(em, dto.grantId);
      if (dto.startDate > this.businessView.today(dto)) {
        throw new AppException(BusinessErrorCode.BUSINESS_DATE_INVALID, {
          field: 'startDate',
          reason: { id: 'tidak boleh di masa depan', en: 'must not be in the future' },
        });
      }
      const repository = em.getRepository(Business);
      const saved = await repository.save(
        repository.create({
          personId: person.id,
          grantId: dto.grantId ?? null,
          sector: dto.sector,
          name: dto.name,
          villageCode: dto.villageCode,
          startDate: dto.startDate,
          workers: dto.workers,
          graduatedOn: null,
          graduatedBy: null,
          graduationNote: null,
          createdBy: principal.id,
        }),
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'business',
        resourceId: saved.id,
        personId: person.id,
        changedFields: presentFields(dto),
      });
      // Reload for the generated regency code and defaults.
      return this.businessView.view(await this.load(ctx, em, saved.id), []);
    });
  }

  async get(ctx: RequestContext, id: string): Promise<BusinessResponse> {
    const em = this.tx.manager(ctx);
    const found = await this.load(ctx, em, id);
    const [view] = await this.businessView.views(em, [found]);
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'business',
      resourceId: id,
      personId: found.personId,
      purpose: BUSINESS_READ_PURPOSE,
    });
    return view;
  }

  async list(ctx: RequestContext, query: ListBusinessesQuery): Promise<Page<BusinessResponse>> {
    const page = await this.findPage(ctx, query);
    await this.auditReads(ctx, page.data);
    return page;
  }

  /**
   * One page of the list, not audited: the list audits it as READ, the export (src/exports) as EXPORT. The export
   * filters by growth status itself, page by page, rather than through `status` here, which evaluates every
   * business in scope for each page.
   */
  async findPage(ctx: RequestContext, query: ListBusinessesQuery): Promise<Page<BusinessResponse>> {
    const em = this.tx.manager(ctx);
    const qb = this.scoped(ctx, em);
    if (query.personId) qb.andWhere('b.person_id = :personId', { personId: query.personId });
    if (query.status) {
      // The status is derived, so the matching ids are found first and the page is cut from them.
      const ids = (await this.evaluateAll(ctx, em)).filter((v) => v.growth.status === query.status).map((v) => v.id);
      if (ids.length === 0) qb.andWhere('FALSE');
      else qb.andWhere('b.id IN (:...statusIds)', { statusIds: ids });
    }
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'b.createdAt', value: (b) => b.createdAt.toISOString(), type: 'timestamp' },
        { expression: 'b.id', value: (b) => b.id, type: 'string' },
      ],
      (b) => b,
    );
    return { data: await this.businessView.views(em, page.data), page: page.page };
  }

  /**
   * TUTUP, MENURUN, silent (no report for 2+ complete months before the current one) and STAGNAN businesses in
   * scope, worst first: by reason in that order, then the longest silence, then the largest fall, then the oldest.
   * Graduated businesses are left out: their owner no longer receives programme support.
   */
  async needsIntervention(ctx: RequestContext): Promise<NeedsInterventionResponse> {
    const em = this.tx.manager(ctx);
    const items: Omit<NeedsInterventionItem, 'rank'>[] = [];
    for (const business of await this.evaluateAll(ctx, em)) {
      if (business.graduation) continue;
      const { status, silentMonths } = business.growth;
      const reason =
        status === 'TUTUP' || status === 'MENURUN'
          ? status
          : silentMonths >= SILENT_FROM_MONTHS
            ? 'SILENT'
            : status === 'STAGNAN'
              ? 'STAGNAN'
              : null;
      if (reason) items.push({ reason, business });
    }
    items.sort(
      (a, b) =>
        REASON_RANK[a.reason] - REASON_RANK[b.reason] ||
        b.business.growth.silentMonths - a.business.growth.silentMonths ||
        (a.business.growth.changePercent ?? 0) - (b.business.growth.changePercent ?? 0) ||
        a.business.createdAt.getTime() - b.business.createdAt.getTime() ||
        (a.business.id < b.business.id ? -1 : 1),
    );
    const rows = items.map((item, i) => ({ rank: i + 1, ...item }));
    await this.audit.recordMany(
      ctx,
      rows.map((r) => ({
        action: 'READ',
        resourceType: 'business',
        resourceId: r.business.id,
        personId: r.business.personId,
        purpose: BUSINESS_READ_PURPOSE,
      })),
    );
    return { data: rows, total: rows.length };
  }

  async update(
    ctx: RequestContext,
    id: string,
    expected: IfMatchVersion,
    dto: UpdateBusinessDto,
  ): Promise<BusinessResponse> {
    return this.tx.run(ctx, async (em) => {
      const found = await this.load(ctx, em, id, true);
      assertVersion(expected, found.version);
      if (dto.villageCode !== undefined) {
        await this.assertVillage(ctx, dto.villageCode);
        found.villageCode = dto.villageCode;
      }
      if (dto.grantId !== undefined) {
        await this.assertGrant(em, dto.grantId);
        found.grantId = dto.grantId;
      }
      if (dto.sector !== undefined) found.sector = dto.sector;
      if (dto.name !== undefined) found.name = dto.name;
      if (dto.workers !== undefined) found.workers = dto.workers;
      await em.getRepository(Business).save(found);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'business',
        resourceId: id,
        personId: found.personId,
        changedFields: presentFields(dto),
      });
      const [view] = await this.businessView.views(em, [await this.load(ctx, em, id)]);
      return view;
    });
  }

  /** A business the caller may see, or 404 (missing, malformed id and out of scope alike). */
  async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<Business> {
    if (!isUuid(id)) throw new AppException(BusinessErrorCode.BUSINESS_NOT_FOUND, { id: id.slice(0, 40) });
    const qb = this.scoped(ctx, em).andWhere('b.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const found = await qb.getOne();
    if (!found) throw new AppException(BusinessErrorCode.BUSINESS_NOT_FOUND, { id });
    return found;
  }

  /** Every business in scope with its derived status: the province has a few hundred, so this stays small. */
  private async evaluateAll(ctx: RequestContext, em: EntityManager): Promise<BusinessResponse[]> {
    const all = await this.scoped(ctx, em).orderBy('b.created_at').addOrderBy('b.id').getMany();
    return this.businessView.views(em, all);
  }

  private scoped(ctx: RequestContext, em: EntityManager) {
    const condition = this.businessScope.condition(ctx, 'b');
    return em.getRepository(Business).createQueryBuilder('b').where(condition.sql, condition.params);
  }

  private async auditReads(ctx: RequestContext, businesses: BusinessResponse[]): Promise<void> {
    await this.audit.recordMany(
      ctx,
      businesses.map((b) => ({
        action: 'READ',
        resourceType: 'business',
        resourceId: b.id,
        personId: b.personId,
        purpose: BUSINESS_READ_PURPOSE,
      })),
    );
  }

  /** The owner: a person the caller can see (else 422, as for any reference), active and not restricted. */
  private async owner(ctx: RequestContext, em: EntityManager, personId: string) {
    try {
      const person = await this.persons.load(ctx, em, personId);
      this.persons.assertWritable(person);
      return person;
    } catch (error) {
      if (error instanceof AppException && error.code === PersonErrorCode.PERSON_NOT_FOUND)
        throw new AppException(CommonErrorCode.REFERENCE_NOT_FOUND, { field: 'personId' });
      throw error;
    }
  }

  /** An existing village (not a district or regency) where the caller may place a business. */
  private async assertVillage(ctx: RequestContext, code: string): Promise<void> {
    const region = await this.regions.assertExists(code, 'villageCode');
    if (region.level !== 'VILLAGE') {
      throw new AppException(BusinessErrorCode.BUSINESS_VILLAGE_INVALID, {
        code,
        reason: { id: 'bukan kode desa/kelurahan', en: 'is not a village (kelurahan/desa) code' },
      });
    }
    const prefix = this.businessScope.villagePrefix(ctx);
    if (prefix === null || !code.startsWith(prefix)) {
      throw new AppException(BusinessErrorCode.BUSINESS_VILLAGE_INVALID, {
        code,
        reason: { id: 'di luar wilayah kerja Anda', en: 'is outside your area' },
      });
    }
  }

  /**
   * The grants table belongs to the grants module and may not exist in this schema yet (no foreign key, see the
   * migration); once it does, the grant must exist.
   */
  private async assertGrant(em: EntityManager, grantId: string): Promise<void> {
    const [table] = (await em.query(`SELECT to_regclass('public.grants') IS NOT NULL AS present`)) as {
      present: boolean;
    }[];
    if (!table.present) return;
    const rows = (await em.query(`SELECT 1 FROM grants WHERE id = $1`, [grantId])) as unknown[];
    if (rows.length === 0) throw new AppException(CommonErrorCode.REFERENCE_NOT_FOUND, { field: 'grantId' });
  }
}
