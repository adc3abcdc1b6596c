import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageInfo, PageQuery } from '../../common/pagination/pagination';
import { ORGANIZATION_TYPES, OrganizationType } from '../organization.entity';
import { trimAndCollapseSpaces as trim } from '../../common/validation/transforms';

export const PARTNERSHIP_STATUSES = ['UPCOMING', 'ACTIVE', 'EXPIRED'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

const UnlessAbsent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

const PartiesRules = () =>
  applyDecorators(IsArray(), ArrayMinSize(2), ArrayMaxSize(20), ArrayUnique(), IsUUID('all', { each: true }));
const ScopeRules = () => applyDecorators(Transform(trim), IsString(), MinLength(3), MaxLength(2000));
/** A calendar day, YYYY-MM-DD, that exists (2025-02-30 is refused). */
const DateRules = () => applyDecorators(IsString(), Matches(/^\d{4}-\d{2}-\d{2}$/), IsISO8601({ strict: true }));
const DocumentRules = () => applyDecorators(Transform(trim), IsString(), MinLength(1), MaxLength(300));

export class CreatePartnershipDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'Two or more organisation ids; your own organisation must be one of them unless you hold a province role',
  })
  @PartiesRules()
  parties: string[];

  @ApiProperty({ example: 'Rujukan dan pendampingan eks psikotik di Kota Kediri', maxLength: 2000 })
  @ScopeRules()
  scope: string;

  @ApiProperty({ format: 'date', example: '2025-01-01' })
  @DateRules()
  validFrom: string;

  @ApiPropertyOptional({ format: 'date', example: '2027-12-31', nullable: true, type: String })
  @IsOptional()
  @DateRules()
  validTo?: string | null;

  @ApiPropertyOptional({ example: '119/2345/107.2/2025', maxLength: 300, nullable: true, type: String })
  @IsOptional()
  @DocumentRules()
  documentReference?: string | null;
}

/** Changes what it names; null clears validTo (no end date) and documentReference. */
export class UpdatePartnershipDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Replaces the parties' })
  @UnlessAbsent()
  @PartiesRules()
  parties?: string[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @UnlessAbsent()
  @ScopeRules()
  scope?: string;

  @ApiPropertyOptional({ format: 'date' })
  @UnlessAbsent()
  @DateRules()
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @DateRules()
  validTo?: string | null;

  @ApiPropertyOptional({ maxLength: 300, nullable: true, type: String })
  @IsOptional()
  @DocumentRules()
  documentReference?: string | null;
}

export class ListPartnershipsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Partnerships this organisation is a party to' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: PARTNERSHIP_STATUSES, description: "Status on today's date in Jawa Timur (WIB)" })
  @IsOptional()
  @IsIn(PARTNERSHIP_STATUSES)
  status?: PartnershipStatus;
}

export class PartnershipPartyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANIZATION_TYPES }) type: OrganizationType;
  @ApiProperty() regionCode: string;
}

export class PartnershipResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: [PartnershipPartyResponse], description: 'Sorted by name' })
  parties: PartnershipPartyResponse[];
  @ApiProperty() scope: string;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'null: no end date' })
  validTo: string | null;
  @ApiProperty({ nullable: true, type: String }) documentReference: string | null;
  @ApiProperty({
    enum: PARTNERSHIP_STATUSES,
    description: "Computed on today's date in WIB: UPCOMING before validFrom, EXPIRED after validTo, else ACTIVE",
  })
  status: PartnershipStatus;
  @ApiProperty({ description: 'Optimistic-lock version; the ETag is this number quoted' }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class PartnershipPage {
  @ApiProperty({ type: [PartnershipResponse] }) data: PartnershipResponse[];
  @ApiProperty({ type: PageInfo }) @Type(() => PageInfo) page: PageInfo;
}
