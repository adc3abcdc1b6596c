import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiProblems } from '../common/http/api-docs';
import { Public } from '../identity/decorators';
import {
  HSDS_SCHEMA_URLS,
  HsdsOrganization,
  HsdsOrganizationListItem,
  HsdsPage,
  HsdsPageDocument,
  HsdsPageQuery,
  HsdsService,
  HsdsServiceListItem,
  HsdsServicesQuery,
} from './dto/hsds.dto';
import { HsdsAccessGuard } from './hsds.guard';
import { HsdsFeedService } from './hsds.service';

const ACCESS = 'Public unless HSDS_PUBLIC=false, which requires a bearer token with organizations:read.';

const pageOf = (itemSchema: string) =>
  ApiOkResponse({
    description: `HSDS 3.0 page; each of contents[] follows ${itemSchema}`,
    schema: { $ref: getSchemaPath(HsdsPageDocument) },
  });

const documentOf = (schema: string) =>
  ApiOkResponse({ description: `HSDS 3.0 document following ${schema}`, schema: { type: 'object' } });

/** The partner directory in Open Referral HSDS 3.0 shape (docs/directory.md). */
@ApiTags('hsds')
@ApiExtraModels(HsdsPageDocument)
@Public()
@UseGuards(HsdsAccessGuard)
@Controller('hsds')
export class HsdsController {
  constructor(private readonly hsds: HsdsFeedService) {}

  @Get('organizations')
  @ApiOperation({ summary: 'HSDS: active organisations, by page (?page=&per_page=)', description: ACCESS })
  @pageOf(HSDS_SCHEMA_URLS.organizationList)
  @ApiProblems(400, 401, 403)
  listOrganizations(
    @Ctx() ctx: RequestContext,
    @Query() query: HsdsPageQuery,
  ): Promise<HsdsPage<HsdsOrganizationListItem>> {
    return this.hsds.listOrganizations(ctx, query);
  }

  @Get('organizations/:id')
  @ApiOperation({ summary: 'HSDS: an active organisation with its phones, location and services', description: ACCESS })
  @documentOf(HSDS_SCHEMA_URLS.organization)
  @ApiProblems(401, 403, 404)
  getOrganization(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<HsdsOrganization> {
    return this.hsds.getOrganization(ctx, id);
  }

  @Get('services')
  @ApiOperation({ summary: 'HSDS: active services, by page (?page=&per_page=)', description: ACCESS })
  @pageOf(HSDS_SCHEMA_URLS.serviceList)
  @ApiProblems(400, 401, 403)
  listServices(@Ctx() ctx: RequestContext, @Query() query: HsdsServicesQuery): Promise<HsdsPage<HsdsServiceListItem>> {
    return this.hsds.listServices(ctx, query);
  }

  @Get('services/:id')
  @ApiOperation({
    summary: 'HSDS: an active service with its organisation, contact, schedule, areas and categories',
    description: ACCESS,
  })
  @documentOf(HSDS_SCHEMA_URLS.service)
  @ApiProblems(401, 403, 404)
  getService(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<HsdsService> {
    return this.hsds.getService(ctx, id);
  }
}
