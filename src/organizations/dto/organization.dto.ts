import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageInfo, PageQuery } from '../../common/pagination/pagination';
import { Organization, ORGANIZATION_TYPES, OrganizationType } from '../organization.entity';
import { trim } from '../../common/validation/transforms';

export enum OrganizationTypeEnum {
  PROVINCIAL_OFFICE = 'PROVINCIAL_OFFICE',
  REGENCY_OFFICE = 'REGENCY_OFFICE',
  UPT = 'UPT',
  NGO = 'NGO',
  COMMUNITY_GROUP = 'COMMUNITY_GROUP',
  BUSINESS = 'BUSINESS',
  GOVERNMENT_OFFICE = 'GOVERNMENT_OFFICE',
  HEALTH_FACILITY = 'HEALTH_FACILITY',
}
registerEnumType(OrganizationTypeEnum, { name: 'OrganizationType' });

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Yayasan Bina Jiwa Kediri', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ORGANIZATION_TYPES })
  @IsIn(ORGANIZATION_TYPES)
  type: OrganizationType;

  @ApiProperty({
    example: '3571011010',
    description: 'Kemendagri code of any level: province, regency, district or village',
  })
  @IsString()
  @Matches(/^(\d{2}|\d{4}|\d{6}|\d{10})$/)
  regionCode: string;

  @ApiPropertyOptional({ example: 'YBJ-KEDIRI', description: 'Optional short handle, unique' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,39}$/)
  code?: string | null;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({ example: '+62 354 123456' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{6,30}$/)
  phone?: string | null;

  @ApiPropertyOptional({ example: 'dinsos@kedirikota.go.id' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ description: 'Places for residents; UPT only', minimum: 0, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  capacity?: number | null;

  @ApiPropertyOptional({ type: [String], example: ['PPKS-09'], description: 'PPKS categories a UPT serves' })
  @IsOptional()
  @ArrayMaxSize(26)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(10, { each: true })
  ppksCategories?: string[];
}

export class UpdateOrganizationDto extends PartialType(OmitType(CreateOrganizationDto, ['type'] as const)) {}

export class ListOrganizationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANIZATION_TYPES })
  @IsOptional()
  @IsIn(ORGANIZATION_TYPES)
  type?: OrganizationType;

  @ApiPropertyOptional({
    description: 'Region code; a regency includes organisations in its districts and villages',
    example: '3571',
  })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6}|\d{10})$/)
  region?: string;

  @ApiPropertyOptional({ description: 'Part of the name; case and accents are ignored' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Include deactivated organisations', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeInactive?: boolean;
}

@ObjectType('Organization')
export class OrganizationResponse {
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @Field(() => String, { nullable: true }) code: string | null;
  @ApiProperty() @Field() name: string;
  @ApiProperty({ enum: ORGANIZATION_TYPES }) @Field(() => OrganizationTypeEnum) type: OrganizationType;
  @ApiProperty() @Field() regionCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @Field(() => String, { nullable: true }) address:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @Field(() => String, { nullable: true }) phone: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @Field(() => String, { nullable: true }) email: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  @Field(() => ID, { nullable: true })
  parentId: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @Field(() => Int, { nullable: true }) capacity: number | null;
  @ApiProperty({ type: [String] }) @Field(() => [String]) ppksCategories: string[];
  @ApiProperty() @Field() active: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  @Field(() => Date, { nullable: true })
  deactivatedAt: Date | null;
  @ApiProperty({ description: 'Optimistic-lock version; the ETag is this number quoted' })
  @Field(() => Int)
  version: number;
  @ApiProperty() @Field() createdAt: Date;
  @ApiProperty() @Field() updatedAt: Date;

  static of(o: Organization): OrganizationResponse {
    return {
      id: o.id,
      code: o.code,
      name: o.name,
      type: o.type,
      regionCode: o.regionCode,
      address: o.address,
      phone: o.phone,
      email: o.email,
      parentId: o.parentId,
      capacity: o.capacity,
      ppksCategories: (o.ppksCategories ?? []).map((c) => c.code).sort(),
      active: o.active,
      deactivatedAt: o.deactivatedAt,
      version: o.version,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
    };
  }
}

export class OrganizationPage {
  @ApiProperty({ type: [OrganizationResponse] }) data: OrganizationResponse[];
  @ApiProperty({ type: PageInfo }) @Type(() => PageInfo) page: PageInfo;
}
