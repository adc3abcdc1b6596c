import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { WebhookWake } from './webhook-wake';

/**
 * The transactional outbox: an event for other parties (webhooks) is written in the same transaction as the change
 * it announces, so it is sent if and only if the change commits. The webhook dispatcher reads the table; see
 * docs/webhooks.md for the event types and what a receiver gets.
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly tx: Tx,
    private readonly wake: WebhookWake,
  ) {}

  /**
   * @param type one of WEBHOOK_EVENT_TYPES for events receivers may subscribe to
   * @param organizationIds the organisations the event concerns (whose subscriptions receive it)
   * @param payload the webhook's `data`, as is: only what every one of those organisations may see
   */
  async publish(
    ctx: RequestContext,
    type: string,
    aggregate: { type: string; id: string },
    organizationIds: string[],
    payload: Record<string, unknown>,
  ): Promise<string> {
    const em = this.tx.manager(ctx);
    const rows: { id: string }[] = await em.query(
      `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, organization_ids, payload)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [type, aggregate.type, aggregate.id, [...new Set(organizationIds)], JSON.stringify(payload)],
    );
    this.wake.afterCommit(em);
    return rows[0].id;
  }
}
