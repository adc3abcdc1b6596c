import { PiiCipher } from '../persons/pii/pii-cipher';
import { PII_CONTEXTS } from '../persons/pii/pii-columns';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returnedRows } from '../common/database/query-result';
import { AppConfig } from '../config/app-config';
import { JobQueue } from './job-queue.service';
import { retryDelaySeconds, RETRY_WINDOW_HOURS } from './webhook-backoff';
import { WebhookSender } from './webhook-sender';

/** The one pg-boss queue of webhook work: each job means "run a dispatch pass". */
export const WEBHOOK_QUEUE = 'webhook-dispatch';
/** Outbox events or deliveries handled per statement; a pass takes batches until none is left (or MAX_BATCHES). */
const BATCH = 50;
const MAX_BATCHES = 20;
/**
 * A claimed delivery is not claimed again for this long. It outlasts a send (10 s timeout) by far, and is short
 * enough that a crash mid-send only delays that delivery by a minute.
 */
const LEASE_SECONDS = 60;

export interface DispatchResult {
  /** Outbox events turned into deliveries (or found to have no subscriber). */
  published: number;
  deliveriesCreated: number;
  attempted: number;
  delivered: number;
  /** Attempts that failed and will be retried. */
  retrying: number;
  /** Deliveries given up after their retry window. */
  failed: number;
}

interface ClaimedDelivery {
  id: string;
  subscription_id: string;
  /** Including the attempt being made. */
  attempt_count: number;
  event_type: string;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Turns outbox events into webhook deliveries and sends them, in a worker, never in a request: a receiver that is
 * down only leaves rows to retry. Everything is driven by rows in PostgreSQL (`published_at`, `next_attempt_at`),
 * so pg-boss jobs only wake the worker, a periodic job sweeps up whatever a lost wake-up left, and several
 * processes can run passes at once (rows are claimed with SKIP LOCKED). Delivery is at least once: a receiver
 * deduplicates by `webhook-id`.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('WebhookDispatcher');
  private passes: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sender: WebhookSender,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly cipher: PiiCipher,
  ) {}

  onModuleInit(): void {
    this.jobs.define({
      name: WEBHOOK_QUEUE,
      // The sweep: catches events whose wake-up was lost and retries whose timed wake-up was.
      cron: '* * * * *',
      run: async () => {
        await this.runOnce();
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    // The data source closes after this hook; let a running pass finish with it.
    await this.passes;
  }

  /** Asks the worker for a pass soon; a no-op without a worker (tests call `runOnce`). */
  wake(): void {
    void this.jobs.send(WEBHOOK_QUEUE, { debounceSeconds: 1, key: 'wake' });
  }

  /**
   * Processes the outbox and every due delivery now, and resolves when done. Passes in this process run one after
   * another, so a caller (a test, a job) knows its pass saw everything committed before it called.
   */
  runOnce(): Promise<DispatchResult> {
    const pass = this.passes.then(() => this.pass());
    this.passes = pass.catch((error: unknown) =>
      this.logger.error({ msg: 'webhook dispatch pass failed', err: (error as Error).message }),
    );
    return pass;
  }

  private async pass(): Promise<DispatchResult> {
    const result: DispatchResult = {
      published: 0,
      deliveriesCreated: 0,
      attempted: 0,
      delivered: 0,
      retrying: 0,
      failed: 0,
    };
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const { events, deliveries } = await this.fanOut();
      result.published += events;
      result.deliveriesCreated += deliveries;
      if (events < BATCH) break;
    }
    await this.cancelForInactiveSubscriptions();
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const claimed = await this.claimDue();
      const outcomes = await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
      result.attempted += claimed.length;
      for (const outcome of outcomes) result[outcome] += 1;
      if (claimed.length < BATCH) break;
    }
    await this.scheduleNextRetry();
    return result;
  }

  /**
   * One statement: take unpublished outbox events, create one delivery per matching active subscription, and mark
   * the events published. It commits or fails whole, so an event is never published without its deliveries.
   */
  private async fanOut(): Promise<{ events: number; deliveries: number }> {
    const [row] = returnedRows<{ events: number; deliveries: number }>(
      await this.dataSource.query(
        `WITH batch AS (
           SELECT id, type, organization_ids FROM outbox_events
            WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED
         ), created AS (
           INSERT INTO webhook_deliveries (subscription_id, outbox_event_id, event_type, next_attempt_at, give_up_at)
           SELECT s.id, b.id, b.type, now(), now() + make_interval(hours => $2)
             FROM batch b
             JOIN webhook_subscriptions s
               ON s.status = 'ACTIVE' AND s.organization_id = ANY (b.organization_ids) AND b.type = ANY (s.events)
             JOIN organizations o ON o.id = s.organization_id AND o.active
           ON CONFLICT (subscription_id, outbox_event_id) DO NOTHING
           RETURNING id
         ), marked AS (
           UPDATE outbox_events e SET published_at = now() FROM batch b WHERE e.id = b.id RETURNING e.id
         )
         SELECT (SELECT count(*) FROM marked)::int AS events, (SELECT count(*) FROM created)::int AS deliveries`,
        [BATCH, RETRY_WINDOW_HOURS],
      ),
    );
    return row;
  }

  /** Pending deliveries of a deactivated subscription are not sent (deactivation cancels them too; this is a net). */
  private async cancelForInactiveSubscriptions(): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries d SET status = 'CANCELLED', next_attempt_at = NULL
         FROM webhook_subscriptions s
        WHERE s.id = d.subscription_id AND s.status <> 'ACTIVE' AND d.status = 'PENDING'`,
    );
  }

  /** Claims due deliveries: counts the attempt and leases the row (see LEASE_SECONDS) in one statement. */
  private async claimDue(): Promise<ClaimedDelivery[]> {
    return returnedRows<ClaimedDelivery>(
      await this.dataSource.query(
        `WITH due AS (
           SELECT d.id FROM webhook_deliveries d
             JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.status = 'ACTIVE'
            WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
            ORDER BY d.next_attempt_at LIMIT $1
            FOR UPDATE OF d SKIP LOCKED
         )
         UPDATE webhook_deliveries d
            SET attempt_count = d.attempt_count + 1, last_attempt_at = now(),
                next_attempt_at = now() + make_interval(secs => $2)
           FROM due, webhook_subscriptions s, outbox_events e
          WHERE d.id = due.id AND s.id = d.subscription_id AND e.id = d.outbox_event_id
         RETURNING d.id, d.subscription_id, d.attempt_count, d.event_type, s.url, s.secret, s.previous_secret,
                   s.previous_secret_expires_at, e.payload, e.created_at AS occurred_at`,
        [BATCH, LEASE_SECONDS],
      ),
    );
  }

  private async attempt(delivery: ClaimedDelivery): Promise<'delivered' | 'retrying' | 'failed'> {
    const body = JSON.stringify({
      type: delivery.event_type,
      timestamp: delivery.occurred_at.toISOString(),
      data: delivery.payload,
    });
    // Secrets are stored encrypted (PII_ENCRYPTION_KEY); they exist in clear only while signing.
    const secrets = [this.cipher.decrypt(delivery.secret, PII_CONTEXTS.webhookSecret)];
    if (delivery.previous_secret && (delivery.previous_secret_expires_at?.getTime() ?? 0) > Date.now()) {
      secrets.push(this.cipher.decrypt(delivery.previous_secret, PII_CONTEXTS.webhookSecret));
    }
    const outcome = await this.sender.send({ url: delivery.url, id: delivery.id, body, secrets });
    if (outcome.refused) {
      // The host resolved to a private address since the subscription was checked: refused, logged, retried.
      this.logger.warn({
        msg: 'webhook delivery refused',
        deliveryId: delivery.id,
        subscriptionId: delivery.subscription_id,
        reason: outcome.error,
      });
    }
    if (outcome.delivered) {
      await this.dataSource.query(
        `UPDATE webhook_deliveries
            SET status = 'DELIVERED', delivered_at = now(), next_attempt_at = NULL, last_status_code = $2,
                last_error = NULL
          WHERE id = $1 AND status = 'PENDING'`,
        [delivery.id, outcome.statusCode],
      );
      return 'delivered';
    }
    const delay = retryDelaySeconds(delivery.attempt_count, this.config.webhookRetryBaseSeconds);
    // Given up only after a failed attempt at or past the window's end, so it is tried for the whole window.
    const [updated] = returnedRows<{ status: string }>(
      await this.dataSource.query(
        `UPDATE webhook_deliveries
            SET last_status_code = $2, last_error = $3,
                status = CASE WHEN now() >= give_up_at THEN 'FAILED' ELSE 'PENDING' END,
                next_attempt_at = CASE WHEN now() >= give_up_at THEN NULL ELSE now() + make_interval(secs => $4) END
          WHERE id = $1 AND status = 'PENDING'
          RETURNING status`,
        [delivery.id, outcome.statusCode, outcome.error?.slice(0, 500) ?? null, delay],
      ),
    );
    return updated?.status === 'FAILED' ? 'failed' : 'retrying';
  }

  /** A timed wake-up for the earliest retry, so a 30-second backoff is not stretched to the minute sweep. */
  private async scheduleNextRetry(): Promise<void> {
    if (!this.jobs.running) return;
    const [row] = returnedRows<{ next: Date | null }>(
      await this.dataSource.query(
        `SELECT min(next_attempt_at) AS next FROM webhook_deliveries WHERE status = 'PENDING'`,
      ),
    );
    if (!row?.next) return;
    await this.jobs.send(WEBHOOK_QUEUE, {
      startAfter: row.next,
      key: `due:${Math.ceil(row.next.getTime() / 1000)}`,
    });
  }
}
