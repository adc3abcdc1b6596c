import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PageInfo } from '../../common/pagination/pagination';
import { Region, REGION_LEVELS, REGION_TYPES, RegionLevel, RegionType } from '../region.entity';

export enum RegionLevelEnum {
  PROVINCE = 'PROVINCE',
  REGENCY = 'REGENCY',
  DISTRICT = 'DISTRICT',
  VILLAGE = 'VILLAGE',
}
export enum RegionTypeEnum {
  KABUPATEN = 'KABUPATEN',
  KOTA = 'KOTA',
  KELURAHAN = 'KELURAHAN',
  DESA = 'DESA',
  DESA_ADAT = 'DESA_ADAT',
}
registerEnumType(RegionLevelEnum, { name: 'RegionLevel' });
registerEnumType(RegionTypeEnum, { name: 'RegionType' });

/** A region as the API shows it (REST body and GraphQL type). */
@ObjectType('Region')
export class RegionResponse {
  @ApiProperty({ example: '3571011010' })
  @Field()
  code: string;

  @ApiProperty({ example: 'Ngampel' })
  @Field()
  name: string;

  @ApiProperty({ enum: REGION_LEVELS })
  @Field(() => RegionLevelEnum)
  level: RegionLevel;

  @ApiProperty({ enum: REGION_TYPES, nullable: true, type: String })
  @Field(() => RegionTypeEnum, { nullable: true })
  type: RegionType | null;

  @ApiProperty({ nullable: true, type: String, example: '357101' })
  @Field(() => String, { nullable: true })
  parentCode: string | null;

  @ApiProperty({
    example: 'Asia/Jakarta',
    description: 'IANA time zone: WIB for Jawa Timur, WITA for Kalimantan Timur',
  })
  @Field()
  timeZone: string;

  static of(region: Region): RegionResponse {
    return {
      code: region.code,
      name: region.name,
      level: region.level,
      type: region.type,
      parentCode: region.parentCode,
      timeZone: region.timeZone,
    };
  }
}

export class RegionSummary {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty({ enum: REGION_TYPES, nullable: true, type: String }) type: RegionType | null;
}

export class RegionDetailResponse extends RegionResponse {
  @ApiProperty({ type: [RegionSummary], description: 'Ancestors, nearest first (district, regency, province)' })
  parents: RegionSummary[];
}

export class RegionPage {
  @ApiProperty({ type: [RegionResponse] })
  data: RegionResponse[];

  @ApiProperty({ type: PageInfo })
  page: PageInfo;
}
