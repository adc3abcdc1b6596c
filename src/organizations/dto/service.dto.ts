import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageInfo, PageQuery } from '../../common/pagination/pagination';
import { CAPACITY_STATUSES, CapacityStatus, Service } from '../service.entity';
import { ServiceCategory } from '../service-category.entity';
import { trimAndCollapseSpaces as trim } from '../../common/validation/transforms';

const REGION_CODE = /^(\d{2}|\d{4}|\d{6}|\d{10})$/;
export const CATEGORY_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/** A PATCH may leave these out but not clear them: validated whenever present, null included. */
const UnlessAbsent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

// Each field's rules once, shared by create and update.
const NameRules = () => applyDecorators(Transform(trim), IsString(), MinLength(2), MaxLength(200));
const TextRules = (max: number) => applyDecorators(Transform(trim), IsString(), MinLength(1), MaxLength(max));
const CategoryRules = () => applyDecorators(IsString(), Matches(CATEGORY_CODE));
const AreaRules = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(100),
    ArrayUnique(),
    IsString({ each: true }),
    Matches(REGION_CODE, { each: true }),
  );

export class ServiceContactInput {
  @ApiPropertyOptional({ example: 'Siti Aminah', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '+62 354 123456' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{6,30}$/)
  phone?: string;

  @ApiPropertyOptional({ example: 'layanan@binajiwa.or.id' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({ allow_utf8_local_part: false, require_tld: true, allow_ip_domain: false })
  email?: string;
}

export class CreateServiceDto {
  @ApiProperty({ example: 'Pendampingan pasca-rehabilitasi eks psikotik', maxLength: 200 })
  @NameRules()
  name: string;

  @ApiPropertyOptional({ maxLength: 4000, nullable: true, type: String })
  @IsOptional()
  @TextRules(4000)
  description?: string | null;

  @ApiProperty({ example: 'MENTAL_HEALTH_CARE', description: 'A code from GET /api/v1/service-categories' })
  @CategoryRules()
  category: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true, type: String, example: 'Eks klien UPT dan keluarganya' })
  @IsOptional()
  @TextRules(2000)
  eligibility?: string | null;

  @ApiProperty({
    type: [String],
    example: ['3571', '3506'],
    description: 'Kemendagri codes (province, regency, district or village) where the service is available',
  })
  @AreaRules()
  serviceArea: string[];

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String, example: 'Senin–Jumat 08.00–15.00' })
  @IsOptional()
  @TextRules(500)
  schedule?: string | null;

  @ApiPropertyOptional({ type: ServiceContactInput, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ServiceContactInput)
  contact?: ServiceContactInput | null;

  @ApiPropertyOptional({ enum: CAPACITY_STATUSES, default: 'ACCEPTING' })
  @IsOptional()
  @IsIn(CAPACITY_STATUSES)
  capacityStatus?: CapacityStatus;
}

/** Changes what it names; null clears description, eligibility, schedule and contact. */
export class UpdateServiceDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @UnlessAbsent()
  @NameRules()
  name?: string;

  @ApiPropertyOptional({ maxLength: 4000, nullable: true, type: String })
  @IsOptional()
  @TextRules(4000)
  description?: string | null;

  @ApiPropertyOptional({ example: 'MENTAL_HEALTH_CARE' })
  @UnlessAbsent()
  @CategoryRules()
  category?: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true, type: String })
  @IsOptional()
  @TextRules(2000)
  eligibility?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the whole service area' })
  @UnlessAbsent()
  @AreaRules()
  serviceArea?: string[];

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @IsOptional()
  @TextRules(500)
  schedule?: string | null;

  @ApiPropertyOptional({
    type: ServiceContactInput,
    nullable: true,
    description: 'Replaces the contact; null removes it',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ServiceContactInput)
  contact?: ServiceContactInput | null;

  @ApiPropertyOptional({ enum: CAPACITY_STATUSES })
  @UnlessAbsent()
  @IsIn(CAPACITY_STATUSES)
  capacityStatus?: CapacityStatus;
}

export class UpdateCapacityDto {
  @ApiProperty({ enum: CAPACITY_STATUSES })
  @IsIn(CAPACITY_STATUSES)
  status: CapacityStatus;
}

const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListOrganizationServicesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Include deactivated services', default: false })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeInactive?: boolean;
}

export class ListServicesQuery extends ListOrganizationServicesQuery {
  @ApiPropertyOptional({ example: 'MENTAL_HEALTH_CARE' })
  @IsOptional()
  @IsString()
  @Matches(CATEGORY_CODE)
  category?: string;

  @ApiPropertyOptional({
    example: '3571011010',
    description: 'Services available in this region: an area that covers it or lies inside it',
  })
  @IsOptional()
  @IsString()
  @Matches(REGION_CODE)
  region?: string;

  @ApiPropertyOptional({ enum: CAPACITY_STATUSES })
  @IsOptional()
  @IsIn(CAPACITY_STATUSES)
  capacityStatus?: CapacityStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Services of one organisation' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ description: 'Part of the name; case and accents are ignored' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;
}

export class ServiceContactResponse {
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
}

export class ServiceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: 'MENTAL_HEALTH_CARE' }) category: string;
  @ApiProperty({ nullable: true, type: String }) eligibility: string | null;
  @ApiProperty({ type: [String], description: 'Region codes, sorted' }) serviceArea: string[];
  @ApiProperty({ nullable: true, type: String }) schedule: string | null;
  @ApiProperty({ nullable: true, type: ServiceContactResponse }) contact: ServiceContactResponse | null;
  @ApiProperty({ enum: CAPACITY_STATUSES }) capacityStatus: CapacityStatus;
  @ApiProperty({ format: 'date-time', description: 'When the capacity status last changed' })
  capacityUpdatedAt: Date;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deactivatedAt: Date | null;
  @ApiProperty({ description: 'Optimistic-lock version; the ETag is this number quoted' }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static of(s: Service): ServiceResponse {
    const hasContact = s.contactName !== null || s.contactPhone !== null || s.contactEmail !== null;
    return {
      id: s.id,
      organizationId: s.organizationId,
      name: s.name,
      description: s.description,
      category: s.categoryCode,
      eligibility: s.eligibility,
      serviceArea: (s.areas ?? []).map((r) => r.code).sort(),
      schedule: s.schedule,
      contact: hasContact ? { name: s.contactName, phone: s.contactPhone, email: s.contactEmail } : null,
      capacityStatus: s.capacityStatus,
      capacityUpdatedAt: s.capacityUpdatedAt,
      active: s.active,
      deactivatedAt: s.deactivatedAt,
      version: s.version,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    };
  }
}

export class ServicePage {
  @ApiProperty({ type: [ServiceResponse] }) data: ServiceResponse[];
  @ApiProperty({ type: PageInfo }) @Type(() => PageInfo) page: PageInfo;
}

export class ServiceCategoryResponse {
  @ApiProperty({ example: 'MENTAL_HEALTH_CARE' }) code: string;
  @ApiProperty({ example: 'Layanan kesehatan jiwa' }) name: string;
  @ApiProperty({ example: 'Mental health care' }) nameEn: string;
  @ApiProperty() description: string;
  @ApiProperty() sortOrder: number;
  @ApiProperty({ description: 'Retired categories stay on old services but cannot be chosen' }) active: boolean;

  static of(c: ServiceCategory): ServiceCategoryResponse {
    return {
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      description: c.description,
      sortOrder: c.sortOrder,
      active: c.active,
    };
  }
}

export class ServiceCategoryPage {
  @ApiProperty({ type: [ServiceCategoryResponse] }) data: ServiceCategoryResponse[];
  @ApiProperty({ type: PageInfo }) @Type(() => PageInfo) page: PageInfo;
}
