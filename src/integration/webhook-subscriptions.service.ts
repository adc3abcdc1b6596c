import { PiiCipher } from '../persons/pii/pii-cipher';
import { PII_CONTEXTS } from '../persons/pii/pii-columns';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { assertVersion, IfMatchVersion } from '../common/http/etag';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { presentFields } from '../common/validation/present-fields';
import { AppConfig } from '../config/app-config';
import { ScopePolicy } from '../identity/scope-policy.service';
import { Organization } from '../organizations/organization.entity';
import { ListWebhookDeliveriesQuery, WebhookDeliveryResponse } from './dto/webhook-delivery.dto';
import {
  CreateWebhookSubscriptionDto,
  ListWebhookSubscriptionsQuery,
  UpdateWebhookSubscriptionDto,
  WebhookSubscriptionResponse,
  WebhookSubscriptionWithSecretResponse,
} from './dto/webhook-subscription.dto';
import { RETRY_WINDOW_HOURS } from './webhook-backoff';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WEBHOOK_EVENT_TYPES } from './webhook-events';
import { generateWebhookSecret } from './webhook-signing';
import { WebhookSubscription } from './webhook-subscription.entity';
import { assertWebhookUrl } from './webhook-url';
import { WebhookWake } from './webhook-wake';
import { WebhookErrorCode } from './webhooks.errors';

/** Enough for a test endpoint beside a production one per event type; more suggests a leak of forgotten ones. */
export const MAX_ACTIVE_SUBSCRIPTIONS = 20;
/** After a rotation the old secret still signs (beside the new one) this long, so a receiver can switch over. */
const PREVIOUS_SECRET_HOURS = 24;

/**
 * Webhook subscriptions of an organisation and their delivery logs. Who sees and changes a subscription is the
 * organisation-members scope: the organisation's own users and clients, and province roles for their province.
 */
@Injectable()
export class WebhookSubscriptionsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly wake: WebhookWake,
    private readonly cipher: PiiCipher,
  ) {}

  async create(ctx: RequestContext, dto: CreateWebhookSubscriptionDto): Promise<WebhookSubscriptionWithSecretResponse> {
    const principal = this.scope.principal(ctx);
    const url = await assertWebhookUrl(dto.url, this.config.webhookAllowPrivate);
    return this.tx.run(ctx, async (em) => {
      const organizationId = dto.organizationId ?? principal.organizationId;
      const organization = await em.getRepository(Organization).findOne({ where: { id: organizationId } });
      if (!organization?.active)
        throw new AppException(WebhookErrorCode.WEBHOOK_ORGANIZATION_UNKNOWN, { id: organizationId });
      this.scope.assertCanWriteOrganization(ctx, organization);
      // Serialises creations per organisation, so two concurrent requests cannot both pass the limit.
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`webhooks:${organization.id}`]);
      const [{ count }]: { count: number }[] = await em.query(
        `SELECT count(*)::int AS count FROM webhook_subscriptions WHERE organization_id = $1 AND status = 'ACTIVE'`,
        [organization.id],
      );
      if (count >= MAX_ACTIVE_SUBSCRIPTIONS) {
        throw new AppException(WebhookErrorCode.WEBHOOK_SUBSCRIPTION_LIMIT, { limit: MAX_ACTIVE_SUBSCRIPTIONS });
      }
      const secret = generateWebhookSecret();
      const repository = em.getRepository(WebhookSubscription);
      const saved = await repository.save(
        repository.create({
          organizationId: organization.id,
          url,
          events: canonicalEvents(dto.events),
          description: dto.description || null,
          secret: this.cipher.encrypt(secret, PII_CONTEXTS.webhookSecret),
          previousSecret: null,
          previousSecretExpiresAt: null,
          secretRotatedAt: new Date(),
          status: 'ACTIVE',
          deactivatedAt: null,
          createdBy: principal.id,
        }),
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'webhook_subscription',
        resourceId: saved.id,
        changedFields: presentFields(dto),
      });
      return { ...WebhookSubscriptionResponse.of(await this.load(ctx, em, saved.id)), secret };
    });
  }

  async list(ctx: RequestContext, query: ListWebhookSubscriptionsQuery): Promise<Page<WebhookSubscriptionResponse>> {
    const condition = this.scope.organizationMembers(ctx, 's');
    const qb = this.tx
      .manager(ctx)
      .getRepository(WebhookSubscription)
      .createQueryBuilder('s')
      .where(condition.sql, condition.params);
    if (query.organizationId)
      qb.andWhere('s.organization_id = :organizationId', { organizationId: query.organizationId });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    return paginate(
      qb,
      query,
      [
        {
          expression: "date_trunc('milliseconds', s.created_at)",
          value: (s) => s.createdAt.toISOString(),
          type: 'timestamp',
        },
        { expression: 's.id', value: (s) => s.id, type: 'string' },
      ],
      WebhookSubscriptionResponse.of,
    );
  }

  async get(ctx: RequestContext, id: string): Promise<WebhookSubscriptionResponse> {
    return WebhookSubscriptionResponse.of(await this.load(ctx, this.tx.manager(ctx), id));
  }

  async update(
    ctx: RequestContext,
    id: string,
    expected: IfMatchVersion,
    dto: UpdateWebhookSubscriptionDto,
  ): Promise<WebhookSubscriptionResponse> {
    const url = dto.url === undefined ? undefined : await assertWebhookUrl(dto.url, this.config.webhookAllowPrivate);
    return this.tx.run(ctx, async (em) => {
      const subscription = await this.loadActive(ctx, em, id);
      assertVersion(expected, subscription.version);
      if (url !== undefined) subscription.url = url;
      if (dto.events !== undefined) subscription.events = canonicalEvents(dto.events);
      if (dto.description !== undefined) subscription.description = dto.description || null;
      await em.getRepository(WebhookSubscription).save(subscription);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'webhook_subscription',
        resourceId: id,
        changedFields: presentFields(dto),
      });
      return WebhookSubscriptionResponse.of(await this.load(ctx, em, id));
    });
  }

  /** A new secret, shown once; the old one keeps signing beside it for 24 hours. */
  async rotateSecret(ctx: RequestContext, id: string): Promise<WebhookSubscriptionWithSecretResponse> {
    return this.tx.run(ctx, async (em) => {
      const subscription = await this.loadActive(ctx, em, id, true);
      const secret = generateWebhookSecret();
      subscription.previousSecret = subscription.secret;
      subscription.previousSecretExpiresAt = new Date(Date.now() + PREVIOUS_SECRET_HOURS * 3_600_000);
      subscription.secret = this.cipher.encrypt(secret, PII_CONTEXTS.webhookSecret);
      subscription.secretRotatedAt = new Date();
      await em.getRepository(WebhookSubscription).save(subscription);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'webhook_subscription',
        resourceId: id,
        changedFields: ['secret'],
      });
      return { ...WebhookSubscriptionResponse.of(await this.load(ctx, em, id)), secret };
    });
  }

  /** Stops deliveries for good (pending ones are cancelled); deactivating again changes nothing. */
  async deactivate(ctx: RequestContext, id: string): Promise<WebhookSubscriptionResponse> {
    return this.tx.run(ctx, async (em) => {
      const subscription = await this.load(ctx, em, id, { lock: true });
      if (subscription.status === 'ACTIVE') {
        subscription.status = 'INACTIVE';
        subscription.deactivatedAt = new Date();
        await em.getRepository(WebhookSubscription).save(subscription);
        await em.query(
          `UPDATE webhook_deliveries SET status = 'CANCELLED', next_attempt_at = NULL
            WHERE subscription_id = $1 AND status = 'PENDING'`,
          [id],
        );
        await this.audit.record(ctx, {
          action: 'UPDATE',
          resourceType: 'webhook_subscription',
          resourceId: id,
          changedFields: ['status'],
        });
      }
      return WebhookSubscriptionResponse.of(await this.load(ctx, em, id));
    });
  }

  async listDeliveries(
    ctx: RequestContext,
    id: string,
    query: ListWebhookDeliveriesQuery,
  ): Promise<Page<WebhookDeliveryResponse>> {
    const em = this.tx.manager(ctx);
    await this.load(ctx, em, id);
    const qb = em.getRepository(WebhookDelivery).createQueryBuilder('d').where('d.subscription_id = :id', { id });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    return paginate(
      qb,
      query,
      [
        {
          expression: "date_trunc('milliseconds', d.created_at)",
          value: (d) => d.createdAt.toISOString(),
          type: 'timestamp',
        },
        { expression: 'd.id', value: (d) => d.id, type: 'string' },
      ],
      WebhookDeliveryResponse.of,
    );
  }

  /**
   * Sends a delivery again, with the same `webhook-id`, whatever its state; it gets a fresh 24-hour retry window.
   * The worker is woken once this commits.
   */
  async redeliver(ctx: RequestContext, id: string, deliveryId: string): Promise<WebhookDeliveryResponse> {
    return this.tx.run(ctx, async (em) => {
      await this.loadActive(ctx, em, id);
      const repository = em.getRepository(WebhookDelivery);
      const found = isUuid(deliveryId)
        ? await repository.findOne({ where: { id: deliveryId, subscriptionId: id } })
        : null;
      if (!found) throw new AppException(WebhookErrorCode.WEBHOOK_DELIVERY_NOT_FOUND, { id: deliveryId.slice(0, 40) });
      await em.query(
        `UPDATE webhook_deliveries
            SET status = 'PENDING', next_attempt_at = now(), delivered_at = NULL,
                give_up_at = now() + make_interval(hours => $2)
          WHERE id = $1`,
        [deliveryId, RETRY_WINDOW_HOURS],
      );
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'webhook_delivery',
        resourceId: deliveryId,
        changedFields: ['status'],
      });
      this.wake.afterCommit(em);
      return WebhookDeliveryResponse.of(await repository.findOneByOrFail({ id: deliveryId }));
    });
  }

  private async loadActive(ctx: RequestContext, em: EntityManager, id: string, withSecret = false) {
    const subscription = await this.load(ctx, em, id, { lock: true, withSecret });
    if (subscription.status !== 'ACTIVE') {
      throw new AppException(WebhookErrorCode.WEBHOOK_SUBSCRIPTION_INACTIVE, { id });
    }
    return subscription;
  }

  /** A subscription in the caller's scope; anything else (including a malformed id) is 404. */
  private async load(
    ctx: RequestContext,
    em: EntityManager,
    id: string,
    options: { lock?: boolean; withSecret?: boolean } = {},
  ): Promise<WebhookSubscription> {
    if (!isUuid(id)) throw new AppException(WebhookErrorCode.WEBHOOK_SUBSCRIPTION_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.scope.organizationMembers(ctx, 's');
    const qb = em
      .getRepository(WebhookSubscription)
      .createQueryBuilder('s')
      .where('s.id = :id', { id })
      .andWhere(condition.sql, condition.params);
    if (options.withSecret) qb.addSelect('s.secret');
    if (options.lock) qb.setLock('pessimistic_write');
    const subscription = await qb.getOne();
    if (!subscription) throw new AppException(WebhookErrorCode.WEBHOOK_SUBSCRIPTION_NOT_FOUND, { id });
    return subscription;
  }
}

/** Event types in the order of WEBHOOK_EVENT_TYPES, so equal sets compare and display alike. */
function canonicalEvents(events: readonly string[]): string[] {
  return WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type));
}
