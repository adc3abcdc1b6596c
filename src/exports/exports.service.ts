import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuditEntry } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { isTableFormat, sendTable, TableFormat } from '../common/tabular';
import { presentFields } from '../common/validation/present-fields';
import { ScopePolicy } from '../identity/scope-policy.service';
import { ExportResource } from './export-resource';
import { ExportErrorCode } from './exports.errors';

/** Default purpose of an export in the audit trail; the caller's `X-Purpose` wins. */
export const EXPORT_PURPOSE = 'DATA_EXPORT';
/**
 * Rows read per page: few round trips, and still a small, fixed amount of memory per export (one page, plus the
 * writer's buffers), whether the list holds 50 rows or 200,000.
 */
export const EXPORT_BATCH = 500;

/**
 * Streams a list as CSV or XLSX: every page of the list's own query (same filters, scope, masking and order),
 * audited as EXPORT, written as fast as the client reads.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly audit: AuditService,
    private readonly scope: ScopePolicy,
  ) {}

  async send<Q extends object, R extends { id: string }>(
    ctx: RequestContext,
    reply: FastifyReply,
    resource: ExportResource<Q, R>,
    format: string,
    query: Q,
  ): Promise<void> {
    if (!isTableFormat(format))
      throw new AppException(ExportErrorCode.EXPORT_FORMAT_UNSUPPORTED, { format: format.slice(0, 20) });
    const today = todayIn(timeZoneOfRegion(this.scope.principal(ctx).regionCode));
    await sendTable(reply, {
      format,
      filename: `${resource.name}-${today}`,
      sheetName: resource.name,
      columns: resource.columns,
      rows: this.rows(ctx, resource, format, query),
    });
  }

  /**
   * Every page of the list, in its order. Each page is audited before any of its rows is handed on, so no row
   * leaves unrecorded (a client that breaks off leaves the rows still in the buffers recorded but not received,
   * never the reverse). The first page comes before the summary event: a bad filter fails the request with nothing recorded.
   */
  private async *rows<Q extends object, R extends { id: string }>(
    ctx: RequestContext,
    resource: ExportResource<Q, R>,
    format: TableFormat,
    query: Q,
  ): AsyncGenerator<R> {
    let cursor: string | undefined;
    let first = true;
    do {
      const page = await resource.page(ctx, query, cursor, EXPORT_BATCH);
      const entries: AuditEntry[] = [];
      if (first) {
        // What was exported, with the names (never the values: they may be a name or a NIK) of the filters used.
        entries.push({
          action: 'EXPORT',
          resourceType: 'export',
          resourceId: `${resource.name}.${format}`,
          changedFields: presentFields(query),
          purpose: EXPORT_PURPOSE,
        });
        first = false;
      }
      const perRow = resource.audit;
      if (perRow) {
        for (const row of page.data) {
          entries.push({
            action: 'EXPORT',
            resourceType: perRow.resourceType,
            resourceId: row.id,
            personId: perRow.personId(row),
            purpose: EXPORT_PURPOSE,
          });
        }
      }
      await this.audit.recordMany(ctx, entries);
      yield* page.data;
      cursor = page.page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
}
