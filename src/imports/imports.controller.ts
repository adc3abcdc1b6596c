import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiProblems } from '../common/http/api-docs';
import { SkipIdempotency } from '../common/idempotency/transaction.interceptor';
import { RequirePermissions } from '../identity/decorators';
import { ImportJobResponse, ImportRowErrorPage, ListImportErrorsQuery } from './dto/import.dto';
import { IMPORT_KINDS, IMPORT_MODES } from './import-kinds';
import { closeAfterAnswer, ImportUploads, UploadResult } from './import-upload.service';
import { ImportErrorCode } from './imports.errors';
import { AppException } from '../common/errors/app-exception';
import { DownloadFile, ImportsService } from './imports.service';

const KIND_PERMISSIONS =
  'The permission depends on the kind: persons:write (persons), persons:write + cases:write (eks-klien), ' +
  'businesses:write (business-reports), trainings:write (attendance).';

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly uploads: ImportUploads,
  ) {}

  @Post()
  @HttpCode(202)
  // The key is matched against the file's SHA-256, which the interceptor's body hash cannot see (docs/imports.md).
  @SkipIdempotency()
  @RequirePermissions()
  @ApiOperation({
    summary: 'Upload a CSV or XLSX file to import in the background; answers 202 with the job',
    description: `${KIND_PERMISSIONS} Send the fields in the order kind, mode, file. See docs/imports.md.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'mode', 'file'],
      properties: {
        kind: { type: 'string', enum: [...IMPORT_KINDS] },
        mode: { type: 'string', enum: [...IMPORT_MODES] },
        file: { type: 'string', format: 'binary', description: 'CSV (UTF-8) or XLSX, at most IMPORT_MAX_BYTES' },
      },
    },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'The same key with the same file (SHA-256), kind and mode returns the same job (Idempotent-Replayed: true); ' +
      'with anything else, 422. Remembered for 24 hours.',
  })
  @ApiAcceptedResponse({
    type: ImportJobResponse,
    headers: { Location: { description: 'The job', schema: { type: 'string' } } },
  })
  @ApiProblems(401, 403, 413, 415, 422)
  async upload(
    @Ctx() ctx: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportJobResponse> {
    let result: UploadResult;
    try {
      result = await this.uploads.upload(ctx, request);
    } catch (error) {
      if (error instanceof AppException && error.code === ImportErrorCode.IMPORT_FILE_TOO_LARGE) {
        closeAfterAnswer(reply.raw);
      }
      throw error;
    }
    void reply.header('location', `/api/v1/imports/${result.jobId}`);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return this.imports.get(ctx, result.jobId);
  }

  @Get('templates/:file')
  @RequirePermissions()
  @ApiOperation({
    summary: 'Column template of an import kind: persons|eks-klien|business-reports|attendance, .csv or .xlsx',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The header row and an example row (XLSX: plus a sheet describing the columns)' })
  @ApiProblems(401, 404)
  async template(@Param('file') file: string): Promise<StreamableFile> {
    return download(await this.imports.template(file));
  }

  @Get(':id')
  @RequirePermissions()
  @ApiOperation({ summary: 'An import job: status, progress, results and the first lines of its error report' })
  @ApiOkResponse({ type: ImportJobResponse })
  @ApiProblems(401, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ImportJobResponse> {
    return this.imports.get(ctx, id);
  }

  @Get(':id/errors')
  @RequirePermissions()
  @ApiOperation({ summary: "An import job's error report, a page at a time (row, column, code, message)" })
  @ApiOkResponse({ type: ImportRowErrorPage })
  @ApiProblems(401, 404)
  errors(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() query: ListImportErrorsQuery,
  ): Promise<ImportRowErrorPage> {
    return this.imports.errors(ctx, id, query);
  }

  @Get(':id/errors.csv')
  @RequirePermissions()
  @ApiOperation({ summary: "An import job's whole error report as CSV (baris, kolom, kode, pesan)" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'UTF-8 CSV with BOM; messages in the language of Accept-Language' })
  @ApiProblems(401, 404)
  async errorsCsv(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<StreamableFile> {
    return download(await this.imports.errorsCsv(ctx, id));
  }
}

function download(file: DownloadFile): StreamableFile {
  const options = { type: file.contentType, disposition: `attachment; filename="${file.fileName}"` };
  return Buffer.isBuffer(file.body) ? new StreamableFile(file.body, options) : new StreamableFile(file.body, options);
}
