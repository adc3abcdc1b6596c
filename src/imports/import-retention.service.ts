import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { JobQueue } from '../integration/job-queue.service';

export const IMPORT_RETENTION_QUEUE = 'import-retention';
const CHUNK = 1_000;

/**
 * Deletes finished import jobs (with their error reports) older than IMPORT_RETENTION_DAYS, once a day. The reports
 * say which rows of an office's file were refused and why; the audit trail, not the job, is the lasting record.
 */
@Injectable()
export class ImportRetention implements OnModuleInit {
  private readonly logger = new Logger('ImportRetention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define({
      name: IMPORT_RETENTION_QUEUE,
      cron: '37 2 * * *',
      run: async () => {
        const jobs = await this.purge();
        this.logger.log({ msg: 'import retention', jobs });
      },
    });
  }

  /** @returns how many jobs were deleted */
  async purge(): Promise<number> {
    let total = 0;
    for (;;) {
      const [, affected] = await this.dataSource.query<[unknown[], number]>(
        `DELETE FROM import_jobs WHERE id IN (
           SELECT id FROM import_jobs
            WHERE finished_at < now() - make_interval(days => $1) LIMIT ${CHUNK})`,
        [this.config.importRetentionDays],
      );
      total += affected;
      if (affected < CHUNK) return total;
    }
  }
}
