import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';

/**
 * The transactional outbox: an event for other parties (webhooks) is written in the same transaction as the change
 * it announces, so it is sent if and only if the change commits. Delivery (signing, retries) reads the table.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly tx: Tx) {}

  /**
   * @param organizationIds the organisations the event concerns (who may subscribe to it)
   */
  async publish(
    ctx: RequestContext,
    type: string,
    aggregate: { type: string; id: string },
    organizationIds: string[],
    payload: Record<string, unknown>,
  ): Promise<string> {
    const rows: { id: string }[] = await this.tx.manager(ctx).query(
      `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, organization_ids, payload)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [type, aggregate.type, aggregate.id, [...new Set(organizationIds)], JSON.stringify({ type, ...payload })],
    );
    return rows[0].id;
  }
}
