import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { JobQueue } from './job-queue.service';

export const OUTBOX_RETENTION_QUEUE = 'outbox-retention';

/** Rows removed per statement: short deletes keep the dispatcher's locks and the WAL small. */
const CHUNK = 5_000;

export interface RetentionResult {
  deliveries: number;
  events: number;
}

/**
 * Deletes finished webhook deliveries and published outbox events older than OUTBOX_RETENTION_DAYS, once a day.
 * Payloads carry ids and statuses of people's referrals and cases, so they are kept only as long as a receiver can
 * still need a redelivery; the audit trail, not the outbox, is the lasting record.
 */
@Injectable()
export class OutboxRetention implements OnModuleInit {
  private readonly logger = new Logger('OutboxRetention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define({
      name: OUTBOX_RETENTION_QUEUE,
      cron: '23 2 * * *',
      run: async () => {
        const result = await this.purge();
        this.logger.log({ msg: 'outbox retention', ...result });
      },
    });
  }

  async purge(): Promise<RetentionResult> {
    const days = this.config.outboxRetentionDays;
    const result: RetentionResult = { deliveries: 0, events: 0 };
    // A PENDING delivery is still being retried, whatever its age: never cut it short.
    result.deliveries = await this.deleteInChunks(
      `DELETE FROM webhook_deliveries WHERE id IN (
         SELECT id FROM webhook_deliveries
          WHERE status <> 'PENDING' AND created_at < now() - make_interval(days => $1)
          LIMIT ${CHUNK})`,
      [days],
    );
    // An event goes once published, old, and no delivery (of any age) still points at it.
    result.events = await this.deleteInChunks(
      `DELETE FROM outbox_events WHERE id IN (
         SELECT e.id FROM outbox_events e
          WHERE e.published_at < now() - make_interval(days => $1)
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.outbox_event_id = e.id)
          LIMIT ${CHUNK})`,
      [days],
    );
    return result;
  }

  private async deleteInChunks(sql: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      // TypeORM answers a DELETE with [rows, affected].
      const [, affected] = await this.dataSource.query<[unknown[], number]>(sql, params);
      total += affected;
      if (affected < CHUNK) return total;
    }
  }
}
