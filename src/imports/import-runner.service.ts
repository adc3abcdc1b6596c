import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import { AppConfig } from '../config/app-config';
import { JobQueue } from '../integration/job-queue.service';
import { ImportJob, ImportResults } from './import-job.entity';
import { ImportJobRecords, LeaseLost, Progress } from './import-job-records';
import { ImportKindName, KIND_SPECS } from './import-kinds';
import { mapRow, mergeErrors } from './import-rows';
import { IMPORT_QUEUE } from './import-wake';
import { ImportErrorCode } from './imports.errors';
import { AttendanceImport } from './kinds/attendance.kind';
import { BusinessReportsImport } from './kinds/business-reports.kind';
import { EksKlienImport } from './kinds/eks-klien.kind';
import {
  ImportKindHandler,
  KindRun,
  MappedRow,
  Prepared,
  RowError,
  RowFailure,
  RowRejection,
} from './kinds/import-kind';
import { PersonsImport } from './kinds/persons.kind';
import { StoredFileRanges, StoredFileStream } from './reading/chunk-stream';
import { readCsv } from './reading/csv-reader';
import { HeaderMap, mapHeader } from './reading/header';
import { ImportFatalError, SourceRow } from './reading/source-row';
import { readXlsx } from './reading/xlsx-reader';

/** Rows checked and written together: one set of statements, and in valid-rows-only one transaction. */
export const BATCH_ROWS = 1000;
/** Runs that end in a system error before the job is given up (a file that crashes the process must not loop). */
export const MAX_ATTEMPTS = 3;
const NIK_RACE_RETRIES = 3;
/** Rows checked between two turns of the event loop. */
const PREPARE_SLICE = 100;

type PendingRow = { row: number; mapped: MappedRow | null; errors: RowError[] };

/** The process is stopping: the job goes back to the queue. */
class Stopping extends Error {}

/**
 * Runs import jobs in the background (pg-boss queue `imports`, DESIGN.md §7), reading the stored file as a stream
 * and working in batches:
 *
 * - `validate-only`: one transaction, rolled back at the end: the report is exactly what an import would say,
 *   nothing stays written.
 * - `all-or-nothing`: one transaction, committed with the job's COMPLETED status only if no row was rejected. A
 *   crash rolls it back (PostgreSQL does), and the next run starts over.
 * - `valid-rows-only`: one transaction per batch, holding the batch's rows, its error lines and the job's
 *   checkpoint; a run that stops (crash, deploy) resumes after the last committed batch, without duplicates.
 *
 * Jobs are claimed with SKIP LOCKED and a lease, so any instance can run any job and a dead instance's job is
 * taken over; every write of the job is fenced by its attempt number, so a stalled runner cannot write over a newer.
 */
@Injectable()
export class ImportRunner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ImportRunner');
  private readonly handlers: Record<ImportKindName, ImportKindHandler<unknown>>;
  private passes: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly records: ImportJobRecords,
    persons: PersonsImport,
    eksKlien: EksKlienImport,
    businessReports: BusinessReportsImport,
    attendance: AttendanceImport,
  ) {
    this.handlers = {
      persons: persons as ImportKindHandler<unknown>,
      'eks-klien': eksKlien as ImportKindHandler<unknown>,
      'business-reports': businessReports as ImportKindHandler<unknown>,
      attendance: attendance as ImportKindHandler<unknown>,
    };
  }

  handler(kind: ImportKindName): ImportKindHandler<unknown> {
    return this.handlers[kind];
  }

  onModuleInit(): void {
    this.jobs.define({
      name: IMPORT_QUEUE,
      // The sweep: picks up jobs whose wake-up was lost and jobs whose runner died (expired lease).
      cron: '* * * * *',
      run: async () => {
        await this.runOnce();
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    // A running job stops at its next batch and goes back to the queue (valid-rows-only keeps its checkpoint).
    this.stopping = true;
    await this.passes;
  }

  /**
   * Runs every claimable job once, one after the other, and resolves with how many ran. Passes in this process do
   * not overlap; a job that fails on a system error is retried by a later pass, not this one.
   */
  runOnce(): Promise<number> {
    const pass = this.passes.then(() => this.pass());
    this.passes = pass.catch((error: unknown) =>
      this.logger.error({ msg: 'import pass failed', err: (error as Error).message }),
    );
    return pass;
  }

  private async pass(): Promise<number> {
    const tried = new Set<string>();
    while (!this.stopping) {
      const job = await this.records.claim([...tried]);
      if (!job) break;
      tried.add(job.id);
      await this.run(job);
    }
    return tried.size;
  }

  private async run(job: ImportJob): Promise<void> {
    if (job.attempts > MAX_ATTEMPTS) {
      await this.records.finish(job, null, 'FAILED', null, {
        code: ImportErrorCode.IMPORT_GAVE_UP,
        params: { attempts: MAX_ATTEMPTS },
      });
      return;
    }
    const ctx = this.records.contextOf(job);
    const resume = job.mode === 'valid-rows-only';
    const progress: Progress = resume
      ? {
          rowsRead: job.checkpoint,
          rowsValid: job.rowsValid,
          rowsRejected: job.rowsRejected,
          rowsImported: job.rowsImported,
          errorsStored: job.errorsStored,
          results: job.results,
        }
      : { rowsRead: 0, rowsValid: 0, rowsRejected: 0, rowsImported: 0, errorsStored: 0, results: {} };
    if (!resume) await this.records.restart(job);
    // CSV is read front to back; an XLSX file is a zip, whose directory at the end says where its parts are.
    const file =
      job.format === 'XLSX'
        ? new StoredFileRanges(this.dataSource, job.id, job.fileSize)
        : new StoredFileStream(this.dataSource, job.id);
    // all-or-nothing and validate-only: everything in one transaction, on a connection of its own.
    const single = resume ? null : this.dataSource.createQueryRunner();
    try {
      if (single) {
        await single.connect();
        await single.startTransaction();
      }
      const kind = await this.handlers[job.kind].start({ jobId: job.id, ctx, organizationId: job.organizationId });
      await this.readAll(job, ctx, kind, file, progress, single);
      await this.complete(job, ctx, progress, single);
    } catch (error) {
      await single?.rollbackTransaction().catch(() => undefined);
      await this.stopped(job, error, progress, resume);
    } finally {
      ctx.em = undefined;
      if (file instanceof StoredFileStream) file.destroy();
      await single?.release();
    }
  }

  private async readAll(
    job: ImportJob,
    ctx: RequestContext,
    kind: KindRun<unknown>,
    file: StoredFileStream | StoredFileRanges,
    progress: Progress,
    single: QueryRunner | null,
  ): Promise<void> {
    const specs = KIND_SPECS[job.kind].columns;
    const rows: AsyncGenerator<SourceRow> =
      file instanceof StoredFileRanges ? readXlsx(file) : readCsv(file, job.csvDelimiter ?? ',');
    let header: HeaderMap | null = null;
    let skip = progress.rowsRead;
    let read = progress.rowsRead;
    let batch: PendingRow[] = [];
    // Pipelined: the next batch is read and checked (CPU, here) while the previous one is written (the database's
    // CPU); writes stay in file order, each starting when the one before has committed.
    let writing: Promise<void> | null = null;
    const flush = async (rowsOfBatch: PendingRow[]): Promise<void> => {
      const prepared = await this.prepare(kind, rowsOfBatch);
      if (writing) await writing;
      if (this.stopping) throw new Stopping();
      writing = this.batch(job, ctx, kind, rowsOfBatch, prepared, progress, single, file.bytesRead);
      // Awaited before the next write or at the end; this only keeps a failure from being "unhandled" meanwhile.
      writing.catch(() => undefined);
    };
    try {
      for await (const source of rows) {
        if (!header) {
          header = mapHeader(source.cells, specs);
          if (header.problems.length > 0) {
            throw new ImportFatalError(ImportErrorCode.IMPORT_COLUMNS_INVALID, { kind: job.kind }, header.problems);
          }
          continue;
        }
        if (skip > 0) {
          skip--;
          continue;
        }
        if (read >= this.config.importMaxRows) {
          throw new ImportFatalError(ImportErrorCode.IMPORT_TOO_MANY_ROWS, { limit: this.config.importMaxRows });
        }
        read++;
        batch.push({ row: source.row, ...mapRow(source, header, specs) });
        if (batch.length >= BATCH_ROWS) {
          await flush(batch);
          batch = [];
        }
      }
      if (!header) {
        throw new ImportFatalError(ImportErrorCode.IMPORT_FILE_UNREADABLE, {
          reason: { id: 'tidak ada baris judul', en: 'there is no header row' },
        });
      }
      if (batch.length > 0) await flush(batch);
    } finally {
      // Whatever stopped the reading, the write in flight ends (commits or fails) before the run goes on.
      if (writing) await (writing as Promise<void>).catch(() => undefined);
    }
    if (writing) await writing;
  }

  /** The kind's checks of a batch, a slice at a time, so that a write in flight gets its turns in between. */
  private async prepare(kind: KindRun<unknown>, batch: PendingRow[]): Promise<Map<number, Prepared<unknown>>> {
    const readable = batch.filter((b) => b.mapped !== null).map((b) => b.mapped!);
    const prepared = new Map<number, Prepared<unknown>>();
    for (let i = 0; i < readable.length; i += PREPARE_SLICE) {
      for (const p of await kind.prepare(readable.slice(i, i + PREPARE_SLICE))) prepared.set(p.row, p);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return prepared;
  }

  /** Writes and records one checked batch; in valid-rows-only as one transaction with the checkpoint. */
  private async batch(
    job: ImportJob,
    ctx: RequestContext,
    kind: KindRun<unknown>,
    batch: PendingRow[],
    prepared: Map<number, Prepared<unknown>>,
    progress: Progress,
    single: QueryRunner | null,
    bytesRead: number,
  ): Promise<void> {
    const rejected: RowRejection[] = [];
    const accepted: { row: number; value: unknown }[] = [];
    for (const item of batch) {
      const result = prepared.get(item.row);
      const errors = mergeErrors(item.errors, result && 'errors' in result ? result.errors : []);
      if (errors.length > 0 || !result || !('value' in result)) {
        rejected.push({ row: item.row, errors });
      } else {
        accepted.push({ row: item.row, value: result.value });
      }
    }
    const work = async (em: EntityManager): Promise<Progress> => {
      // The services the kinds call write through ctx.em: this batch's transaction (or the single one).
      ctx.em = em;
      const outcome = await this.write(em, kind, accepted, rejected);
      const refused = new Set(rejected.map((r) => r.row));
      const next: Progress = {
        rowsRead: progress.rowsRead + batch.length,
        rowsRejected: progress.rowsRejected + refused.size,
        rowsValid: progress.rowsValid + batch.length - refused.size,
        rowsImported: progress.rowsImported + (single ? 0 : batch.length - refused.size),
        errorsStored: progress.errorsStored,
        results: addResults(progress.results, outcome),
      };
      // valid-rows-only: the report lines and the checkpoint commit with the rows. Otherwise they go beside the
      // single transaction, so that the report survives its rollback.
      const side = single ? this.dataSource.manager : em;
      next.errorsStored += await this.records.storeErrors(side, job, progress.errorsStored, rejected);
      await this.records.saveProgress(side, job, next, bytesRead, !single);
      return next;
    };
    if (single) {
      Object.assign(progress, await work(single.manager));
      return;
    }
    try {
      // The counts move on only once the batch has committed: they are what a failed job reports as imported.
      Object.assign(progress, await this.dataSource.transaction((em) => work(em)));
    } finally {
      ctx.em = undefined;
    }
  }

  /** The kind's write under a savepoint; a row that fails after others were written is dropped and the rest rewritten. */
  private async write(
    em: EntityManager,
    kind: KindRun<unknown>,
    accepted: { row: number; value: unknown }[],
    rejected: RowRejection[],
  ): Promise<ImportResults> {
    let pending = accepted;
    let races = 0;
    for (;;) {
      if (pending.length === 0) return {};
      await em.query('SAVEPOINT import_batch');
      try {
        const outcome = await kind.write(em, pending);
        await em.query('RELEASE SAVEPOINT import_batch');
        rejected.push(...outcome.rejected);
        return outcome.results;
      } catch (error) {
        await em.query('ROLLBACK TO SAVEPOINT import_batch');
        if (error instanceof RowFailure) {
          rejected.push(error.rejection);
          pending = pending.filter((p) => p.row !== error.rejection.row);
          continue;
        }
        // Someone registered one of the batch's NIKs meanwhile: look again, and update that person instead.
        if (isNikRace(error) && races++ < NIK_RACE_RETRIES) continue;
        throw error;
      }
    }
  }

  private async complete(
    job: ImportJob,
    ctx: RequestContext,
    progress: Progress,
    single: QueryRunner | null,
  ): Promise<void> {
    if (!single) {
      await this.records.finish(job, ctx, 'COMPLETED', progress);
      return;
    }
    if (job.mode === 'all-or-nothing' && progress.rowsRejected === 0) {
      // The rows and the job's COMPLETED commit together, or neither does.
      ctx.em = single.manager;
      await this.records.finish(
        job,
        ctx,
        'COMPLETED',
        { ...progress, rowsImported: progress.rowsValid },
        undefined,
        single,
      );
      await single.commitTransaction();
      return;
    }
    await single.rollbackTransaction();
    ctx.em = undefined;
    if (job.mode === 'validate-only') await this.records.finish(job, ctx, 'COMPLETED', progress);
    else {
      await this.records.finish(job, ctx, 'FAILED', progress, {
        code: ImportErrorCode.IMPORT_ROWS_REJECTED,
        params: { rejected: progress.rowsRejected },
      });
    }
  }

  /** Why a run ended early: the file (FAILED), a stop or lost lease (back to the queue), or a system error (retry). */
  private async stopped(job: ImportJob, error: unknown, progress: Progress, resume: boolean): Promise<void> {
    if (error instanceof LeaseLost) {
      this.logger.warn({ msg: 'import lease lost to another runner', jobId: job.id });
      return;
    }
    if (error instanceof Stopping) {
      await this.records.requeue(job, false);
      return;
    }
    if (error instanceof ImportFatalError) {
      const kept = resume ? progress : { ...progress, rowsImported: 0 };
      await this.records.finish(job, this.records.contextOf(job), 'FAILED', kept, {
        code: error.code,
        params: error.params,
        details: error.details,
      });
      return;
    }
    this.logger.error({
      msg: 'import run failed',
      jobId: job.id,
      attempt: job.attempts,
      err: error instanceof Error ? error.message : String(error),
    });
    if (job.attempts >= MAX_ATTEMPTS) {
      await this.records.finish(job, this.records.contextOf(job), 'FAILED', resume ? progress : null, {
        code: ImportErrorCode.IMPORT_GAVE_UP,
        params: { attempts: job.attempts },
      });
      return;
    }
    await this.records.requeue(job, true);
  }
}

function addResults(total: ImportResults, delta: ImportResults): ImportResults {
  const sum: Record<string, number> = { ...(total as Record<string, number>) };
  for (const [key, value] of Object.entries(delta)) sum[key] = (sum[key] ?? 0) + (value as number);
  return sum;
}

function isNikRace(error: unknown): boolean {
  const driver = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
  return error instanceof QueryFailedError && driver?.code === '23505' && driver.constraint === 'uq_persons_nik_index';
}
