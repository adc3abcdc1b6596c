import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile, Multipart } from '@fastify/multipart';
import { isUtf8 } from 'node:buffer';
import type { ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IdempotencyService, IDEMPOTENCY_TTL_HOURS } from '../common/idempotency/idempotency.service';
import { LocalizedText } from '../common/i18n';
import { AppConfig } from '../config/app-config';
import { ScopePolicy } from '../identity/scope-policy.service';
import { ImportJob } from './import-job.entity';
import {
  IMPORT_KINDS,
  IMPORT_MODES,
  ImportKindName,
  ImportMode,
  isImportKind,
  isImportMode,
  KIND_SPECS,
} from './import-kinds';
import { ImportRunner } from './import-runner.service';
import { ImportWake } from './import-wake';
import { ImportErrorCode } from './imports.errors';
import { CHUNK_BYTES } from './reading/chunk-stream';
import { sniffDelimiter } from './reading/csv-reader';
import { checkZipTail, HEAD_BYTES, sniffHead, TAIL_BYTES } from './reading/file-type';
import { mapHeader } from './reading/header';

/** After a 413, the rest of the upload is read and dropped for this long or this much, then the connection closes. */
const LINGER_MS = 2000;
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * Closes the connection of a refused upload soon after the answer has gone out. Closing at once would make the
 * operating system reset the connection while the client is still sending, and the client could lose the 413 with
 * it; reading everything would read a 2 GB upload. So, as web servers do ("lingering close"): answer, drop what
 * keeps coming for a moment, then close.
 */
export function closeAfterAnswer(response: ServerResponse): void {
  response.once('finish', () => {
    const socket = response.socket ?? response.req.socket;
    let dropped = 0;
    response.req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) socket.destroy();
    });
    response.req.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

/** Room for the multipart envelope (boundaries, part headers, the two small fields) around the file itself. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export interface UploadResult {
  jobId: string;
  /** An earlier upload with the same Idempotency-Key and the same file: its job, not a new one. */
  replayed: boolean;
}

interface Form {
  kind?: ImportKindName;
  mode?: ImportMode;
}

/**
 * `POST /api/v1/imports`: streams the multipart upload into PostgreSQL (`import_file_chunks`, 256 KiB pieces)
 * inside the request's transaction, hashing it on the way, and queues a job. Nothing is buffered whole: a file over
 * IMPORT_MAX_BYTES is refused (413) as soon as the limit is crossed, and the transaction rolls back what was stored.
 * The type is decided by content (a ZIP holding `xl/workbook.xml` is XLSX, UTF-8 text is CSV), never by the name.
 */
@Injectable()
export class ImportUploads {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly idempotency: IdempotencyService,
    private readonly runner: ImportRunner,
    private readonly wake: ImportWake,
  ) {}

  async upload(ctx: RequestContext, request: FastifyRequest): Promise<UploadResult> {
    const principal = this.scope.principal(ctx);
    if (!request.isMultipart()) throw new AppException(ImportErrorCode.IMPORT_MULTIPART_REQUIRED);
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > this.config.importMaxBytes + FORM_OVERHEAD_BYTES) throw this.tooLarge();
    const rawKey = request.headers['idempotency-key'];
    const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
    if (key !== undefined) this.idempotency.validateKey(key);

    const form: Form = {};
    let result: UploadResult | undefined;
    try {
      const parts = request.parts({
        limits: { fileSize: this.config.importMaxBytes, files: 1, fields: 4, fieldSize: 200, parts: 5 },
      });
      for await (const part of parts) {
        if (result) throw formError({ id: 'file harus isian terakhir', en: 'file must be the last field' });
        if (part.type === 'field') await this.field(ctx, form, part);
        else result = await this.file(ctx, form, part, key);
      }
    } catch (error) {
      throw this.uploadError(error);
    }
    if (!result) {
      throw new AppException(CommonErrorCode.VALIDATION_FAILED, {}, [
        ...(form.kind ? [] : [{ field: 'kind', message: REQUIRED }]),
        ...(form.mode ? [] : [{ field: 'mode', message: REQUIRED }]),
        { field: 'file', message: REQUIRED },
      ]);
    }
    void principal;
    return result;
  }

  private async field(ctx: RequestContext, form: Form, part: Multipart): Promise<void> {
    const value = String((part as { value?: unknown }).value ?? '').trim();
    if (part.fieldname === 'kind' && form.kind === undefined) {
      if (!isImportKind(value)) throw oneOf('kind', IMPORT_KINDS);
      await this.assertMayImport(ctx, value);
      form.kind = value;
    } else if (part.fieldname === 'mode' && form.mode === undefined) {
      if (!isImportMode(value)) throw oneOf('mode', IMPORT_MODES);
      form.mode = value;
    } else {
      throw formError({
        id: `isian ${part.fieldname.slice(0, 40)} tidak dikenal atau berulang; kirim kind, mode lalu file`,
        en: `field ${part.fieldname.slice(0, 40)} is unknown or repeated; send kind, mode, then file`,
      });
    }
  }

  /** The kind's permissions (403 otherwise), and whatever else the kind asks of the caller's organisation. */
  async assertMayImport(ctx: RequestContext, kind: ImportKindName): Promise<void> {
    const principal = this.scope.principal(ctx);
    if (!KIND_SPECS[kind].permissions.every((p) => principal.permissions.has(p))) {
      throw new AppException(CommonErrorCode.FORBIDDEN);
    }
    await this.runner.handler(kind).assertAllowed?.(ctx);
  }

  private async file(
    ctx: RequestContext,
    form: Form,
    part: MultipartFile,
    key: string | undefined,
  ): Promise<UploadResult> {
    if (part.fieldname !== 'file') {
      throw formError({ id: 'berkas harus dikirim dalam isian file', en: 'the file must be sent in the field file' });
    }
    if (!form.kind || !form.mode) {
      // Streaming: the file is stored as it arrives, so what it is for must be known before it starts.
      throw formError({ id: 'kirim kind dan mode sebelum file', en: 'send kind and mode before file' });
    }
    const principal = this.scope.principal(ctx);
    const em = this.tx.manager(ctx);
    const scope = `${principal.kind}:${principal.id}`;
    if (key !== undefined) {
      // A key is remembered for 24 hours, as every Idempotency-Key is (docs/api-guide.md).
      await em.query(
        `UPDATE import_jobs SET idempotency_scope = NULL, idempotency_key = NULL
          WHERE idempotency_scope = $1 AND idempotency_key = $2
            AND created_at < now() - make_interval(hours => $3)`,
        [scope, key, IDEMPOTENCY_TTL_HOURS],
      );
    }
    // A concurrent upload with the same key waits here on the unique index until the first one commits.
    const [claimed] = await em.query<{ id: string }[]>(
      `INSERT INTO import_jobs (kind, mode, status, file_name, organization_id, requested_by, requested_by_kind,
                                principal, request_ip, purpose, idempotency_scope, idempotency_key)
       VALUES ($1, $2, 'UPLOADING', $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (idempotency_scope, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        form.kind,
        form.mode,
        cleanName(part.filename),
        principal.organizationId,
        principal.id,
        principal.kind,
        JSON.stringify({ ...principal, permissions: [...principal.permissions] }),
        ctx.ip.slice(0, 64),
        ctx.purpose?.slice(0, 200) ?? null,
        key === undefined ? null : scope,
        key ?? null,
      ],
    );
    if (!claimed) return this.replay(em, scope, key!, form, part);

    const stored = await this.store(em, claimed.id, form.kind, part);
    await em.query(
      `UPDATE import_jobs SET status = 'QUEUED', format = $2, csv_delimiter = $3, file_size = $4, file_sha256 = $5,
              updated_at = now()
        WHERE id = $1`,
      [claimed.id, stored.format, stored.delimiter, stored.size, stored.sha256],
    );
    await this.audit.record(ctx, {
      action: 'CREATE',
      resourceType: 'import-job',
      resourceId: claimed.id,
      changedFields: ['kind', 'mode', 'file'],
    });
    this.wake.afterCommit(em);
    return { jobId: claimed.id, replayed: false };
  }

  /** The same key again: the same file (by SHA-256), kind and mode is the same job; anything else is refused. */
  private async replay(
    em: EntityManager,
    scope: string,
    key: string,
    form: Form,
    part: MultipartFile,
  ): Promise<UploadResult> {
    const hash = createHash('sha256');
    for await (const chunk of this.chunks(part)) hash.update(chunk);
    const existing = await em.getRepository(ImportJob).findOneBy({ idempotencyScope: scope, idempotencyKey: key });
    if (
      !existing ||
      existing.fileSha256 !== hash.digest('hex') ||
      existing.kind !== form.kind ||
      existing.mode !== form.mode
    ) {
      throw new AppException(CommonErrorCode.IDEMPOTENCY_KEY_REUSED);
    }
    return { jobId: existing.id, replayed: true };
  }

  /** Streams the file into chunks while hashing it; refuses what is neither CSV nor XLSX as soon as it can tell. */
  private async store(
    em: EntityManager,
    jobId: string,
    kind: ImportKindName,
    part: MultipartFile,
  ): Promise<{ format: 'CSV' | 'XLSX'; delimiter: string | null; size: number; sha256: string }> {
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let head: Buffer | null = Buffer.alloc(0);
    let type: 'ZIP' | 'TEXT' | undefined;
    let delimiter: string | null = null;
    let lastPiece = Buffer.alloc(0);
    const judgeHead = (complete: boolean): void => {
      if (head === null || (!complete && head.length < HEAD_BYTES)) return;
      const verdict = sniffHead(head);
      if ('refused' in verdict) throw new AppException(ImportErrorCode.IMPORT_FILE_TYPE, { reason: verdict.refused });
      type = verdict.type;
      if (type === 'TEXT') delimiter = checkCsvHeader(head, kind, complete);
      head = null;
    };
    const flush = async (all: boolean): Promise<void> => {
      while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
        const joined = Buffer.concat(pending);
        const piece = joined.subarray(0, Math.min(CHUNK_BYTES, joined.length));
        const rest = joined.subarray(piece.length);
        await em.query(`INSERT INTO import_file_chunks (job_id, seq, data) VALUES ($1, $2, $3)`, [jobId, seq++, piece]);
        lastPiece = piece;
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
      }
    };
    for await (const chunk of this.chunks(part)) {
      hash.update(chunk);
      size += chunk.length;
      if (head !== null) {
        head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
        judgeHead(false);
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      await flush(false);
    }
    if (size === 0) throw new AppException(ImportErrorCode.IMPORT_FILE_EMPTY);
    judgeHead(true);
    const tail = Buffer.concat([lastPiece, ...pending]);
    await flush(true);
    if (type === 'ZIP') {
      const zip = checkZipTail(tail.subarray(Math.max(0, tail.length - TAIL_BYTES)), size);
      if ('refused' in zip) throw new AppException(ImportErrorCode.IMPORT_FILE_TYPE, { reason: zip.refused });
    }
    return { format: type === 'ZIP' ? 'XLSX' : 'CSV', delimiter, size, sha256: hash.digest('hex') };
  }

  /**
   * The file's bytes, failing with 413 the moment it crosses IMPORT_MAX_BYTES. Busboy stops passing data on at the
   * limit but keeps reading the part to its end; the stream is destroyed instead, so that a 2 GB upload is not read.
   */
  private chunks(part: MultipartFile): AsyncIterable<Buffer> {
    const file = part.file;
    if (file.truncated) file.destroy(this.tooLarge());
    file.once('limit', () => file.destroy(this.tooLarge()));
    return file as AsyncIterable<Buffer>;
  }

  private tooLarge(): AppException {
    return new AppException(ImportErrorCode.IMPORT_FILE_TOO_LARGE, { limit: this.config.importMaxBytes });
  }

  /** Errors of the multipart parser, in our terms. */
  private uploadError(error: unknown): unknown {
    if (error instanceof AppException) return error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') return this.tooLarge();
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      return formError({
        id: 'terlalu banyak isian; kirim hanya kind, mode dan file',
        en: 'too many fields; send only kind, mode and file',
      });
    }
    if (code === 'FST_PROTO_VIOLATION' || code === 'FST_INVALID_JSON_FIELD_ERROR') {
      return formError({ id: 'isian formulir tidak valid', en: 'invalid form field' });
    }
    // Busboy's own errors: a malformed or truncated multipart body.
    if (
      error instanceof Error &&
      !(error as { statusCode?: number }).statusCode &&
      /multipart|part|boundary|form/i.test(error.message)
    ) {
      return formError({ id: 'badan multipart rusak atau terpotong', en: 'malformed or truncated multipart body' });
    }
    return error;
  }
}

const REQUIRED: LocalizedText = { id: 'wajib diisi', en: 'is required' };

function formError(reason: LocalizedText): AppException {
  return new AppException(ImportErrorCode.IMPORT_FORM_INVALID, { reason });
}

function oneOf(field: string, values: readonly string[]): AppException {
  const list = values.join(', ');
  return new AppException(CommonErrorCode.VALIDATION_FAILED, {}, [
    { field, message: { id: `harus salah satu dari: ${list}`, en: `must be one of: ${list}` } },
  ]);
}

/** The name the client gave, for people to recognise their upload; never used as a path or to decide the type. */
function cleanName(name: string | undefined): string | null {
  const cleaned = (name ?? '').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  return cleaned.length > 0 ? cleaned.slice(0, 255) : null;
}

/**
 * The header row of a CSV, checked at upload from the file's first 64 KiB (its first line): wrong or missing columns
 * and a header that is not UTF-8 are refused at once (422) instead of by a failed job. Returns the delimiter.
 */
function checkCsvHeader(head: Buffer, kind: ImportKindName, complete: boolean): string {
  let end = 0;
  let quoted = false;
  while (end < head.length && (quoted || (head[end] !== 0x0a && head[end] !== 0x0d))) {
    if (head[end] === 0x22) quoted = !quoted;
    end++;
  }
  if (end === head.length && !complete) {
    throw new AppException(ImportErrorCode.IMPORT_COLUMNS_INVALID, { kind }, [
      {
        field: '(header)',
        message: { id: 'baris judul lebih dari 64 KiB', en: 'the header row is longer than 64 KiB' },
      },
    ]);
  }
  const line = head.subarray(0, end);
  if (!isUtf8(line)) throw new AppException(ImportErrorCode.IMPORT_ENCODING_INVALID);
  const delimiter = sniffDelimiter(line);
  let cells: string[] = [];
  try {
    [cells = []] = parse(line, { delimiter, bom: true, relax_quotes: true, relax_column_count: true }) as string[][];
  } catch {
    cells = [];
  }
  const header = mapHeader(cells, KIND_SPECS[kind].columns);
  if (header.problems.length > 0) {
    throw new AppException(
      ImportErrorCode.IMPORT_COLUMNS_INVALID,
      { kind },
      header.problems.map((p) => ({ field: p.column || '(header)', message: p.message })),
    );
  }
  return delimiter;
}
