import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiProblems } from '../common/http/api-docs';
import { Page, PageInfo, PageQuery, paginate } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { PpksCategory, PsksType } from './ppks.entities';

export class ReferenceTypeResponse {
  @ApiProperty({ example: 'PPKS-09' }) code: string;
  @ApiProperty({ example: 'Penyandang Disabilitas' }) name: string;
  @ApiProperty({ example: 'Person with disability' }) nameEn: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'ODHA' }) shortName: string | null;
  @ApiProperty({ example: 'Permensos No. 08 Tahun 2012' }) legalBasis: string;
  @ApiProperty() active: boolean;

  static of(row: PpksCategory | PsksType): ReferenceTypeResponse {
    return {
      code: row.code,
      name: row.name,
      nameEn: row.nameEn,
      shortName: row.shortName,
      legalBasis: row.legalBasis,
      active: row.active,
    };
  }
}

class ReferenceTypePage {
  @ApiProperty({ type: [ReferenceTypeResponse] }) data: ReferenceTypeResponse[];
  @ApiProperty({ type: PageInfo }) page: PageInfo;
}

/** Reference lists that every client needs to fill its forms. Thin: the query is the whole rule. */
@ApiTags('reference data')
@RequirePermissions(Permission.REGIONS_READ)
@Controller()
export class PpksController {
  constructor(
    @InjectRepository(PpksCategory) private readonly categories: Repository<PpksCategory>,
    @InjectRepository(PsksType) private readonly psks: Repository<PsksType>,
  ) {}

  @Get('ppks-categories')
  @ApiOperation({ summary: 'The PPKS categories (Permensos 08/2012), in their customary order' })
  @ApiOkResponse({ type: ReferenceTypePage })
  @ApiProblems(400, 401)
  listPpks(@Query() query: PageQuery): Promise<Page<ReferenceTypeResponse>> {
    return this.list(this.categories, query);
  }

  @Get('psks-types')
  @ApiOperation({ summary: 'The PSKS types (Permensos 08/2012)' })
  @ApiOkResponse({ type: ReferenceTypePage })
  @ApiProblems(400, 401)
  listPsks(@Query() query: PageQuery): Promise<Page<ReferenceTypeResponse>> {
    return this.list(this.psks, query);
  }

  private list(
    repository: Repository<PpksCategory | PsksType>,
    query: PageQuery,
  ): Promise<Page<ReferenceTypeResponse>> {
    return paginate(
      repository.createQueryBuilder('t'),
      query,
      [
        { expression: 't.sortOrder', value: (t) => t.sortOrder, type: 'number' },
        { expression: 't.code', value: (t) => t.code, type: 'string' },
      ],
      ReferenceTypeResponse.of,
    );
  }
}
