import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { JobQueue } from '../integration/job-queue.service';

/** The pg-boss queue of imports: each job means "run a pass over the queued imports". */
export const IMPORT_QUEUE = 'imports';
const WAKE_AFTER_COMMIT = 'jejaring:wake-imports';

/**
 * Wakes the import worker once the upload's transaction commits (a wake-up sent before could find no job yet), as
 * `WebhookWake` does for webhooks. A lost wake-up only waits for the worker's minute sweep.
 */
@Injectable()
export class ImportWake implements EntitySubscriberInterface {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {
    dataSource.subscribers.push(this);
  }

  afterCommit(em: EntityManager): void {
    const runner = em.queryRunner;
    if (runner?.isTransactionActive) flags(runner)[WAKE_AFTER_COMMIT] = true;
    else this.wake();
  }

  afterTransactionCommit(event: { queryRunner: QueryRunner }): void {
    const data = flags(event.queryRunner);
    // A released savepoint is reported as a commit too; only the outermost commit makes the job visible.
    if (!data[WAKE_AFTER_COMMIT] || event.queryRunner.isTransactionActive) return;
    delete data[WAKE_AFTER_COMMIT];
    this.wake();
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    if (!event.queryRunner.isTransactionActive) delete flags(event.queryRunner)[WAKE_AFTER_COMMIT];
  }

  wake(): void {
    void this.jobs.send(IMPORT_QUEUE, { debounceSeconds: 1, key: 'wake' });
  }
}

function flags(runner: QueryRunner): Record<string, unknown> {
  return runner.data as Record<string, unknown>;
}
