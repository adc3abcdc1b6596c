import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { RequestContext } from '../../common/context/request-context';
import { AppException, errorEntry } from '../../common/errors/app-exception';
import { CommonErrorCode } from '../../common/errors/common.errors';
import { localize, LocalizedText } from '../../common/i18n';
import { toFieldErrors } from '../../common/validation/validation';
import type { ImportResults } from '../import-job.entity';
import type { ColumnSpec, ImportKindName } from '../import-kinds';
import type { Parsed } from './cells';

/** One line of the error report. `column` is the template column to blame, null when the row as a whole is. */
export interface RowError {
  column: string | null;
  code: string;
  message: LocalizedText;
}

/** A data row after the header: the template column of each non-empty cell, trimmed. */
export interface MappedRow {
  row: number;
  values: ReadonlyMap<string, string>;
}

export type Prepared<T> = { row: number; value: T } | { row: number; errors: RowError[] };

export interface RowRejection {
  row: number;
  errors: RowError[];
}

export interface WriteOutcome {
  results: ImportResults;
  /** Rows refused while writing whose failure touched nothing else (each ran under its own savepoint). */
  rejected: RowRejection[];
}

/**
 * A row whose write failed after other rows of its batch were written in a way that cannot be undone row by row
 * (a bulk insert): the runner rolls the batch back to its savepoint and writes it again without this row.
 */
export class RowFailure extends Error {
  constructor(readonly rejection: RowRejection) {
    super(`row ${rejection.row} failed`);
    this.name = 'RowFailure';
  }
}

/** The job as a kind sees it: who acts (the uploader), for which organisation, under which job id. */
export interface JobRun {
  jobId: string;
  ctx: RequestContext;
  organizationId: string;
}

/** One kind's work on one job: reference data loaded once in `start`, then batch after batch. */
export interface KindRun<T> {
  /** The rules that need no write, for a batch of rows; every problem of a row is reported. */
  prepare(rows: readonly MappedRow[]): Promise<Prepared<T>[]>;
  /** Writes the accepted rows of a batch in `em`'s transaction (ctx.em is `em`). */
  write(em: EntityManager, rows: readonly { row: number; value: T }[]): Promise<WriteOutcome>;
}

export interface ImportKindHandler<T = unknown> {
  readonly kind: ImportKindName;
  /** Refuses, at upload, a caller who could never import this kind (e.g. not a regency office). */
  assertAllowed?(ctx: RequestContext): Promise<void>;
  start(job: JobRun): Promise<KindRun<T>>;
}

/** Maps an API field path (`domicile.villageCode`, `aliases[1]`) to the template column that fills it. */
export function columnResolver(columns: readonly ColumnSpec[]): (field: string) => string | null {
  const byField = new Map(columns.map((c) => [c.field, c.name]));
  return (field) => {
    let path = field.replace(/\[\d+\]/g, '');
    for (;;) {
      const name = byField.get(path);
      if (name) return name;
      const dot = path.lastIndexOf('.');
      if (dot < 0) return null;
      path = path.slice(0, dot);
    }
  };
}

/** A domain error of a service or rule, as report lines: per field when it names fields, else one line. */
export function rowErrorsOf(error: AppException, columnOf: (field: string) => string | null): RowError[] {
  if (error.fieldErrors?.length) {
    return error.fieldErrors.map((f) => ({ column: columnOf(f.field), code: error.code, message: f.message }));
  }
  const entry = errorEntry(error.code);
  const message = entry
    ? { id: localize(entry.detail, 'id', error.params), en: localize(entry.detail, 'en', error.params) }
    : { id: error.code, en: error.code };
  const field = typeof error.params.field === 'string' ? error.params.field : undefined;
  return [{ column: field ? columnOf(field) : null, code: error.code, message }];
}

/**
 * The API's own DTO validation (class-validator, the same decorators and messages as the REST endpoint) on a value
 * built from a row; problems are reported against the columns.
 */
export function validateDto<T extends object>(
  type: new () => T,
  plain: Record<string, unknown>,
  columnOf: (field: string) => string | null,
): { dto: T; errors: RowError[] } {
  const dto = plainToInstance(type, plain);
  const failures = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const errors = toFieldErrors(failures).map((f) => ({
    column: columnOf(f.field),
    code: 'VALIDATION_FAILED',
    message: f.message,
  }));
  return { dto, errors };
}

/** Collects the parsed value of a cell, or a report line for its column. */
export function take<T>(parsed: Parsed<T>, column: string, errors: RowError[]): T | undefined {
  if ('problem' in parsed) {
    errors.push({ column, code: 'VALIDATION_FAILED', message: parsed.problem });
    return undefined;
  }
  return parsed.value;
}

// PostgreSQL errors only bad input can cause (as the API maps them, docs/errors.md): the row is refused.
const INPUT_SQLSTATES: Record<string, CommonErrorCode> = {
  '23505': CommonErrorCode.CONFLICT,
  '23503': CommonErrorCode.CONFLICT,
  '23514': CommonErrorCode.BAD_REQUEST,
  '23502': CommonErrorCode.BAD_REQUEST,
  '22P02': CommonErrorCode.BAD_REQUEST,
  '22001': CommonErrorCode.BAD_REQUEST,
  '22003': CommonErrorCode.BAD_REQUEST,
  '22007': CommonErrorCode.BAD_REQUEST,
  '22008': CommonErrorCode.BAD_REQUEST,
};

function sqlState(error: unknown): string | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string } | undefined)?.code : undefined;
}

/** Whether an error is one the row's data caused (refuse the row) rather than a fault of the service (stop). */
export function isRowError(error: unknown): error is AppException | QueryFailedError {
  if (error instanceof AppException) {
    const status = errorEntry(error.code)?.status ?? 500;
    return status >= 400 && status < 500;
  }
  const state = sqlState(error);
  return state !== undefined && state in INPUT_SQLSTATES;
}

/** Report lines for an error {@link isRowError} accepted. */
export function rowErrorsFrom(
  error: AppException | QueryFailedError,
  columnOf: (field: string) => string | null,
  columnOfCode: Record<string, string> = {},
): RowError[] {
  const exception =
    error instanceof AppException ? error : new AppException(INPUT_SQLSTATES[sqlState(error) ?? ''] ?? 'BAD_REQUEST');
  return rowErrorsOf(exception, columnOf).map((e) => ({
    ...e,
    column: e.column ?? columnOfCode[exception.code] ?? null,
  }));
}

/**
 * Runs `work` for each row under its own savepoint: a row the service refuses (a 4xx domain error) is rolled back
 * alone and reported; anything else stops the batch. For kinds written row by row through a module's service.
 */
export async function eachRowInSavepoint<T>(
  em: EntityManager,
  rows: readonly { row: number; value: T }[],
  columnOf: (field: string) => string | null,
  work: (item: { row: number; value: T }) => Promise<void>,
  /** The column to blame for an error that names no field (e.g. BUSINESS_NOT_FOUND → id_usaha). */
  columnOfCode: Record<string, string> = {},
): Promise<RowRejection[]> {
  const rejected: RowRejection[] = [];
  for (const item of rows) {
    await em.query('SAVEPOINT import_row');
    try {
      await work(item);
      await em.query('RELEASE SAVEPOINT import_row');
    } catch (error) {
      await em.query('ROLLBACK TO SAVEPOINT import_row');
      if (error instanceof RowFailure) {
        rejected.push(error.rejection);
        continue;
      }
      if (!isRowError(error)) throw error;
      rejected.push({ row: item.row, errors: rowErrorsFrom(error, columnOf, columnOfCode) });
    }
  }
  return rejected;
}
