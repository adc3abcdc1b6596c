import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { WebhookDispatcher } from './webhook-dispatcher.service';

const WAKE_AFTER_COMMIT = 'jejaring:wake-webhooks';

/**
 * Wakes the webhook worker when a transaction that wrote an outbox event (or asked for a redelivery) commits, not
 * before: a wake-up sent earlier could run before the row is visible. It rides on TypeORM's transaction events:
 * the transaction's query runner carries a flag, and the commit handler sends the pg-boss job. Nothing here can
 * fail the request, and a lost wake-up only waits for the worker's periodic sweep.
 */
@Injectable()
export class WebhookWake implements EntitySubscriberInterface {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly dispatcher: WebhookDispatcher,
  ) {
    dataSource.subscribers.push(this);
  }

  /** Wakes the worker once `em`'s transaction commits, or now when `em` is not in a transaction. */
  afterCommit(em: EntityManager): void {
    const runner = em.queryRunner;
    if (runner?.isTransactionActive) flags(runner)[WAKE_AFTER_COMMIT] = true;
    else this.dispatcher.wake();
  }

  afterTransactionCommit(event: { queryRunner: QueryRunner }): void {
    const data = flags(event.queryRunner);
    // A released savepoint is also reported as a commit; only the outermost commit makes the rows visible.
    if (!data[WAKE_AFTER_COMMIT] || event.queryRunner.isTransactionActive) return;
    delete data[WAKE_AFTER_COMMIT];
    this.dispatcher.wake();
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    if (!event.queryRunner.isTransactionActive) delete flags(event.queryRunner)[WAKE_AFTER_COMMIT];
  }
}

function flags(runner: QueryRunner): Record<string, unknown> {
  return runner.data as Record<string, unknown>;
}
