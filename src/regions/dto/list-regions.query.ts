import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { REGION_LEVELS, RegionLevel } from '../region.entity';

export class ListRegionsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Code of the parent region: lists its direct children', example: '3571' })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'parent must be a province, regency or district code' })
  parent?: string;

  @ApiPropertyOptional({ enum: REGION_LEVELS })
  @IsOptional()
  @IsIn(REGION_LEVELS)
  level?: RegionLevel;

  @ApiPropertyOptional({ description: 'Part of the name; case and accents are ignored', example: 'ngampel' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;
}
