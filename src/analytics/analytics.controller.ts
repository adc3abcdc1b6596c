import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { Ctx, RequestContext } from '../common/context/request-context';
import { AppException } from '../common/errors/app-exception';
import { ApiProblems } from '../common/http/api-docs';
import { sendTable, TableColumn } from '../common/tabular';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { AnalyticsFilterInput, AnalyticsFilterResolver } from './analytics-filter';
import { AnalyticsErrorCode } from './analytics.errors';
import { AnalyticsService } from './analytics.service';
import { Figure } from './suppression';
import { Column, ReportDefinition, Row } from './report-table';
import { ANALYTICS_REPORTS } from './reports';

export class AnalyticsExportQuery extends AnalyticsFilterInput {
  @ApiPropertyOptional({
    description: 'Table of the report (default: its first), or `series.<MEASURE>` for a time series',
    example: 'aftercare',
  })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  table?: string;

  @ApiPropertyOptional({ description: 'Series only: one row per period and area', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  byRegion?: boolean;
}

class ReportCatalogueEntry {
  name: string;
  title: string;
  tables: { name: string; description: string }[];
  series: { measure: string; description: string }[];
}

const FILE = /^([a-z][a-z-]*)\.(csv|xlsx)$/;

/**
 * The analytics reports as files (issue 8 item 5): the same filter, the same SQL and the same suppression as the
 * GraphQL `analytics` field, one table per file. Each download is audited as EXPORT.
 */
@ApiTags('analytics')
@Controller('analytics')
@RequirePermissions(Permission.ANALYTICS_READ)
export class AnalyticsController {
  constructor(
    private readonly filters: AnalyticsFilterResolver,
    private readonly analytics: AnalyticsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The analytics reports, their tables and time-series measures' })
  @ApiOkResponse({ type: [ReportCatalogueEntry] })
  @ApiProblems(401, 403)
  catalogue(): ReportCatalogueEntry[] {
    return ANALYTICS_REPORTS.map((r) => ({
      name: r.name,
      title: r.title,
      tables: r.tables.map((t) => ({ name: t.name, description: t.description })),
      series: r.series.map((s) => ({ measure: s.measure, description: s.description })),
    }));
  }

  @Get(':file')
  @ApiOperation({ summary: 'One table of a report as CSV or XLSX, e.g. `network.csv?table=aftercare&region=3571`' })
  @ApiParam({ name: 'file', example: 'network.xlsx', description: '`{report}.csv` or `{report}.xlsx`' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The table; suppressed figures are empty with `<measure>_suppressed` true' })
  @ApiProblems(400, 401, 403, 404)
  async export(
    @Ctx() ctx: RequestContext,
    @Param('file') file: string,
    @Query() query: AnalyticsExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const match = FILE.exec(file);
    const report = match ? ANALYTICS_REPORTS.find((r) => r.name === match[1]) : undefined;
    if (!match || !report) {
      throw new AppException(AnalyticsErrorCode.ANALYTICS_UNKNOWN_REPORT, {
        report: file,
        reports: ANALYTICS_REPORTS.map((r) => `${r.name}.csv|.xlsx`).join(', '),
      });
    }
    const format = match[2] as 'csv' | 'xlsx';
    const { table, byRegion, ...filterInput } = query;
    const filter = await this.filters.resolve(ctx, filterInput);
    const { name, columns, rows } = await this.tableOf(ctx, report, table, byRegion ?? false, filter);
    await this.audit.record(ctx, {
      action: 'EXPORT',
      resourceType: 'analytics-report',
      resourceId: null,
      purpose: `ANALYTICS ${report.name}.${format} ${name} region=${filter.region.code} ${filter.from}..${filter.to}`,
    });
    await sendTable(reply, {
      format,
      filename: `${report.name}-${name}-${filter.region.code}-${filter.from}-${filter.to}`,
      columns,
      rows,
      sheetName: name.slice(0, 31),
    });
  }

  private async tableOf(
    ctx: RequestContext,
    report: ReportDefinition,
    requested: string | undefined,
    byRegion: boolean,
    filter: Awaited<ReturnType<AnalyticsFilterResolver['resolve']>>,
  ): Promise<{ name: string; columns: TableColumn<Row>[]; rows: Row[] }> {
    const name = requested ?? report.tables[0].name;
    const spec = report.tables.find((t) => t.name === name);
    if (spec) {
      const rows = await this.analytics.table(ctx, filter, spec);
      return { name, columns: columnsOf(spec.dimensions, spec.labels ?? [], spec.measures), rows };
    }
    const series = name.startsWith('series.') ? report.series.find((s) => `series.${s.measure}` === name) : undefined;
    if (!series) {
      throw new AppException(AnalyticsErrorCode.ANALYTICS_UNKNOWN_TABLE, {
        report: report.name,
        table: name,
        tables: [...report.tables.map((t) => t.name), ...report.series.map((s) => `series.${s.measure}`)].join(', '),
      });
    }
    const rows = await this.analytics.series(ctx, filter, series, byRegion);
    const dims: Column[] = [{ key: 'period', header: 'period' }];
    if (byRegion) dims.push({ key: 'regionCode', header: 'region_code' });
    const labels = byRegion ? [{ key: 'regionName', header: 'region_name' }] : [];
    return { name, columns: columnsOf(dims, labels, [{ key: 'value', header: series.measure.toLowerCase() }]), rows };
  }
}

/** Dimensions and labels as text, then each measure as a number and a `_suppressed` flag beside it. */
function columnsOf(dimensions: Column[], labels: Column[], measures: Column[]): TableColumn<Row>[] {
  const text = (c: Column): TableColumn<Row> => ({
    key: c.key,
    header: c.header,
    type: 'text',
    value: (row) => (row[c.key] === null || row[c.key] === undefined ? null : String(row[c.key] as string | number)),
  });
  return [
    ...dimensions.map(text),
    ...labels.map(text),
    ...measures.flatMap((m): TableColumn<Row>[] => [
      { key: m.key, header: m.header, type: 'number', value: (row) => (row[m.key] as Figure).value },
      {
        key: `${m.key}Suppressed`,
        header: `${m.header}_suppressed`,
        type: 'boolean',
        value: (row) => (row[m.key] as Figure).suppressed,
      },
    ]),
  ];
}
