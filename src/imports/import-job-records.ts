import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { ImportJob, ImportResults } from './import-job.entity';
import { RowRejection } from './kinds/import-kind';

/** A running job not heard from for this long is taken over (its process died); every batch renews it. */
export const LEASE_SECONDS = 120;
/** Lines of the error report kept per job; the counts stay exact beyond it. */
export const MAX_STORED_ERRORS = 10_000;

export interface Progress {
  rowsRead: number;
  rowsValid: number;
  rowsRejected: number;
  rowsImported: number;
  errorsStored: number;
  results: ImportResults;
}

/** Another runner took the job over (this one stalled past its lease). */
export class LeaseLost extends Error {}

/**
 * What a run writes about its job: the claim, progress and checkpoint, report lines, the outcome. Every write after
 * the claim is fenced by the attempt number, so a runner that lost its lease cannot write over a newer one.
 */
@Injectable()
export class ImportJobRecords {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async claim(skip: string[]): Promise<ImportJob | null> {
    // An UPDATE answers [rows, affected count].
    const [[claimed]] = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE import_jobs SET status = 'RUNNING', attempts = attempts + 1,
              lease_until = now() + make_interval(secs => $1), started_at = COALESCE(started_at, now()),
              updated_at = now()
        WHERE id = (SELECT id FROM import_jobs
                     WHERE (status = 'QUEUED' OR (status = 'RUNNING' AND lease_until < now())) AND NOT (id = ANY($2))
                     ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [LEASE_SECONDS, skip],
    );
    if (!claimed) return null;
    return this.dataSource.getRepository(ImportJob).findOneByOrFail({ id: claimed.id });
  }

  /** A run that does not resume starts from nothing: the report and counts of an earlier, interrupted run go. */
  async restart(job: ImportJob): Promise<void> {
    await this.dataSource.query(`DELETE FROM import_row_errors WHERE job_id = $1`, [job.id]);
    await this.dataSource.query(
      `UPDATE import_jobs SET rows_read = 0, rows_valid = 0, rows_rejected = 0, rows_imported = 0, errors_stored = 0,
              results = '{}', bytes_read = 0, checkpoint = 0
        WHERE id = $1 AND attempts = $2`,
      [job.id, job.attempts],
    );
  }

  async storeErrors(em: EntityManager, job: ImportJob, stored: number, rejected: RowRejection[]): Promise<number> {
    const lines = rejected
      .sort((a, b) => a.row - b.row)
      .flatMap((r) => r.errors.map((e) => ({ row: r.row, ...e })))
      .slice(0, Math.max(0, MAX_STORED_ERRORS - stored));
    if (lines.length === 0) return 0;
    await em.query(
      `INSERT INTO import_row_errors (job_id, seq, row_number, column_name, code, message_id, message_en)
       SELECT $1, $2 + r.n, r.row_number, r.column_name, r.code, r.message_id, r.message_en
         FROM jsonb_to_recordset($3::jsonb)
           AS r(n int, row_number int, column_name text, code text, message_id text, message_en text)`,
      [
        job.id,
        stored,
        JSON.stringify(
          lines.map((line, n) => ({
            n,
            row_number: line.row,
            column_name: line.column?.slice(0, 100) ?? null,
            code: line.code.slice(0, 60),
            message_id: line.message.id.slice(0, 1000),
            message_en: line.message.en.slice(0, 1000),
          })),
        ),
      ],
    );
    return lines.length;
  }

  /** Progress, lease and (valid-rows-only) checkpoint, fenced by the attempt: a runner that lost the job stops. */
  async saveProgress(
    em: EntityManager,
    job: ImportJob,
    progress: Progress,
    bytesRead: number,
    checkpoint: boolean,
  ): Promise<void> {
    const [, affected] = await em.query<[unknown, number]>(
      `UPDATE import_jobs SET rows_read = $3, rows_valid = $4, rows_rejected = $5, rows_imported = $6,
              errors_stored = $7, results = $8, bytes_read = $9, checkpoint = CASE WHEN $10::boolean THEN $3::integer ELSE 0 END,
              lease_until = now() + make_interval(secs => $11), updated_at = now()
        WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`,
      [
        job.id,
        job.attempts,
        progress.rowsRead,
        progress.rowsValid,
        progress.rowsRejected,
        progress.rowsImported,
        progress.errorsStored,
        JSON.stringify(progress.results),
        bytesRead,
        checkpoint,
        LEASE_SECONDS,
      ],
    );
    if (affected === 0) throw new LeaseLost();
  }

  /** Back to the queue: after a system error (the attempt counts), or on shutdown (it does not). */
  async requeue(job: ImportJob, countAttempt: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_jobs SET status = 'QUEUED', attempts = attempts - $3, lease_until = NULL, updated_at = now()
        WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`,
      [job.id, job.attempts, countAttempt ? 0 : 1],
    );
  }

  /** The end of a job: its outcome, the stored file deleted, one audit event for the job. */
  async finish(
    job: ImportJob,
    ctx: RequestContext | null,
    status: 'COMPLETED' | 'FAILED',
    progress: Progress | null,
    error?: { code: string; params: Record<string, unknown>; details?: unknown[] },
    single?: QueryRunner,
  ): Promise<void> {
    const em = single?.manager ?? this.dataSource.manager;
    const [, affected] = await em.query<[unknown, number]>(
      `UPDATE import_jobs SET status = $3::varchar, finished_at = now(), lease_until = NULL, updated_at = now(),
              bytes_read = CASE WHEN $3::varchar = 'COMPLETED' THEN file_size ELSE bytes_read END,
              rows_read = COALESCE($4, rows_read), rows_valid = COALESCE($5, rows_valid),
              rows_rejected = COALESCE($6, rows_rejected), rows_imported = COALESCE($7, rows_imported),
              errors_stored = COALESCE($8, errors_stored), results = COALESCE($9, results),
              error_code = $10, error_params = $11, error_details = $12
        WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`,
      [
        job.id,
        job.attempts,
        status,
        progress?.rowsRead ?? null,
        progress?.rowsValid ?? null,
        progress?.rowsRejected ?? null,
        progress?.rowsImported ?? null,
        progress?.errorsStored ?? null,
        progress ? JSON.stringify(progress.results) : null,
        error?.code ?? null,
        error ? JSON.stringify(error.params) : null,
        error?.details?.length ? JSON.stringify(error.details) : null,
      ],
    );
    if (affected === 0) throw new LeaseLost();
    // The file is not needed once the job has ended; its SHA-256 stays for Idempotency-Key replays.
    await em.query(`DELETE FROM import_file_chunks WHERE job_id = $1`, [job.id]);
    const auditCtx = ctx ?? this.contextOf(job);
    await this.audit.record(auditCtx, {
      action: 'IMPORT',
      resourceType: 'import-job',
      resourceId: job.id,
      changedFields: [],
      purpose: 'IMPORT',
    });
  }

  /** The uploader, as their token said at upload: the job acts with their rights and is audited as them. */
  contextOf(job: ImportJob): RequestContext {
    const ctx = new RequestContext(`import:${job.id}`, 'id', job.requestIp ?? '127.0.0.1', job.purpose ?? 'IMPORT');
    ctx.principal = { ...job.principal, permissions: new Set(job.principal.permissions) };
    return ctx;
  }
}
