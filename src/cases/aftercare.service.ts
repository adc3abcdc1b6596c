import { presentFields } from '../common/validation/present-fields';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { Page, paginate, PageQuery } from '../common/pagination/pagination';
import { ScopePolicy } from '../identity/scope-policy.service';
import { Organization } from '../organizations/organization.entity';
import { AftercareErrorCode } from './aftercare.errors';
import { assertStaffUser } from './assessments.service';
import { CaseTimeline } from './case-timeline';
import { Case, CaseEscalation, CaseFollowUp, CaseVisit } from './case.entities';
import { CASE_READ_PURPOSE, CasesService } from './cases.service';
import {
  addDays,
  CreateVisitDto,
  DUE_WINDOW_DAYS,
  EscalationResponse,
  FollowUpScheduleResponse,
  FollowUpView,
  ListFollowUpsQuery,
  PendingFollowUpView,
  ResolveEscalationDto,
  VisitResponse,
} from './dto/aftercare.dto';

/** A visit without followUpId fulfils a pending follow-up due up to this many days after it (an early visit). */
const FULFIL_WINDOW_DAYS = 15;
const ESCALATION_REASON_MAX = 2000;

/**
 * After-care (bimbingan lanjut) of COMMUNITY cases: visits that fulfil the follow-up schedule the handover set, the
 * overdue/due lists against each region's local day, and escalations that a relapse opens (resolved here, or turned
 * into a referral by the referrals module).
 */
@Injectable()
export class AftercareService {
  constructor(
    private readonly tx: Tx,
    private readonly cases: CasesService,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly scope: ScopePolicy,
  ) {}

  /** The clock every "today" here derives from; e2e tests pin it to an hour when WIB and WITA differ. */
  now(): Date {
    return new Date();
  }

  async createVisit(ctx: RequestContext, caseId: string, dto: CreateVisitDto): Promise<VisitResponse> {
    return this.tx.run(ctx, async (em) => {
      const found = await this.cases.loadOpen(ctx, em, caseId);
      if (found.kind !== 'COMMUNITY')
        throw new AppException(AftercareErrorCode.VISIT_CASE_NOT_COMMUNITY, { kind: found.kind });
      if (!dto.relapse) assertNoRelapseDetails(dto);
      const today = await this.todayOfCase(em, found);
      this.cases.assertNotFuture('visitedOn', dto.visitedOn, today);
      if (dto.visitedOn < found.openedOn) {
        this.cases.dateError('visitedOn', {
          id: 'tidak boleh sebelum kasus dibuka',
          en: 'must not be before the case was opened',
        });
      }
      if (dto.officerUserId)
        await assertStaffUser(em, found.managingOrganizationId, 'officerUserId', dto.officerUserId);
      // The case row is locked (loadOpen), so two visits cannot fulfil the same follow-up.
      const followUp = await this.followUpToFulfil(em, found.id, dto);
      const visit = await em.getRepository(CaseVisit).save(
        em.getRepository(CaseVisit).create({
          caseId: found.id,
          followUpId: followUp?.id ?? null,
          visitedOn: dto.visitedOn,
          officerName: dto.officerName,
          officerUserId: dto.officerUserId ?? null,
          findings: dto.findings,
          medicationAdherence: dto.medicationAdherence,
          livingSituation: dto.livingSituation ?? null,
          relapse: dto.relapse,
          recordedBy: ctx.principal?.id ?? null,
        }),
      );
      if (followUp) await em.update(CaseFollowUp, followUp.id, { visitId: visit.id });
      // Findings stay out of the timeline: they are the person's health, the timeline is a record of changes.
      await this.timeline.record(ctx, found.id, 'VISITED', dto.visitedOn, {
        data: {
          visitId: visit.id,
          followUpId: followUp?.id ?? null,
          medicationAdherence: dto.medicationAdherence,
          relapse: dto.relapse,
        },
      });
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'case-visit',
        resourceId: visit.id,
        personId: found.personId,
        changedFields: presentFields(dto),
      });
      const escalation = dto.relapse ? await this.escalate(ctx, em, found, visit, dto) : null;
      return VisitResponse.of(visit, escalation?.id ?? null);
    });
  }

  async listVisits(ctx: RequestContext, caseId: string, query: PageQuery): Promise<Page<VisitResponse>> {
    const em = this.tx.manager(ctx);
    const found = await this.cases.load(ctx, em, caseId);
    const qb = em.getRepository(CaseVisit).createQueryBuilder('v').where('v.case_id = :caseId', { caseId: found.id });
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'v.visitedOn', value: (v) => v.visitedOn, type: 'string' },
        { expression: 'v.id', value: (v) => v.id, type: 'string' },
      ],
      (v) => v,
    );
    const escalations = page.data.length
      ? await em.getRepository(CaseEscalation).find({ where: { visitId: In(page.data.map((v) => v.id)) } })
      : [];
    const escalationOf = new Map(escalations.map((e) => [e.visitId, e.id]));
    await this.auditRead(ctx, 'case-visit', found);
    return { data: page.data.map((v) => VisitResponse.of(v, escalationOf.get(v.id) ?? null)), page: page.page };
  }

  /** A case's whole schedule (a handful of rows), with each visit's status on the organisation's local day. */
  async caseFollowUps(ctx: RequestContext, caseId: string): Promise<FollowUpScheduleResponse> {
    const em = this.tx.manager(ctx);
    const found = await this.cases.load(ctx, em, caseId);
    const today = await this.todayOfCase(em, found);
    const rows = await em.getRepository(CaseFollowUp).find({ where: { caseId: found.id }, order: { sequence: 'ASC' } });
    await this.auditRead(ctx, 'case-follow-up', found);
    return { data: rows.map((f) => FollowUpView.of(f, today)) };
  }

  /**
   * Pending scheduled visits of open cases in the caller's scope, by due day. Overdue and due are judged against
   * the local day of each case's managing organisation: the SQL picks the WITA or WIB day by the organisation's
   * region code exactly as `timeZoneOfRegion` does (Kalimantan Timur, 64, is WITA; the rest WIB).
   */
  async listPending(ctx: RequestContext, query: ListFollowUpsQuery): Promise<Page<PendingFollowUpView>> {
    const em = this.tx.manager(ctx);
    const now = this.now();
    const condition = this.scope.cases(ctx, 'c');
    const localToday = `(CASE WHEN o.region_code LIKE '64%' THEN CAST(:todayWita AS date) ELSE CAST(:todayWib AS date) END)`;
    const statusFilter =
      query.status === 'overdue'
        ? `AND f.due_on < ${localToday}`
        : query.status === 'due'
          ? `AND f.due_on >= ${localToday} AND f.due_on <= ${localToday} + ${DUE_WINDOW_DAYS}`
          : '';
    // EXISTS rather than joins keeps the list builder's LIMIT on one table.
    const qb = em
      .getRepository(CaseFollowUp)
      .createQueryBuilder('f')
      .where('f.visit_id IS NULL AND f.cancelled_at IS NULL')
      .andWhere(
        `EXISTS (SELECT 1 FROM cases c JOIN organizations o ON o.id = c.managing_organization_id
          WHERE c.id = f.case_id AND c.status = 'OPEN' AND ${condition.sql} ${statusFilter})`,
        {
          ...condition.params,
          todayWib: todayIn(timeZoneOfRegion('35'), now),
          todayWita: todayIn(timeZoneOfRegion('64'), now),
        },
      );
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'f.dueOn', value: (f) => f.dueOn, type: 'string' },
        { expression: 'f.id', value: (f) => f.id, type: 'string' },
      ],
      (f) => f,
    );
    const caseIds = [...new Set(page.data.map((f) => f.caseId))];
    const cases = caseIds.length ? await em.getRepository(Case).find({ where: { id: In(caseIds) } }) : [];
    const caseOf = new Map(cases.map((c) => [c.id, c]));
    const regionOf = await this.regions(
      em,
      cases.map((c) => c.managingOrganizationId),
    );
    const data = page.data.map((f) => {
      const c = caseOf.get(f.caseId)!;
      const today = todayIn(timeZoneOfRegion(regionOf.get(c.managingOrganizationId)), now);
      return { ...FollowUpView.of(f, today), personId: c.personId, managingOrganizationId: c.managingOrganizationId };
    });
    await this.audit.recordMany(
      ctx,
      data.map((f) => ({
        action: 'READ',
        resourceType: 'case-follow-up',
        resourceId: f.id,
        personId: f.personId,
        purpose: CASE_READ_PURPOSE,
      })),
    );
    return { data, page: page.page };
  }

  async listEscalations(ctx: RequestContext, caseId: string, query: PageQuery): Promise<Page<EscalationResponse>> {
    const em = this.tx.manager(ctx);
    const found = await this.cases.load(ctx, em, caseId);
    const qb = em
      .getRepository(CaseEscalation)
      .createQueryBuilder('e')
      .where('e.case_id = :caseId', { caseId: found.id });
    const page = await paginate(
      qb,
      query,
      [
        // Milliseconds, like the cursor: PostgreSQL keeps microseconds, a JavaScript Date does not.
        {
          expression: "date_trunc('milliseconds', e.created_at)",
          value: (e) => e.createdAt.toISOString(),
          type: 'timestamp',
        },
        { expression: 'e.id', value: (e) => e.id, type: 'string' },
      ],
      (e) => EscalationResponse.of(e),
    );
    await this.auditRead(ctx, 'case-escalation', found);
    return page;
  }

  async resolveEscalation(
    ctx: RequestContext,
    caseId: string,
    escalationId: string,
    dto: ResolveEscalationDto,
  ): Promise<EscalationResponse> {
    return this.tx.run(ctx, async (em) => {
      const found = await this.cases.loadOpen(ctx, em, caseId);
      const escalation = isUuid(escalationId)
        ? await em.getRepository(CaseEscalation).findOne({ where: { id: escalationId, caseId: found.id } })
        : null;
      if (!escalation)
        throw new AppException(AftercareErrorCode.ESCALATION_NOT_FOUND, { id: escalationId.slice(0, 40) });
      return this.settle(ctx, em, found, escalation, { status: 'RESOLVED', resolution: dto.resolution });
    });
  }

  /** Open escalations of a case, oldest first: what the referrals module offers to turn into a referral. */
  async openEscalations(em: EntityManager, caseId: string): Promise<CaseEscalation[]> {
    return em
      .getRepository(CaseEscalation)
      .find({ where: { caseId, status: 'OPEN' }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * For the referrals module, in its transaction: the escalation became referral `referralId`. Same rules as a
   * resolution: the case in the caller's scope (else 404), open, its person not restricted, the escalation OPEN.
   */
  async markReferred(ctx: RequestContext, escalationId: string, referralId: string): Promise<EscalationResponse> {
    return this.tx.run(ctx, async (em) => {
      const condition = this.scope.cases(ctx, 'c');
      const visible = isUuid(escalationId)
        ? await em
            .getRepository(CaseEscalation)
            .createQueryBuilder('e')
            .where('e.id = :escalationId', { escalationId })
            .andWhere(`EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id AND ${condition.sql})`, condition.params)
            .getOne()
        : null;
      if (!visible) throw new AppException(AftercareErrorCode.ESCALATION_NOT_FOUND, { id: escalationId.slice(0, 40) });
      const found = await this.cases.loadOpen(ctx, em, visible.caseId);
      // Read again under the case lock: a resolution may have committed in between.
      const escalation = await em.getRepository(CaseEscalation).findOneOrFail({ where: { id: visible.id } });
      return this.settle(ctx, em, found, escalation, { status: 'REFERRED', referralId });
    });
  }

  /**
   * Ends an OPEN escalation, as resolved or referred. Its resolution text stays out of the timeline, like visit
   * findings: the person's health is not a record of changes.
   */
  private async settle(
    ctx: RequestContext,
    em: EntityManager,
    found: Case,
    escalation: CaseEscalation,
    change: { status: 'RESOLVED'; resolution: string } | { status: 'REFERRED'; referralId: string },
  ): Promise<EscalationResponse> {
    if (escalation.status !== 'OPEN') {
      throw new AppException(AftercareErrorCode.ESCALATION_NOT_OPEN, { id: escalation.id, status: escalation.status });
    }
    if (change.status === 'RESOLVED') {
      escalation.resolvedAt = new Date();
      escalation.resolution = change.resolution;
    } else {
      escalation.referralId = change.referralId;
    }
    escalation.status = change.status;
    const saved = await em.getRepository(CaseEscalation).save(escalation);
    await this.timeline.record(ctx, found.id, 'ESCALATION_RESOLVED', await this.todayOfCase(em, found), {
      data: { escalationId: saved.id, status: saved.status, referralId: saved.referralId },
    });
    await this.audit.record(ctx, {
      action: 'UPDATE',
      resourceType: 'case-escalation',
      resourceId: saved.id,
      personId: found.personId,
      changedFields: change.status === 'RESOLVED' ? ['status', 'resolution'] : ['status', 'referralId'],
    });
    return EscalationResponse.of(saved);
  }

  /** The named follow-up (pending, of this case), or the earliest pending one due by visitedOn + 15 days. */
  private async followUpToFulfil(em: EntityManager, caseId: string, dto: CreateVisitDto): Promise<CaseFollowUp | null> {
    const repository = em.getRepository(CaseFollowUp);
    if (dto.followUpId) {
      const named = await repository.findOne({ where: { id: dto.followUpId, caseId } });
      if (!named) {
        throw new AppException(AftercareErrorCode.FOLLOW_UP_NOT_FOUND, { id: dto.followUpId }, [
          {
            field: 'followUpId',
            message: { id: 'bukan jadwal kunjungan kasus ini', en: 'is not a follow-up of this case' },
          },
        ]);
      }
      if (named.visitId || named.cancelledAt) {
        throw new AppException(AftercareErrorCode.FOLLOW_UP_NOT_PENDING, {
          id: named.id,
          status: named.visitId ? 'DONE' : 'CANCELLED',
        });
      }
      return named;
    }
    return repository
      .createQueryBuilder('f')
      .where('f.case_id = :caseId AND f.visit_id IS NULL AND f.cancelled_at IS NULL', { caseId })
      .andWhere('f.due_on <= :until', { until: addDays(dto.visitedOn, FULFIL_WINDOW_DAYS) })
      .orderBy('f.due_on', 'ASC')
      .addOrderBy('f.sequence', 'ASC')
      .getOne();
  }

  private async escalate(
    ctx: RequestContext,
    em: EntityManager,
    found: Case,
    visit: CaseVisit,
    dto: CreateVisitDto,
  ): Promise<CaseEscalation> {
    const reason = dto.relapseNote ?? dto.findings.slice(0, ESCALATION_REASON_MAX);
    const escalation = await em.getRepository(CaseEscalation).save(
      em.getRepository(CaseEscalation).create({
        caseId: found.id,
        visitId: visit.id,
        reason,
        suggestedDestination: dto.suggestedDestination ?? null,
        status: 'OPEN',
        openedBy: ctx.principal?.id ?? null,
      }),
    );
    await this.timeline.record(ctx, found.id, 'ESCALATED', visit.visitedOn, {
      data: { escalationId: escalation.id, visitId: visit.id, suggestedDestination: escalation.suggestedDestination },
    });
    await this.audit.record(ctx, {
      action: 'CREATE',
      resourceType: 'case-escalation',
      resourceId: escalation.id,
      personId: found.personId,
      changedFields: ['reason', 'suggestedDestination'],
    });
    return escalation;
  }

  private async todayOfCase(em: EntityManager, c: Case): Promise<string> {
    const regionOf = await this.regions(em, [c.managingOrganizationId]);
    return todayIn(timeZoneOfRegion(regionOf.get(c.managingOrganizationId)), this.now());
  }

  private async regions(em: EntityManager, organizationIds: string[]): Promise<Map<string, string>> {
    if (organizationIds.length === 0) return new Map();
    const organizations = await em
      .getRepository(Organization)
      .find({ where: { id: In([...new Set(organizationIds)]) } });
    return new Map(organizations.map((o) => [o.id, o.regionCode]));
  }

  private async auditRead(ctx: RequestContext, resourceType: string, found: Case): Promise<void> {
    // Every row is about the case's one person: one event per read says who looked.
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType,
      resourceId: found.id,
      personId: found.personId,
      purpose: CASE_READ_PURPOSE,
    });
  }
}

function assertNoRelapseDetails(dto: CreateVisitDto): void {
  for (const field of ['relapseNote', 'suggestedDestination'] as const) {
    if (dto[field] !== undefined) {
      throw new AppException(AftercareErrorCode.VISIT_RELAPSE_DETAILS_WITHOUT_RELAPSE, { field }, [
        { field, message: { id: 'hanya bila relapse bernilai true', en: 'only when relapse is true' } },
      ]);
    }
  }
}
