import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { IfMatch, IfMatchVersion, RequiresIfMatch, WithEtag } from '../common/http/etag';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import {
  CreatePartnershipDto,
  ListPartnershipsQuery,
  PartnershipPage,
  PartnershipResponse,
  UpdatePartnershipDto,
} from './dto/partnership.dto';
import { PartnershipsService } from './partnerships.service';

@ApiTags('partnerships')
@Controller('partnerships')
export class PartnershipsController {
  constructor(private readonly partnerships: PartnershipsService) {}

  @Post()
  @RequirePermissions(Permission.ORGANIZATIONS_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @ApiOperation({ summary: 'Record a partnership (MoU) between organisations; yours must be a party' })
  @ApiCreatedResponse({ type: PartnershipResponse })
  @ApiProblems(400, 401, 403, 409, 415, 422)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreatePartnershipDto): Promise<PartnershipResponse> {
    return this.partnerships.create(ctx, dto);
  }

  @Get()
  @RequirePermissions(Permission.ORGANIZATIONS_READ)
  @ApiOperation({ summary: 'List partnerships, by party and by status (UPCOMING, ACTIVE, EXPIRED)' })
  @ApiOkResponse({ type: PartnershipPage })
  @ApiProblems(400, 401, 403, 422)
  list(@Ctx() ctx: RequestContext, @Query() query: ListPartnershipsQuery): Promise<Page<PartnershipResponse>> {
    return this.partnerships.list(ctx, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.ORGANIZATIONS_READ)
  @WithEtag()
  @ApiOperation({ summary: 'Get a partnership with its computed status' })
  @ApiOkResponse({ type: PartnershipResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<PartnershipResponse> {
    return this.partnerships.get(ctx, id);
  }

  @Patch(':id')
  @RequirePermissions(Permission.ORGANIZATIONS_WRITE)
  @WithEtag()
  @RequiresIfMatch()
  @ApiOperation({ summary: 'Change a partnership (If-Match required)' })
  @ApiOkResponse({ type: PartnershipResponse })
  @ApiProblems(400, 401, 403, 404, 409, 412, 415, 422, 428)
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @IfMatch() expected: IfMatchVersion,
    @Body() dto: UpdatePartnershipDto,
  ): Promise<PartnershipResponse> {
    return this.partnerships.update(ctx, id, expected, dto);
  }
}
