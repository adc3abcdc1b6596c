import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/http/api-docs';
import { Page, PageQuery } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { ReferenceTypePage, ReferenceTypeResponse } from './dto/reference-type.response';
import { PpksService } from './ppks.service';

/** Reference lists that every client needs to fill its forms. */
@ApiTags('reference data')
@RequirePermissions(Permission.REGIONS_READ)
@Controller()
export class PpksController {
  constructor(private readonly ppks: PpksService) {}

  @Get('ppks-categories')
  @ApiOperation({ summary: 'The PPKS categories (Permensos 08/2012), in their customary order' })
  @ApiOkResponse({ type: ReferenceTypePage })
  @ApiProblems(400, 401, 403)
  listPpks(@Query() query: PageQuery): Promise<Page<ReferenceTypeResponse>> {
    return this.ppks.listCategories(query);
  }

  @Get('psks-types')
  @ApiOperation({ summary: 'The PSKS types (Permensos 08/2012)' })
  @ApiOkResponse({ type: ReferenceTypePage })
  @ApiProblems(400, 401, 403)
  listPsks(@Query() query: PageQuery): Promise<Page<ReferenceTypeResponse>> {
    return this.ppks.listPsksTypes(query);
  }
}
