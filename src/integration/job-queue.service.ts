import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

/** pg-boss keeps its tables in their own schema of the application's database, outside our migrations. */
export const JOB_SCHEMA = 'pgboss';

export interface JobDefinition {
  /** Queue name (letters, digits, `-`, `_`, `.`, `/`). */
  name: string;
  /**
   * Runs once per batch of fetched jobs. Jobs only say "there may be work": the handler finds the work in its own
   * tables, so a lost or duplicated job costs a delay or an empty run, never a lost or doubled effect.
   */
  run: () => Promise<void>;
  /** A periodic run as a cron expression (pg-boss schedules have minute resolution). */
  cron?: string;
}

export interface SendOptions {
  /** Run no earlier than this. */
  startAfter?: Date;
  /** At most one job per key per this many seconds; later requests go to the next slot. */
  debounceSeconds?: number;
  /** With `startAfter`: at most one job with this key per hour. */
  key?: string;
}

/**
 * Background work on PostgreSQL itself (DESIGN.md §7): one pg-boss instance per process, on the application's own
 * database, started once the application has booted and stopped (gracefully) before the database pool closes.
 * Modules `define` their queues in `onModuleInit`. Off when `WEBHOOK_WORKER` is false (tests only): then nothing
 * runs in the background and `send` does nothing.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JobQueue');
  private readonly definitions: JobDefinition[] = [];
  private boss?: PgBoss;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  define(definition: JobDefinition): void {
    if (this.boss) throw new Error(`Queue ${definition.name} defined after the job queue started`);
    this.definitions.push(definition);
  }

  get running(): boolean {
    return this.boss !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsWebhookWorker) return;
    const boss = new PgBoss({
      connectionString: this.connectionString(),
      schema: JOB_SCHEMA,
      application_name: 'jejaring-jobs',
      max: 4,
    });
    boss.on('error', (error: Error & { code?: string }) => {
      // 57P01: the server is shutting down (on SIGTERM the embedded PostgreSQL stops beside us): not a fault.
      if (error.code === '57P01') this.logger.warn({ msg: 'job queue connection closed by server shutdown' });
      else this.logger.error({ msg: 'job queue error', err: error.message });
    });
    await boss.start();
    for (const definition of this.definitions) {
      // Idempotent; retries are pointless for "wake up" jobs, so none, and a stuck run expires in 10 minutes.
      await boss.createQueue(definition.name, {
        name: definition.name,
        policy: 'standard',
        retryLimit: 0,
        expireInSeconds: 600,
      });
      await boss.work(definition.name, { pollingIntervalSeconds: 2, batchSize: 50 }, async () => {
        await definition.run();
      });
      if (definition.cron) await boss.schedule(definition.name, definition.cron);
    }
    this.boss = boss;
    this.logger.log({ msg: 'job queue started', queues: this.definitions.map((d) => d.name) });
  }

  /** Queues a run; never throws (a lost wake-up only delays work until the next periodic run). */
  async send(name: string, options: SendOptions = {}): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    try {
      if (options.debounceSeconds) {
        await boss.sendDebounced(name, {}, {}, options.debounceSeconds, options.key ?? name);
      } else {
        // A keyed job is sent at most once per key and hour (pg-boss throttling), e.g. one wake-up per due time.
        const once = options.key ? { singletonKey: options.key, singletonHours: 1 } : {};
        await boss.send(name, {}, { startAfter: options.startAfter, ...once });
      }
    } catch (error) {
      this.logger.warn({ msg: 'could not queue a job', queue: name, err: (error as Error).message });
    }
  }

  async onModuleDestroy(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    // Graceful: a running handler finishes (its database work needs the pool, which closes after this hook).
    await boss?.stop({ graceful: true, timeout: 15_000, wait: true });
  }

  /** The URL the TypeORM data source was built from (`dataSourceOptions(url)`): pg-boss opens its own small pool. */
  private connectionString(): string {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) throw new Error('The job queue needs the data source to be configured with a connection URL');
    return url;
  }
}
