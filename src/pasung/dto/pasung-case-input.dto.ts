import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { REPORT_SOURCES, ReportSource, RESTRAINT_TYPES, RestraintType } from '../pasung-case.entity';
import { INITIAL_STATUSES, InitialStatus } from '../pasung-status';
import { DATE, trimAndCollapseSpaces as trim } from '../../common/validation/transforms';
export { DATE, trim };

/** A name has at least one letter and no control characters. */
const NAME = /^[^\p{Cc}\p{Cf}]*\p{L}[^\p{Cc}\p{Cf}]*$/u;
const PHONE = /^\+?[0-9 ()-]{6,30}$/;
/** Up to 100 years: longer is a typo (months given as days, or a year). */
export const MAX_SHACKLED_MONTHS = 1200;

export class FamilyContactInput {
  @ApiProperty({ example: 'Sumarni', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Matches(NAME, { message: 'name must contain a letter and no control characters' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'IBU', description: 'Relation to the person (ibu, ayah, saudara, anak, ...)', maxLength: 50 })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  relation: string;

  @ApiPropertyOptional({ example: '+62 812 3456 7890' })
  @IsOptional()
  @IsString()
  @Matches(PHONE)
  phone?: string;
}

export class CreatePasungCaseDto {
  @ApiProperty({ format: 'uuid', description: 'A person in your scope (people found in pasung often have no NIK)' })
  @IsUUID()
  personId: string;

  @ApiProperty({ example: '3571011010', description: 'Village (kelurahan/desa) where the person was found, 10 digits' })
  @IsString()
  @Matches(/^\d{10}$/)
  villageCode: string;

  @ApiProperty({ format: 'date', example: '2026-03-02', description: 'Day the case was reported or found' })
  @IsString()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  reportedOn: string;

  @ApiProperty({ enum: REPORT_SOURCES })
  @IsIn(REPORT_SOURCES)
  reportSource: ReportSource;

  @ApiPropertyOptional({ maxLength: 300, description: 'Who reported, in words; required when reportSource is OTHER' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  reportSourceDetail?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: MAX_SHACKLED_MONTHS,
    description: 'How long the person has been shackled, in months; omit or null when not known',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SHACKLED_MONTHS)
  shackledMonths?: number | null;

  @ApiProperty({ enum: RESTRAINT_TYPES, description: 'STOCKS is the wooden kayu pasung' })
  @IsIn(RESTRAINT_TYPES)
  restraintType: RestraintType;

  @ApiPropertyOptional({ maxLength: 300, description: 'The restraint in words; required when restraintType is OTHER' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  restraintDetail?: string;

  @ApiPropertyOptional({ type: FamilyContactInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => FamilyContactInput)
  familyContact?: FamilyContactInput;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "Province roles only: the Dinas Sosial office or UPT that manages the case (default: the caller's)",
  })
  @IsOptional()
  @IsUUID()
  managingOrganizationId?: string;

  @ApiPropertyOptional({
    enum: INITIAL_STATUSES,
    default: 'MASIH_TERPASUNG',
    description: 'Status of the first event, dated reportedOn',
  })
  @IsOptional()
  @IsIn(INITIAL_STATUSES)
  initialStatus?: InitialStatus;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Note of the first event (assessment, family mediation)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note?: string;
}

/**
 * A PATCH changes what it names; null clears an optional field (detail texts, duration, family contact, case link).
 * The report date and the status are not here: the status changes only through events, and the first event is
 * dated on the report date.
 */
export class UpdatePasungCaseDto {
  @ApiPropertyOptional({ example: '3571011010' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{10}$/)
  villageCode?: string;

  @ApiPropertyOptional({ enum: REPORT_SOURCES })
  @IsOptional()
  @IsIn(REPORT_SOURCES)
  reportSource?: ReportSource;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 300 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  reportSourceDetail?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: MAX_SHACKLED_MONTHS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SHACKLED_MONTHS)
  shackledMonths?: number | null;

  @ApiPropertyOptional({ enum: RESTRAINT_TYPES })
  @IsOptional()
  @IsIn(RESTRAINT_TYPES)
  restraintType?: RestraintType;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 300 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  restraintDetail?: string | null;

  @ApiPropertyOptional({ nullable: true, type: FamilyContactInput, description: 'null removes the contact' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FamilyContactInput)
  familyContact?: FamilyContactInput | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The rehabilitation case of the same person, once in care; null removes the link',
  })
  @IsOptional()
  @IsUUID()
  caseId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'Province roles only' })
  @IsOptional()
  @IsUUID()
  managingOrganizationId?: string;
}
