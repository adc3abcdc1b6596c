import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CaseTimeline } from '../cases/case-timeline';
import { Case } from '../cases/case.entities';
import { CasesService } from '../cases/cases.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { isUuid } from '../common/ids';
import { localize } from '../common/i18n';
import { Page, paginate } from '../common/pagination/pagination';
import { AppConfig } from '../config/app-config';
import { Permission } from '../identity/permissions';
import { ScopePolicy } from '../identity/scope-policy.service';
import { OutboxService } from '../integration/outbox.service';
import { Organization } from '../organizations/organization.entity';
import { ConsentsService } from '../persons/consents.service';
import { PersonsService } from '../persons/persons.service';
import {
  CreateReferralDto,
  ListReferralsQuery,
  ReferralActionDto,
  ReferralHistoryResponse,
  ReferralResponse,
  RejectionReasonList,
} from './dto/referral.dto';
import {
  allowedActions,
  checkTransition,
  ReferralAction,
  ReferralSide,
  ReferralStatus,
  REFERRAL_TRANSITIONS,
  REJECTION_REASON_NAMES,
  REJECTION_REASONS,
} from './referral-lifecycle';
import { Referral } from './referral.entity';
import { ReferralErrorCode } from './referrals.errors';
import { ReferralView } from './referral-view';

/** The organisation type that manages each kind of case, for transfers. */
const CASE_MANAGER = { RESIDENTIAL: 'UPT', COMMUNITY: 'REGENCY_OFFICE' } as const;
export const REFERRAL_READ_PURPOSE = 'REFERRAL_VIEW';

/** Closed-loop referrals and transfers: create with consent, act by side, expire, tell both parties by webhook. */
@Injectable()
export class ReferralsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReferralsService.name);
  private expiryTimer?: NodeJS.Timeout;

  constructor(
    private readonly tx: Tx,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
    private readonly persons: PersonsService,
    private readonly consents: ConsentsService,
    private readonly cases: CasesService,
    private readonly caseTimeline: CaseTimeline,
    private readonly outbox: OutboxService,
    private readonly view: ReferralView,
    private readonly config: AppConfig,
  ) {}

  async create(
    ctx: RequestContext,
    dto: CreateReferralDto,
    escalationId: string | null = null,
  ): Promise<ReferralResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const person = await this.persons.load(ctx, em, dto.personId);
      this.persons.assertWritable(person);
      if (dto.toOrganizationId === principal.organizationId) throw new AppException(ReferralErrorCode.REFERRAL_TO_SELF);
      const receiver = await em.getRepository(Organization).findOne({ where: { id: dto.toOrganizationId } });
      if (!receiver || !receiver.active)
        throw new AppException(ReferralErrorCode.REFERRAL_RECEIVER_INVALID, { id: dto.toOrganizationId });
      if (dto.serviceId) await this.assertService(em, dto.serviceId, receiver.id);
      const linkedCase = dto.caseId ? await this.linkedCase(ctx, em, dto.caseId, person.id) : null;
      if (dto.transfer) {
        if (!linkedCase) throw new AppException(ReferralErrorCode.REFERRAL_CASE_INVALID, { id: dto.caseId ?? '-' });
        const expected = CASE_MANAGER[linkedCase.kind];
        if (receiver.type !== expected)
          throw new AppException(ReferralErrorCode.REFERRAL_TRANSFER_INVALID, { kind: linkedCase.kind, expected });
      }
      const today = todayIn(timeZoneOfRegion(principal.regionCode));
      const consent = await this.consents.findCovering(em, person.id, 'REFERRAL', receiver.id, today);
      if (!consent) await this.assertOverride(ctx, dto, person.id);
      const saved = await em.getRepository(Referral).save(
        em.getRepository(Referral).create({
          fromOrganizationId: principal.organizationId,
          toOrganizationId: receiver.id,
          personId: person.id,
          caseId: linkedCase?.id ?? null,
          serviceId: dto.serviceId ?? null,
          escalationId,
          reason: dto.reason,
          priority: dto.priority,
          transfer: dto.transfer ?? false,
          status: 'REQUESTED',
          statusChangedAt: new Date(),
          respondBy: new Date(Date.now() + this.config.referralResponseDays * 86_400_000),
          consentId: consent?.id ?? null,
          consentOverrideReason: consent ? null : (dto.consentOverrideReason ?? null),
          createdBy: principal.id,
        }),
      );
      await this.recordEvent(em, saved.id, 'create', null, 'REQUESTED', null, ctx);
      if (linkedCase) {
        await this.caseTimeline.record(ctx, linkedCase.id, 'REFERRED', today, {
          data: { referralId: saved.id, toOrganizationId: receiver.id, transfer: saved.transfer },
        });
      }
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'referral',
        resourceId: saved.id,
        personId: person.id,
      });
      const response = await this.view.one(ctx, em, saved);
      await this.outbox.publish(
        ctx,
        'referral.created',
        { type: 'referral', id: saved.id },
        [saved.fromOrganizationId, saved.toOrganizationId],
        {
          referral: this.view.webhookPayload(response),
        },
      );
      return response;
    });
  }

  /**
   * One action of the lifecycle. The state is checked before the side: an impossible action is 409 listing the
   * allowed ones whoever asks; a possible one by the wrong party is 403.
   */
  async act(
    ctx: RequestContext,
    id: string,
    action: ReferralAction,
    dto: ReferralActionDto,
  ): Promise<ReferralResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const referral = await this.load(ctx, em, id, true);
      const side: ReferralSide | null =
        referral.fromOrganizationId === principal.organizationId
          ? 'sender'
          : referral.toOrganizationId === principal.organizationId
            ? 'receiver'
            : null;
      // A province officer who sees the referral is neither side: like the wrong side, refused with 403.
      const target = checkTransition(
        referral.status,
        action,
        side ?? (REFERRAL_TRANSITIONS[action].side === 'sender' ? 'receiver' : 'sender'),
      );
      if (!target.ok && target.reason === 'WRONG_STATE') {
        throw new AppException(
          ReferralErrorCode.REFERRAL_ACTION_NOT_ALLOWED,
          { action, status: referral.status, allowed: target.allowed.join(', ') || '-' },
          undefined,
          undefined,
          { allowed: target.allowed },
        );
      }
      if (!target.ok)
        throw new AppException(ReferralErrorCode.REFERRAL_WRONG_SIDE, {
          action,
          side: REFERRAL_TRANSITIONS[action].side,
        });
      this.assertActionBody(action, dto);
      const from = referral.status;
      referral.status = target.to;
      referral.statusChangedAt = new Date();
      if (action === 'reject') referral.rejectionReasonCode = dto.reasonCode ?? null;
      if (action === 'complete' || action === 'fail') referral.outcomeNote = dto.note ?? null;
      else if (dto.note) referral.statusNote = dto.note;
      const saved = await em.getRepository(Referral).save(referral);
      await this.recordEvent(em, id, action, from, target.to, dto.note ?? null, ctx);
      if (action === 'accept' && referral.transfer && referral.caseId) await this.transferCase(ctx, em, referral);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'referral',
        resourceId: id,
        personId: referral.personId,
        changedFields: ['status'],
      });
      const response = await this.view.one(ctx, em, saved);
      await this.publishStatus(ctx, saved, from, response);
      return response;
    });
  }

  async get(ctx: RequestContext, id: string): Promise<ReferralResponse> {
    const em = this.tx.manager(ctx);
    const referral = await this.load(ctx, em, id);
    const response = await this.view.one(ctx, em, referral);
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'referral',
      resourceId: id,
      personId: referral.personId,
      purpose: REFERRAL_READ_PURPOSE,
    });
    return response;
  }

  async history(ctx: RequestContext, id: string): Promise<ReferralHistoryResponse> {
    const em = this.tx.manager(ctx);
    const referral = await this.load(ctx, em, id);
    const rows: {
      action: string;
      from_status: string | null;
      to_status: string;
      note: string | null;
      actor_organization_id: string | null;
      occurred_at: Date;
    }[] = await em.query(
      `SELECT action, from_status, to_status, note, actor_organization_id, occurred_at FROM referral_events WHERE referral_id = $1 ORDER BY seq`,
      [referral.id],
    );
    return {
      data: rows.map((r) => ({
        action: r.action,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        note: r.note,
        actorOrganizationId: r.actor_organization_id,
        occurredAt: r.occurred_at,
      })),
    };
  }

  async list(ctx: RequestContext, query: ListReferralsQuery): Promise<Page<ReferralResponse>> {
    const page = await this.findPage(ctx, query);
    await this.audit.recordMany(
      ctx,
      page.data.map((r) => ({
        action: 'READ',
        resourceType: 'referral',
        resourceId: r.id,
        personId: r.person.id,
        purpose: REFERRAL_READ_PURPOSE,
      })),
    );
    return page;
  }

  /** One page of the list, not audited: the list audits it as READ, the export (src/exports) as EXPORT. */
  async findPage(ctx: RequestContext, query: ListReferralsQuery): Promise<Page<ReferralResponse>> {
    const principal = this.scope.principal(ctx);
    const em = this.tx.manager(ctx);
    const condition = this.scope.referrals(ctx, 'r');
    const qb = em.getRepository(Referral).createQueryBuilder('r').where(condition.sql, condition.params);
    if (query.direction === 'incoming') qb.andWhere('r.to_organization_id = :own', { own: principal.organizationId });
    if (query.direction === 'outgoing') qb.andWhere('r.from_organization_id = :own', { own: principal.organizationId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.personId) qb.andWhere('r.person_id = :personId', { personId: query.personId });
    const page = await paginate(
      qb,
      query,
      [
        {
          expression: "date_trunc('milliseconds', r.created_at)",
          value: (r) => r.createdAt.toISOString(),
          type: 'timestamp',
        },
        { expression: 'r.id', value: (r) => r.id, type: 'string' },
      ],
      (r) => r,
    );
    return { data: await this.view.many(ctx, em, page.data), page: page.page };
  }

  rejectionReasons(ctx: RequestContext): RejectionReasonList {
    return {
      data: REJECTION_REASONS.map((code) => ({ code, name: localize(REJECTION_REASON_NAMES[code], ctx.lang) })),
    };
  }

  /**
   * Marks every REQUESTED referral past its deadline EXPIRED, each with its event and webhook message. Safe to run
   * on every node at once: the row locks let one node take each referral.
   */
  async expireOverdue(): Promise<number> {
    const ctx = RequestContext.system('referral-expiry');
    return this.dataSource.transaction(async (em) => {
      ctx.em = em;
      const due = await em
        .getRepository(Referral)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where(`r.status = 'REQUESTED' AND r.respond_by < now()`)
        .limit(500)
        .getMany();
      for (const referral of due) {
        referral.status = 'EXPIRED';
        referral.statusChangedAt = new Date();
        const saved = await em.getRepository(Referral).save(referral);
        await this.recordEvent(em, referral.id, 'expire', 'REQUESTED', 'EXPIRED', null, ctx);
        await this.audit.record(ctx, {
          action: 'UPDATE',
          resourceType: 'referral',
          resourceId: referral.id,
          personId: referral.personId,
          changedFields: ['status'],
        });
        await this.publishStatus(ctx, saved, 'REQUESTED', await this.view.one(ctx, em, saved));
      }
      return due.length;
    });
  }

  onModuleInit(): void {
    // Deadlines are in days, so a minute's delay is nothing; the query is cheap (partial index on REQUESTED).
    this.expiryTimer = setInterval(() => {
      this.expireOverdue().catch((error: unknown) =>
        this.logger.error({ msg: 'referral expiry failed', err: String(error) }),
      );
    }, 60_000);
    this.expiryTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.expiryTimer) clearInterval(this.expiryTimer);
  }

  /** A referral the caller may see (sender, receiver, or province), or 404. */
  async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<Referral> {
    if (!isUuid(id)) throw new AppException(ReferralErrorCode.REFERRAL_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.scope.referrals(ctx, 'r');
    const qb = em
      .getRepository(Referral)
      .createQueryBuilder('r')
      .where('r.id = :id', { id })
      .andWhere(condition.sql, condition.params);
    if (lock) qb.setLock('pessimistic_write');
    const referral = await qb.getOne();
    if (!referral) throw new AppException(ReferralErrorCode.REFERRAL_NOT_FOUND, { id });
    return referral;
  }

  private async transferCase(ctx: RequestContext, em: EntityManager, referral: Referral): Promise<void> {
    const moved = await em.getRepository(Case).findOne({ where: { id: referral.caseId! } });
    if (!moved || moved.status !== 'OPEN') return;
    await em.query(
      `UPDATE cases SET managing_organization_id = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [moved.id, referral.toOrganizationId],
    );
    const receiver = await em.getRepository(Organization).findOneOrFail({ where: { id: referral.toOrganizationId } });
    await this.caseTimeline.record(ctx, moved.id, 'TRANSFERRED', todayIn(timeZoneOfRegion(receiver.regionCode)), {
      data: {
        referralId: referral.id,
        fromOrganizationId: referral.fromOrganizationId,
        toOrganizationId: referral.toOrganizationId,
      },
    });
  }

  private async publishStatus(
    ctx: RequestContext,
    referral: Referral,
    from: ReferralStatus,
    response: ReferralResponse,
  ): Promise<void> {
    await this.outbox.publish(
      ctx,
      'referral.status_changed',
      { type: 'referral', id: referral.id },
      [referral.fromOrganizationId, referral.toOrganizationId],
      { previousStatus: from, status: referral.status, referral: this.view.webhookPayload(response) },
    );
  }

  private async recordEvent(
    em: EntityManager,
    referralId: string,
    action: string,
    from: ReferralStatus | null,
    to: ReferralStatus,
    note: string | null,
    ctx: RequestContext,
  ): Promise<void> {
    await em.query(
      `INSERT INTO referral_events (referral_id, action, from_status, to_status, note, actor_id, actor_organization_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [referralId, action, from, to, note, ctx.principal?.id ?? null, ctx.principal?.organizationId ?? null],
    );
  }

  private assertActionBody(action: ReferralAction, dto: ReferralActionDto): void {
    const missing: string[] = [];
    if (action === 'reject' && !dto.reasonCode) missing.push('reasonCode');
    if ((action === 'reject' || action === 'complete' || action === 'fail') && !dto.note) missing.push('note');
    if (missing.length > 0) {
      throw new AppException(
        CommonErrorCode.VALIDATION_FAILED,
        {},
        missing.map((field) => ({
          field,
          message: { id: `wajib diisi untuk ${action}`, en: `is required to ${action}` },
        })),
      );
    }
  }

  /** No consent: only a user holding the override permission, with a written reason, may refer (audited). */
  private async assertOverride(ctx: RequestContext, dto: CreateReferralDto, personId: string): Promise<void> {
    if (!dto.consentOverrideReason) throw new AppException(ReferralErrorCode.REFERRAL_CONSENT_REQUIRED);
    const principal = this.scope.principal(ctx);
    if (principal.kind !== 'user' || !principal.permissions.has(Permission.REFERRALS_CONSENT_OVERRIDE)) {
      throw new AppException(ReferralErrorCode.REFERRAL_OVERRIDE_NOT_ALLOWED);
    }
    await this.audit.record(ctx, {
      action: 'CONSENT_OVERRIDE',
      resourceType: 'person',
      resourceId: personId,
      personId,
      purpose: 'REFERRAL_WITHOUT_CONSENT',
    });
  }

  private async assertService(em: EntityManager, serviceId: string, organizationId: string): Promise<void> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM services WHERE id = $1 AND organization_id = $2 AND active`, [
      serviceId,
      organizationId,
    ]);
    if (rows.length === 0) throw new AppException(ReferralErrorCode.REFERRAL_SERVICE_INVALID, { id: serviceId });
  }

  private async linkedCase(ctx: RequestContext, em: EntityManager, caseId: string, personId: string): Promise<Case> {
    const found = await this.cases.load(ctx, em, caseId).catch(() => null);
    if (!found || found.personId !== personId || found.status !== 'OPEN')
      throw new AppException(ReferralErrorCode.REFERRAL_CASE_INVALID, { id: caseId });
    return found;
  }

  /** For the GraphQL/other readers: referrals by ids, unscoped (callers scope first). */
  async byIds(em: EntityManager, ids: string[]): Promise<Referral[]> {
    return em.getRepository(Referral).find({ where: { id: In(ids) } });
  }

  allowed(status: ReferralStatus): string[] {
    return allowedActions(status);
  }
}
