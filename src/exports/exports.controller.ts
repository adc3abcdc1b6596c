import { applyDecorators, Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiProblems } from '../common/http/api-docs';
import { TABLE_CONTENT_TYPES, TABLE_FORMATS } from '../common/tabular';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import {
  ExportAssetsQuery,
  ExportBudgetsQuery,
  ExportBusinessesQuery,
  ExportCasesQuery,
  ExportGrantsQuery,
  ExportOrganizationsQuery,
  ExportPasungCasesQuery,
  ExportPersonsQuery,
  ExportReferralsQuery,
  ExportServicesQuery,
  ExportTrainingsQuery,
} from './dto/export-queries';
import { ExportResources } from './export-resources';
import { ExportsService } from './exports.service';

/** The OpenAPI description shared by every export. */
function ApiExport(list: string, summary: string): MethodDecorator {
  const binary = { schema: { type: 'string', format: 'binary' } };
  return applyDecorators(
    ApiOperation({
      summary,
      description:
        `Every row of \`GET /api/v1/${list}\` with the same filters, scope, masking and order, as one file ` +
        '(docs/exports.md). Streamed; audited as EXPORT. Text that a spreadsheet would read as a formula is ' +
        "neutralised (CSV: a leading '; XLSX: a string cell).",
    }),
    ApiParam({ name: 'format', enum: TABLE_FORMATS, description: 'File format: the extension of the path' }),
    ApiHeader({
      name: 'X-Purpose',
      required: false,
      description: 'Why you export this data (recorded in the audit trail); DATA_EXPORT otherwise',
    }),
    ApiProduces('text/csv', TABLE_CONTENT_TYPES.xlsx),
    ApiOkResponse({
      description:
        'The file, as an attachment (Content-Disposition) named after the list and the day; CSV is sent as ' +
        `\`${TABLE_CONTENT_TYPES.csv}\``,
      content: { 'text/csv': binary, [TABLE_CONTENT_TYPES.xlsx]: binary },
    }),
    ApiProblems(400, 401, 403, 404, 422),
  );
}

/**
 * `GET /api/v1/exports/{list}.csv|.xlsx`: one route per exportable list, each with that list's permission and query
 * DTO, so validation, deny-by-default and OpenAPI work as for the list itself. The reply is written by the
 * tabular writer (`@Res()`), hence no return value.
 */
@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly resources: ExportResources,
  ) {}

  @Get('persons.:format')
  @RequirePermissions(Permission.PERSONS_READ)
  @ApiExport('persons', 'Export people in your scope (NIK masked without persons:pii)')
  persons(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query() query: ExportPersonsQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.send(ctx, reply, this.resources.persons, format, query);
  }

  @Get('cases.:format')
  @RequirePermissions(Permission.CASES_READ)
  @ApiExport('cases', 'Export rehabilitation cases in your scope')
  cases(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query() query: ExportCasesQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.send(ctx, reply, this.resources.cases, format, query);
  }

  @Get('referrals.:format')
  @RequirePermissions(Permission.REFERRALS_READ)
  @ApiExport('referrals', 'Export the referrals you send or receive (the person as a referral shows it)')
  referrals(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query() query: ExportReferralsQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.send(ctx, reply, this.resources.referrals, format, query);
  }

  @Get('grants.:format')
  @RequirePermissions(Permission.GRANTS_READ)
  @ApiExport('grants', 'Export entrepreneurship grants in your scope')
  grants(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query() query: ExportGrantsQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.send(ctx, reply, this.resources.grants, format, query);
  }

  @Get('grant-budgets.:format')
  @RequirePermissions(Permission.GRANTS_READ)
  @ApiExport('grant-budgets', 'Export grant budgets in your scope')
  budgets(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query() query: ExportBudgetsQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.send(ctx, reply, this.resources.budgets, format, query);
  }

  @Get('assets.:format')
  @RequirePermissions(Permission.GRANTS_READ)
  @ApiExport('assets', 'Export the in-kind asset register in your scope')
  assets(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query() query: ExportAssetsQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.send(ctx, reply, this.resources.assets, format, query);
  }

  @Get('businesses.:format')
  @RequirePermissions(Permission.BUSINESSES_READ)
  @ApiExport('businesses', 'Export businesses in your scope with their growth status')
  businesses(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query() query: ExportBusinessesQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.send(ctx, reply, this.resources.businesses, format, query);
  }

  @Get('pasung-cases.:format')
  @RequirePermissions(Permission.CASES_READ)
  @ApiExport('pasung-cases', 'Export Bebas Pasung cases in your scope')
  pasungCases(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query() query: ExportPasungCasesQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.send(ctx, reply, this.resources.pasungCases, format, query);
  }

  @Get('trainings.:format')
  @RequirePermissions(Permission.TRAININGS_READ)
  @ApiExport('trainings', 'Export skills trainings in your scope')
  trainings(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query() query: ExportTrainingsQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.send(ctx, reply, this.resources.trainings, format, query);
  }

  @Get('organizations.:format')
  @RequirePermissions(Permission.ORGANIZATIONS_READ)
  @ApiExport('organizations', 'Export the organisation directory')
  organizations(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query() query: ExportOrganizationsQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.send(ctx, reply, this.resources.organizations, format, query);
  }

  @Get('services.:format')
  @RequirePermissions(Permission.ORGANIZATIONS_READ)
  @ApiExport('services', 'Export the service directory')
  services(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query() query: ExportServicesQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.send(ctx, reply, this.resources.services, format, query);
  }
}
