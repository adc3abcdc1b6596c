import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Case } from '../cases/case.entities';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException, FieldError } from '../common/errors/app-exception';
import { localize } from '../common/i18n';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { presentFields } from '../common/validation/present-fields';
import { ScopePolicy } from '../identity/scope-policy.service';
import { Organization } from '../organizations/organization.entity';
import { PersonsService } from '../persons/persons.service';
import {
  ApproveDto,
  CloseDto,
  CreateGrantDto,
  DisburseDto,
  GrantResponse,
  ListGrantsQuery,
  OptionalReasonDto,
  ReasonDto,
} from './dto/grant.dto';
import { GrantCriteria } from './grant-criteria';
import { GrantScope } from './grant-scope';
import {
  GrantAsset,
  GrantAssetEvent,
  GrantEvent,
  Grant,
  GrantItem,
  GrantStatus,
  MAX_AMOUNT_IDR,
} from './grant.entities';
import { GrantErrorCode } from './grants.errors';

export const GRANT_READ_PURPOSE = 'GRANT_VIEW';

export type GrantAction = 'approve' | 'reject' | 'withdraw' | 'undo-approval' | 'disburse' | 'close';

/** The lifecycle (DESIGN.md §4): which action each status allows. Terminal statuses allow none. */
export const GRANT_ACTIONS: Record<GrantStatus, readonly GrantAction[]> = {
  SUBMITTED: ['approve', 'reject', 'withdraw'],
  APPROVED: ['undo-approval', 'disburse'],
  DISBURSED: ['close'],
  CLOSED: [],
  REJECTED: [],
  WITHDRAWN: [],
};

interface LockedBudget {
  id: string;
  total_idr: string;
  committed_idr: string;
}

/** Grants: propose, read, and move through the lifecycle; approval draws on the regency's budget under a lock. */
@Injectable()
export class GrantsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly grantScope: GrantScope,
    private readonly audit: AuditService,
    private readonly persons: PersonsService,
    private readonly criteria: GrantCriteria,
  ) {}

  async create(ctx: RequestContext, dto: CreateGrantDto): Promise<GrantResponse> {
    const principal = this.scope.principal(ctx);
    // BigInt: 50 items × 1000 units × Rp 10^13 would lose precision as a JavaScript number before the check.
    const total = dto.items.reduce((sum, i) => sum + BigInt(i.quantity) * BigInt(i.unitValueIdr), 0n);
    if (total > BigInt(MAX_AMOUNT_IDR))
      throw new AppException(GrantErrorCode.GRANT_TOTAL_TOO_LARGE, { max: MAX_AMOUNT_IDR });
    return this.tx.run(ctx, async (em) => {
      const person = await this.persons.load(ctx, em, dto.personId);
      this.persons.assertWritable(person);
      if (dto.caseId !== undefined) await this.assertCase(ctx, em, dto.caseId, person.id);
      const organization = await em
        .getRepository(Organization)
        .findOneOrFail({ where: { id: principal.organizationId } });
      // The person's domicile decides whose budget pays; without one, the proposing office's own regency.
      const regencyCode =
        person.domicileRegencyCode ??
        (organization.regionCode.length >= 4 ? organization.regionCode.slice(0, 4) : null);
      if (!regencyCode) throw new AppException(GrantErrorCode.GRANT_REGENCY_UNKNOWN);
      const year = Number(this.today(regencyCode).slice(0, 4));
      const statedSkill = dto.statedSkill ?? null;
      const criteria = await this.criteria.check(em, person.id, year, statedSkill, null);
      const grant = await em.getRepository(Grant).save(
        em.getRepository(Grant).create({
          personId: person.id,
          caseId: dto.caseId ?? null,
          regencyCode,
          year,
          proposingOrganizationId: organization.id,
          proposedBy: principal.id,
          businessPlan: dto.businessPlan,
          statedSkill,
          totalIdr: Number(total),
          status: 'SUBMITTED',
          criteria,
          criteriaPassed: criteria.every((c) => c.passed),
        }),
      );
      await em.getRepository(GrantItem).insert(
        dto.items.map((item, i) => ({
          grantId: grant.id,
          position: i + 1,
          kind: item.kind,
          description: item.description,
          quantity: item.quantity,
          unitValueIdr: item.unitValueIdr,
        })),
      );
      await this.event(ctx, em, grant.id, 'submit', null, 'SUBMITTED', null);
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'grant',
        resourceId: grant.id,
        personId: person.id,
        changedFields: presentFields(dto),
      });
      return this.view(ctx, em, grant);
    });
  }

  async get(ctx: RequestContext, id: string): Promise<GrantResponse> {
    const em = this.tx.manager(ctx);
    const grant = await this.load(ctx, em, id);
    const response = await this.view(ctx, em, grant);
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'grant',
      resourceId: id,
      personId: grant.personId,
      purpose: GRANT_READ_PURPOSE,
    });
    return response;
  }

  async list(ctx: RequestContext, query: ListGrantsQuery): Promise<Page<GrantResponse>> {
    const page = await this.findPage(ctx, query);
    await this.audit.recordMany(
      ctx,
      page.data.map((g) => ({
        action: 'READ',
        resourceType: 'grant',
        resourceId: g.id,
        personId: g.personId,
        purpose: GRANT_READ_PURPOSE,
      })),
    );
    return page;
  }

  /** One page of the list, not audited: the list audits it as READ, the export (src/exports) as EXPORT. */
  async findPage(ctx: RequestContext, query: ListGrantsQuery): Promise<Page<GrantResponse>> {
    const em = this.tx.manager(ctx);
    const condition = this.grantScope.grants(ctx, 'g');
    const qb = em.getRepository(Grant).createQueryBuilder('g').where(condition.sql, condition.params);
    if (query.status) qb.andWhere('g.status = :status', { status: query.status });
    if (query.personId) qb.andWhere('g.person_id = :personId', { personId: query.personId });
    if (query.year !== undefined) qb.andWhere('g.year = :year', { year: query.year });
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'g.createdAt', value: (g) => g.createdAt.toISOString(), type: 'timestamp' },
        { expression: 'g.id', value: (g) => g.id, type: 'string' },
      ],
      (g) => g,
    );
    return { data: await this.views(ctx, em, page.data), page: page.page };
  }

  /**
   * Approval never overspends: the budget row of the grant's regency and year is locked (FOR UPDATE) in this
   * transaction, so concurrent approvals queue on it and each sees the committed amount the previous one left.
   * The CHECK (committed ≤ total) on the table backs this up.
   */
  async approve(ctx: RequestContext, id: string, dto: ApproveDto): Promise<GrantResponse> {
    return this.transition(ctx, id, 'approve', async (em, grant) => {
      // The person's row serialises approvals of one person's grants, so the "no recent grant" check holds.
      await em.query(`SELECT id FROM persons WHERE id = $1 FOR UPDATE`, [grant.personId]);
      const criteria = await this.criteria.check(em, grant.personId, grant.year, grant.statedSkill, grant.id);
      const failed = criteria.filter((c) => !c.passed);
      if (failed.length > 0 && !dto.criteriaOverrideReason) {
        throw new AppException(
          GrantErrorCode.GRANT_CRITERIA_FAILED,
          { failed: failed.map((c) => c.code).join(', ') },
          undefined,
          undefined,
          { criteria: failed.map((c) => ({ code: c.code, reason: localize(c.reason, ctx.lang) })) },
        );
      }
      const [budget]: LockedBudget[] = await em.query(
        `SELECT id, total_idr, committed_idr FROM grant_budgets WHERE regency_code = $1 AND year = $2 FOR UPDATE`,
        [grant.regencyCode, grant.year],
      );
      if (!budget) throw new AppException(GrantErrorCode.BUDGET_MISSING, { code: grant.regencyCode, year: grant.year });
      const available = Number(budget.total_idr) - Number(budget.committed_idr);
      if (grant.totalIdr > available) {
        throw new AppException(
          GrantErrorCode.BUDGET_EXCEEDED,
          { total: grant.totalIdr, available, code: grant.regencyCode, year: grant.year },
          undefined,
          undefined,
          { availableIdr: available, totalIdr: grant.totalIdr },
        );
      }
      await em.query(
        `UPDATE grant_budgets SET committed_idr = committed_idr + $2, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [budget.id, grant.totalIdr],
      );
      grant.criteria = criteria;
      grant.criteriaPassed = failed.length === 0;
      grant.criteriaOverrideReason = failed.length > 0 ? (dto.criteriaOverrideReason ?? null) : null;
      grant.budgetId = budget.id;
      grant.approvedAt = new Date();
      grant.approvedBy = this.scope.principal(ctx).id;
      return { to: 'APPROVED', note: grant.criteriaOverrideReason, fields: ['status', 'budget'] };
    });
  }

  async reject(ctx: RequestContext, id: string, dto: ReasonDto): Promise<GrantResponse> {
    return this.transition(ctx, id, 'reject', async (_em, grant) => {
      grant.rejectionReason = dto.reason;
      return { to: 'REJECTED', note: dto.reason, fields: ['status', 'rejectionReason'] };
    });
  }

  async withdraw(ctx: RequestContext, id: string, dto: OptionalReasonDto): Promise<GrantResponse> {
    return this.transition(ctx, id, 'withdraw', async (_em, grant) => {
      if (grant.proposingOrganizationId !== this.scope.principal(ctx).organizationId) {
        throw new AppException(GrantErrorCode.GRANT_NOT_PROPOSER);
      }
      grant.withdrawalReason = dto.reason ?? null;
      return { to: 'WITHDRAWN', note: dto.reason ?? null, fields: ['status'] };
    });
  }

  /** Back to SUBMITTED before disbursement: the committed amount returns to the budget, under the same lock. */
  async undoApproval(ctx: RequestContext, id: string, dto: OptionalReasonDto): Promise<GrantResponse> {
    return this.transition(ctx, id, 'undo-approval', async (em, grant) => {
      await em.query(`SELECT id FROM grant_budgets WHERE id = $1 FOR UPDATE`, [grant.budgetId]);
      await em.query(
        `UPDATE grant_budgets SET committed_idr = committed_idr - $2, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [grant.budgetId, grant.totalIdr],
      );
      grant.budgetId = null;
      grant.approvedAt = null;
      grant.approvedBy = null;
      // A fresh approval must decide on failing criteria again.
      grant.criteriaOverrideReason = null;
      return { to: 'SUBMITTED', note: dto.reason ?? null, fields: ['status', 'budget'] };
    });
  }

  /** The BAST: records the handover and turns each unit of an in-kind item into an asset with a serial number. */
  async disburse(ctx: RequestContext, id: string, dto: DisburseDto): Promise<GrantResponse> {
    return this.transition(ctx, id, 'disburse', async (em, grant) => {
      const today = this.today(grant.regencyCode);
      const approvedOn = todayIn(timeZoneOfRegion(grant.regencyCode), grant.approvedAt ?? new Date());
      if (dto.date > today)
        this.dateError('date', { id: 'tidak boleh di masa depan', en: 'must not be in the future' });
      if (dto.date < approvedOn) {
        this.dateError('date', { id: 'tidak boleh sebelum persetujuan', en: 'must not be before the approval' });
      }
      const items = await em
        .getRepository(GrantItem)
        .find({ where: { grantId: grant.id }, order: { position: 'ASC' } });
      const serials = this.serials(grant, items, dto.serials ?? {});
      const all = [...serials.values()].flat();
      const taken: { serial_number: string }[] = await em.query(
        `SELECT serial_number FROM grant_assets WHERE serial_number = ANY($1)`,
        [all],
      );
      if (taken.length > 0) {
        throw new AppException(GrantErrorCode.ASSET_SERIAL_TAKEN, {
          serials: taken.map((t) => t.serial_number).join(', '),
        });
      }
      const principal = this.scope.principal(ctx);
      for (const item of items) {
        for (const serialNumber of serials.get(item.id) ?? []) {
          const asset = await em.getRepository(GrantAsset).save(
            em.getRepository(GrantAsset).create({
              grantId: grant.id,
              grantItemId: item.id,
              kind: item.kind as GrantAsset['kind'],
              description: item.description,
              serialNumber,
              status: 'IN_USE',
              statusOn: dto.date,
            }),
          );
          await em.getRepository(GrantAssetEvent).insert({
            assetId: asset.id,
            status: 'IN_USE',
            occurredOn: dto.date,
            note: `BAST ${dto.documentReference}`,
            recordedBy: principal.id,
          });
        }
      }
      await em.query(
        `UPDATE grant_budgets SET disbursed_idr = disbursed_idr + $2, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [grant.budgetId, grant.totalIdr],
      );
      grant.disbursedOn = dto.date;
      grant.receiverName = dto.receiverName;
      grant.witnessName = dto.witnessName;
      grant.documentReference = dto.documentReference;
      return { to: 'DISBURSED', note: `BAST ${dto.documentReference}`, fields: ['status', 'bast', 'assets'] };
    });
  }

  async close(ctx: RequestContext, id: string, dto: CloseDto): Promise<GrantResponse> {
    return this.transition(ctx, id, 'close', async (_em, grant) => {
      const today = this.today(grant.regencyCode);
      const date = dto.date ?? today;
      if (date > today) this.dateError('date', { id: 'tidak boleh di masa depan', en: 'must not be in the future' });
      if (grant.disbursedOn && date < grant.disbursedOn) {
        this.dateError('date', { id: 'tidak boleh sebelum serah terima', en: 'must not be before the handover' });
      }
      grant.closedOn = date;
      grant.closingNote = dto.note ?? null;
      return { to: 'CLOSED', note: dto.note ?? null, fields: ['status', 'closedOn'] };
    });
  }

  /** A grant the caller may see, or 404 (missing, malformed id and out of scope alike). */
  async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<Grant> {
    if (!isUuid(id)) throw new AppException(GrantErrorCode.GRANT_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.grantScope.grants(ctx, 'g');
    const qb = em
      .getRepository(Grant)
      .createQueryBuilder('g')
      .where('g.id = :id', { id })
      .andWhere(condition.sql, condition.params);
    if (lock) qb.setLock('pessimistic_write');
    const found = await qb.getOne();
    if (!found) throw new AppException(GrantErrorCode.GRANT_NOT_FOUND, { id });
    return found;
  }

  async view(ctx: RequestContext, em: EntityManager, grant: Grant): Promise<GrantResponse> {
    return (await this.views(ctx, em, [grant]))[0];
  }

  async views(ctx: RequestContext, em: EntityManager, grants: Grant[]): Promise<GrantResponse[]> {
    if (grants.length === 0) return [];
    const ids = grants.map((g) => g.id);
    const items = await em.getRepository(GrantItem).find({ where: { grantId: In(ids) }, order: { position: 'ASC' } });
    const events = await em.getRepository(GrantEvent).find({ where: { grantId: In(ids) }, order: { seq: 'ASC' } });
    return grants.map((g) => ({
      id: g.id,
      personId: g.personId,
      caseId: g.caseId,
      regencyCode: g.regencyCode,
      year: g.year,
      proposingOrganizationId: g.proposingOrganizationId,
      businessPlan: g.businessPlan,
      statedSkill: g.statedSkill,
      items: items
        .filter((i) => i.grantId === g.id)
        .map((i) => ({
          id: i.id,
          position: i.position,
          kind: i.kind,
          description: i.description,
          quantity: i.quantity,
          unitValueIdr: i.unitValueIdr,
          totalIdr: i.quantity * i.unitValueIdr,
        })),
      totalIdr: g.totalIdr,
      status: g.status,
      criteria: g.criteria.map((c) => ({ code: c.code, passed: c.passed, reason: localize(c.reason, ctx.lang) })),
      criteriaPassed: g.criteriaPassed,
      criteriaOverrideReason: g.criteriaOverrideReason,
      budgetId: g.budgetId,
      approvedAt: g.approvedAt,
      rejectionReason: g.rejectionReason,
      bast:
        g.disbursedOn && g.receiverName && g.witnessName && g.documentReference
          ? {
              date: g.disbursedOn,
              receiverName: g.receiverName,
              witnessName: g.witnessName,
              documentReference: g.documentReference,
            }
          : null,
      closedOn: g.closedOn,
      allowedActions: [...GRANT_ACTIONS[g.status]],
      history: events
        .filter((e) => e.grantId === g.id)
        .map((e) => ({
          action: e.action,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          note: e.note,
          at: e.createdAt,
        })),
      version: g.version,
      createdAt: g.createdAt,
      updatedAt: g.updatedAt,
    }));
  }

  /**
   * One lifecycle step: the grant locked, the action checked against its status (409 naming what is allowed),
   * the change, its history event and its audit row, all in the request's transaction.
   */
  private async transition(
    ctx: RequestContext,
    id: string,
    action: GrantAction,
    work: (em: EntityManager, grant: Grant) => Promise<{ to: GrantStatus; note: string | null; fields: string[] }>,
  ): Promise<GrantResponse> {
    return this.tx.run(ctx, async (em) => {
      const grant = await this.load(ctx, em, id, true);
      const allowed = GRANT_ACTIONS[grant.status];
      if (!allowed.includes(action)) {
        throw new AppException(
          GrantErrorCode.GRANT_ACTION_NOT_ALLOWED,
          { action, status: grant.status, allowed: allowed.length > 0 ? allowed.join(', ') : '-' },
          undefined,
          undefined,
          { allowed },
        );
      }
      const [person] = await em.query(`SELECT restricted FROM persons WHERE id = $1`, [grant.personId]);
      // UU PDP: a restricted person's data is not processed further, grants included.
      if ((person as { restricted: boolean } | undefined)?.restricted) throw new AppException('PERSON_RESTRICTED');
      const from = grant.status;
      const change = await work(em, grant);
      grant.status = change.to;
      const saved = await em.getRepository(Grant).save(grant);
      await this.event(ctx, em, grant.id, action, from, change.to, change.note);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'grant',
        resourceId: grant.id,
        personId: grant.personId,
        changedFields: change.fields,
      });
      return this.view(ctx, em, saved);
    });
  }

  private async event(
    ctx: RequestContext,
    em: EntityManager,
    grantId: string,
    action: string,
    from: GrantStatus | null,
    to: GrantStatus,
    note: string | null,
  ): Promise<void> {
    await em.getRepository(GrantEvent).insert({
      grantId,
      action,
      fromStatus: from,
      toStatus: to,
      note,
      actorId: this.scope.principal(ctx).id,
    });
  }

  /**
   * Serial numbers per in-kind item: those given (one per unit, unique, for in-kind items of this grant) or
   * generated from the grant id, the item's position and the unit number, which cannot clash with another grant's.
   */
  private serials(grant: Grant, items: GrantItem[], given: Record<string, unknown>): Map<string, string[]> {
    const errors: FieldError[] = [];
    const inKind = items.filter((i) => i.kind !== 'CASH');
    for (const key of Object.keys(given)) {
      if (!inKind.some((i) => i.id === key)) {
        errors.push({
          field: `serials.${key.slice(0, 40)}`,
          message: { id: 'bukan barang hibah ini', en: 'not an in-kind item of this grant' },
        });
      }
    }
    const result = new Map<string, string[]>();
    const seen = new Set<string>();
    for (const item of inKind) {
      const value = given[item.id];
      let list: string[];
      if (value === undefined) {
        list = Array.from(
          { length: item.quantity },
          (_, n) =>
            `UEP-${grant.regencyCode}-${grant.year}-${grant.id}-${item.position}-${String(n + 1).padStart(3, '0')}`,
        );
      } else if (
        !Array.isArray(value) ||
        value.length !== item.quantity ||
        !value.every((s): s is string => typeof s === 'string' && s.trim().length > 0 && s.length <= 100)
      ) {
        errors.push({
          field: `serials.${item.id}`,
          message: {
            id: `harus daftar ${item.quantity} nomor seri (teks 1–100 karakter)`,
            en: `must be a list of ${item.quantity} serial numbers (text of 1–100 characters)`,
          },
        });
        continue;
      } else {
        list = value.map((s) => s.trim());
      }
      for (const serial of list) {
        if (seen.has(serial)) {
          errors.push({
            field: `serials.${item.id}`,
            message: { id: `berulang: ${serial}`, en: `repeated: ${serial}` },
          });
        }
        seen.add(serial);
      }
      result.set(item.id, list);
    }
    if (errors.length > 0) throw new AppException(GrantErrorCode.GRANT_SERIALS_INVALID, {}, errors);
    return result;
  }

  private async assertCase(ctx: RequestContext, em: EntityManager, caseId: string, personId: string): Promise<void> {
    const condition = this.scope.cases(ctx, 'c');
    const found = await em
      .getRepository(Case)
      .createQueryBuilder('c')
      .where('c.id = :caseId AND c.person_id = :personId', { caseId, personId })
      .andWhere(condition.sql, condition.params)
      .getExists();
    if (!found) throw new AppException(GrantErrorCode.GRANT_CASE_INVALID, { id: caseId });
  }

  today(regencyCode: string): string {
    return todayIn(timeZoneOfRegion(regencyCode));
  }

  private dateError(field: string, reason: { id: string; en: string }): never {
    throw new AppException(GrantErrorCode.GRANT_DATE_INVALID, { field, reason }, [{ field, message: reason }]);
  }
}
