import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { IfMatch, IfMatchVersion, RequiresIfMatch, WithEtag } from '../common/http/etag';
import { Page } from '../common/pagination/pagination';
import {
  CreateOrganizationDto,
  ListOrganizationsQuery,
  OrganizationPage,
  OrganizationResponse,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @RequirePermissions(Permission.ORGANIZATIONS_CREATE)
  @WithEtag()
  @ApiOperation({ summary: 'Register an organisation (office, UPT or partner)' })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: OrganizationResponse })
  @ApiProblems(400, 401, 403, 409, 415, 422)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateOrganizationDto): Promise<OrganizationResponse> {
    return this.organizations.create(ctx, dto);
  }

  @Get()
  @RequirePermissions(Permission.ORGANIZATIONS_READ)
  @ApiOperation({ summary: 'List organisations by type, region (with everything under it) or name' })
  @ApiOkResponse({ type: OrganizationPage })
  @ApiProblems(400, 401, 403, 422)
  list(@Ctx() ctx: RequestContext, @Query() query: ListOrganizationsQuery): Promise<Page<OrganizationResponse>> {
    return this.organizations.list(ctx, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.ORGANIZATIONS_READ)
  @WithEtag()
  @ApiOperation({ summary: 'Get an organisation' })
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OrganizationResponse> {
    return this.organizations.get(ctx, id);
  }

  @Patch(':id')
  @RequirePermissions(Permission.ORGANIZATIONS_WRITE)
  @WithEtag()
  @RequiresIfMatch()
  @ApiOperation({ summary: 'Change an organisation (If-Match required)' })
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422, 428)
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @IfMatch() expected: IfMatchVersion,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<OrganizationResponse> {
    return this.organizations.update(ctx, id, expected, dto);
  }

  @Post(':id/deactivate')
  @RequirePermissions(Permission.ORGANIZATIONS_CREATE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Deactivate an organisation (kept for history; hidden from default lists)' })
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiProblems(401, 403, 404)
  deactivate(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OrganizationResponse> {
    return this.organizations.setActive(ctx, id, false);
  }

  @Post(':id/activate')
  @RequirePermissions(Permission.ORGANIZATIONS_CREATE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Reactivate an organisation' })
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiProblems(401, 403, 404)
  activate(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OrganizationResponse> {
    return this.organizations.setActive(ctx, id, true);
  }
}
