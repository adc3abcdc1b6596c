import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { IfMatch, IfMatchVersion, RequiresIfMatch, WithEtag } from '../common/http/etag';
import { Page, PageQuery } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import {
  CreateServiceDto,
  ListOrganizationServicesQuery,
  ListServicesQuery,
  ServiceCategoryPage,
  ServiceCategoryResponse,
  ServicePage,
  ServiceResponse,
  UpdateCapacityDto,
  UpdateServiceDto,
} from './dto/service.dto';
import { ServicesService } from './services.service';

@ApiTags('services')
@Controller()
export class ServicesController {
  constructor(private readonly services: ServicesService) {}

  @Get('service-categories')
  @RequirePermissions(Permission.ORGANIZATIONS_READ)
  @ApiOperation({ summary: 'The service categories (the directory taxonomy), in their customary order' })
  @ApiOkResponse({ type: ServiceCategoryPage })
  @ApiProblems(400, 401, 403)
  categories(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<ServiceCategoryResponse>> {
    return this.services.listCategories(ctx, query);
  }

  @Post('organizations/:id/services')
  @RequirePermissions(Permission.ORGANIZATIONS_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @ApiOperation({ summary: "Add a service to an organisation's directory entry (your own, or in your province)" })
  @ApiCreatedResponse({ type: ServiceResponse })
  @ApiProblems(400, 401, 403, 404, 409, 415, 422)
  create(
    @Ctx() ctx: RequestContext,
    @Param('id') organizationId: string,
    @Body() dto: CreateServiceDto,
  ): Promise<ServiceResponse> {
    return this.services.create(ctx, organizationId, dto);
  }

  @Get('organizations/:id/services')
  @RequirePermissions(Permission.ORGANIZATIONS_READ)
  @ApiOperation({ summary: 'The services of an organisation' })
  @ApiOkResponse({ type: ServicePage })
  @ApiProblems(400, 401, 403, 404)
  listOfOrganization(
    @Ctx() ctx: RequestContext,
    @Param('id') organizationId: string,
    @Query() query: ListOrganizationServicesQuery,
  ): Promise<Page<ServiceResponse>> {
    return this.services.listOfOrganization(ctx, organizationId, query);
  }

  @Get('services')
  @RequirePermissions(Permission.ORGANIZATIONS_READ)
  @ApiOperation({ summary: 'Search the directory: by category, region, capacity status, organisation or name' })
  @ApiOkResponse({ type: ServicePage })
  @ApiProblems(400, 401, 403, 422)
  list(@Ctx() ctx: RequestContext, @Query() query: ListServicesQuery): Promise<Page<ServiceResponse>> {
    return this.services.list(ctx, query);
  }

  @Get('services/:id')
  @RequirePermissions(Permission.ORGANIZATIONS_READ)
  @WithEtag()
  @ApiOperation({ summary: 'Get a service' })
  @ApiOkResponse({ type: ServiceResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ServiceResponse> {
    return this.services.get(ctx, id);
  }

  @Patch('services/:id')
  @RequirePermissions(Permission.ORGANIZATIONS_WRITE)
  @WithEtag()
  @RequiresIfMatch()
  @ApiOperation({ summary: 'Change a service (If-Match required)' })
  @ApiOkResponse({ type: ServiceResponse })
  @ApiProblems(400, 401, 403, 404, 412, 415, 422, 428)
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @IfMatch() expected: IfMatchVersion,
    @Body() dto: UpdateServiceDto,
  ): Promise<ServiceResponse> {
    return this.services.update(ctx, id, expected, dto);
  }

  @Post('services/:id/capacity')
  @RequirePermissions(Permission.ORGANIZATIONS_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiIdempotent()
  @ApiOperation({ summary: 'Set the capacity status (quick update for partner apps; no If-Match needed)' })
  @ApiOkResponse({ type: ServiceResponse })
  @ApiProblems(400, 401, 403, 404, 415)
  setCapacity(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: UpdateCapacityDto,
  ): Promise<ServiceResponse> {
    return this.services.setCapacity(ctx, id, dto.status);
  }

  @Post('services/:id/deactivate')
  @RequirePermissions(Permission.ORGANIZATIONS_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Deactivate a service (kept for history; leaves the directory and the HSDS feed)' })
  @ApiOkResponse({ type: ServiceResponse })
  @ApiProblems(401, 403, 404)
  deactivate(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ServiceResponse> {
    return this.services.setActive(ctx, id, false);
  }

  @Post('services/:id/activate')
  @RequirePermissions(Permission.ORGANIZATIONS_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Reactivate a service' })
  @ApiOkResponse({ type: ServiceResponse })
  @ApiProblems(401, 403, 404)
  activate(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ServiceResponse> {
    return this.services.setActive(ctx, id, true);
  }
}
