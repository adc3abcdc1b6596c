import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '../../common/pagination/pagination';
import { PpksCategory, PsksType } from '../ppks.entities';

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

export class ReferenceTypePage extends PageOf(ReferenceTypeResponse) {}
