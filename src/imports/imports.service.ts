import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException, errorEntry } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { Lang, localize, MessageParams } from '../common/i18n';
import { Page, paginate } from '../common/pagination/pagination';
import { ScopePolicy } from '../identity/scope-policy.service';
import { ImportErrorReport, ImportJobResponse, ImportRowErrorView, ListImportErrorsQuery } from './dto/import.dto';
import { ImportJob, ImportRowError } from './import-job.entity';
import { IMPORT_KINDS, isImportKind, KIND_SPECS } from './import-kinds';
import { MAX_STORED_ERRORS } from './import-job-records';
import { ImportErrorCode } from './imports.errors';
import { csvLine, csvTemplate, xlsxTemplate } from './templates';

const FIRST_ERRORS = 100;
const TEMPLATE_FILE = new RegExp(`^(${IMPORT_KINDS.join('|')})\\.(csv|xlsx)$`);

export interface DownloadFile {
  contentType: string;
  fileName: string;
  body: Buffer | Readable;
}

/** Reading import jobs and their error reports, and the published templates. Uploads: `ImportUploads`. */
@Injectable()
export class ImportsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<ImportJobResponse> {
    const job = await this.load(ctx, id);
    const first = await this.tx
      .manager(ctx)
      .getRepository(ImportRowError)
      .find({ where: { jobId: job.id }, order: { seq: 'ASC' }, take: FIRST_ERRORS });
    return this.view(ctx, job, first);
  }

  async errors(ctx: RequestContext, id: string, query: ListImportErrorsQuery): Promise<Page<ImportRowErrorView>> {
    const job = await this.load(ctx, id);
    const qb = this.tx
      .manager(ctx)
      .getRepository(ImportRowError)
      .createQueryBuilder('e')
      .where('e.job_id = :jobId', { jobId: job.id });
    return paginate(qb, query, [{ expression: 'e.seq', value: (e) => e.seq, type: 'number' }], (e) =>
      rowErrorView(e, ctx.lang),
    );
  }

  /** The whole report as CSV (`baris,kolom,kode,pesan`), read a page at a time. */
  async errorsCsv(ctx: RequestContext, id: string): Promise<DownloadFile> {
    const job = await this.load(ctx, id);
    const repository = this.tx.manager(ctx).getRepository(ImportRowError);
    const lang = ctx.lang;
    const header = lang === 'en' ? ['row', 'column', 'code', 'message'] : ['baris', 'kolom', 'kode', 'pesan'];
    async function* lines(): AsyncGenerator<string> {
      yield `\uFEFF${csvLine(header)}\r\n`;
      let after = -1;
      for (;;) {
        const page = await repository
          .createQueryBuilder('e')
          .where('e.job_id = :jobId AND e.seq > :after', { jobId: job.id, after })
          .orderBy('e.seq', 'ASC')
          .take(1000)
          .getMany();
        if (page.length === 0) return;
        yield page
          .map((e) => {
            const view = rowErrorView(e, lang);
            return `${csvLine([String(view.row), view.column ?? '', view.code, view.message])}\r\n`;
          })
          .join('');
        after = page[page.length - 1].seq;
      }
    }
    return {
      contentType: 'text/csv; charset=utf-8',
      fileName: `import-${job.id}-errors.csv`,
      body: Readable.from(lines()),
    };
  }

  async template(file: string): Promise<DownloadFile> {
    const match = TEMPLATE_FILE.exec(file);
    if (!match || !isImportKind(match[1])) {
      throw new AppException(ImportErrorCode.IMPORT_TEMPLATE_NOT_FOUND, { file: file.slice(0, 60) });
    }
    const kind = match[1];
    if (match[2] === 'csv') {
      return { contentType: 'text/csv; charset=utf-8', fileName: `template-${kind}.csv`, body: csvTemplate(kind) };
    }
    return {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `template-${kind}.xlsx`,
      body: await xlsxTemplate(kind),
    };
  }

  /**
   * A job the caller may see: of their organisation (province roles: of an organisation in their province), of a
   * kind they may import. Anything else is the same 404.
   */
  private async load(ctx: RequestContext, id: string): Promise<ImportJob> {
    const principal = this.scope.principal(ctx);
    if (!isUuid(id)) throw new AppException(ImportErrorCode.IMPORT_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.scope.organizationMembers(ctx, 'j');
    const job = await this.tx
      .manager(ctx)
      .getRepository(ImportJob)
      .createQueryBuilder('j')
      .where('j.id = :id', { id })
      .andWhere(condition.sql, condition.params)
      .getOne();
    if (!job || !KIND_SPECS[job.kind].permissions.every((p) => principal.permissions.has(p))) {
      throw new AppException(ImportErrorCode.IMPORT_NOT_FOUND, { id });
    }
    return job;
  }

  view(ctx: RequestContext, job: ImportJob, first: ImportRowError[]): ImportJobResponse {
    const percent =
      job.status === 'COMPLETED'
        ? 100
        : job.fileSize > 0
          ? Math.min(99, Math.floor((job.bytesRead * 100) / job.fileSize))
          : 0;
    const report: ImportErrorReport = {
      count: job.errorsStored,
      truncated: job.errorsStored >= MAX_STORED_ERRORS,
      firstErrors: first.map((e) => rowErrorView(e, ctx.lang)),
      csvUrl: `/api/v1/imports/${job.id}/errors.csv`,
    };
    return {
      id: job.id,
      kind: job.kind,
      mode: job.mode,
      status: job.status,
      format: job.format,
      fileName: job.fileName,
      fileSize: job.fileSize,
      fileSha256: job.fileSha256,
      organizationId: job.organizationId,
      requestedBy: job.requestedBy,
      progress: {
        rowsRead: job.rowsRead,
        rowsValid: job.rowsValid,
        rowsRejected: job.rowsRejected,
        rowsImported: job.rowsImported,
        percent,
      },
      results: job.results,
      error: job.errorCode ? jobError(job, ctx.lang) : null,
      errorReport: report,
      attempts: job.attempts,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
    };
  }
}

function rowErrorView(e: ImportRowError, lang: Lang): ImportRowErrorView {
  return { row: e.rowNumber, column: e.columnName, code: e.code, message: lang === 'en' ? e.messageEn : e.messageId };
}

function jobError(job: ImportJob, lang: Lang): ImportJobResponse['error'] {
  const entry = errorEntry(job.errorCode!);
  const params = (job.errorParams ?? {}) as MessageParams;
  return {
    code: job.errorCode!,
    message: entry ? localize(entry.detail, lang, params) : job.errorCode!,
    details: (job.errorDetails ?? []).map((d) => ({ column: d.column, message: localize(d.message, lang) })),
  };
}
