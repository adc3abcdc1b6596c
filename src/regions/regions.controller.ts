import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/http/api-docs';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { ListRegionsQuery } from './dto/list-regions.query';
import { RegionDetailResponse, RegionPage, RegionResponse } from './dto/region.response';
import { RegionsService } from './regions.service';

@ApiTags('regions')
@RequirePermissions(Permission.REGIONS_READ)
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOperation({ summary: 'List regions by parent, level or name' })
  @ApiOkResponse({ type: RegionPage })
  @ApiProblems(400, 401, 403, 422)
  list(@Query() query: ListRegionsQuery): Promise<Page<RegionResponse>> {
    return this.regions.list(query);
  }

  @Get(':code')
  @ApiOperation({ summary: 'Get a region with its chain of parents' })
  @ApiOkResponse({ type: RegionDetailResponse })
  @ApiProblems(401, 403, 404)
  get(@Param('code') code: string): Promise<RegionDetailResponse> {
    return this.regions.get(code);
  }
}
