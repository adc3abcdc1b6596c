import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
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
import { BIRTH_DATE_PRECISIONS, BirthDatePrecision, DISABILITIES, Disability, SEXES, Sex } from '../person.entity';
import { trimAndCollapse as trim, DATE } from '../../common/validation/transforms';

/** A name has at least one letter and no control characters (names of only spaces or symbols are refused). */
const NAME = /^[^\p{Cc}\p{Cf}]*\p{L}[^\p{Cc}\p{Cf}]*$/u;
const PHONE = /^\+?[0-9 ()-]{6,30}$/;

export class DomicileInput {
  @ApiProperty({ example: '3571011010', description: 'Kemendagri village (kelurahan/desa) code, 10 digits' })
  @IsString()
  @Matches(/^\d{10}$/)
  villageCode: string;

  @ApiPropertyOptional({ example: 'Jl. Ngampel 5', maxLength: 300 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Living there since (default: today)' })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  from?: string;
}

export class KkInput {
  @ApiProperty({ example: '3571010101090001', description: 'Family-card number, 16 digits' })
  @IsString()
  @MaxLength(32)
  number: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  from?: string;
}

export class GuardianInput {
  @ApiProperty({ example: 'Suparman' })
  @Transform(trim)
  @IsString()
  @Matches(NAME)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'AYAH', description: 'Relation to the person (ayah, ibu, saudara, suami, istri, anak, ...)' })
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

  @ApiPropertyOptional({ description: "Guardian's NIK (stored encrypted)" })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  nik?: string;
}

export class ExternalIdsInput {
  @ApiPropertyOptional({ description: 'ID DTKS' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9.-]{1,40}$/)
  dtksId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, description: 'DTSEN welfare decile' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  dtsenDecile?: number;

  @ApiPropertyOptional({ format: 'date', description: 'Date the DTSEN decile was read' })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  dtsenAsOf?: string;
}

export class CreatePersonDto {
  @ApiProperty({ example: 'Siti Aminah', maxLength: 200, description: 'Single names are common' })
  @Transform(trim)
  @IsString()
  @Matches(NAME, { message: 'fullName must contain a letter and no control characters' })
  @MaxLength(200)
  fullName: string;

  @ApiPropertyOptional({ type: [String], example: ['Mbak Siti'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value,
  )
  @IsString({ each: true })
  @Matches(NAME, { each: true })
  @MaxLength(200, { each: true })
  aliases?: string[];

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES)
  sex: Sex;

  @ApiPropertyOptional({
    format: 'date',
    example: '1985-03-12',
    description: 'With MONTH precision the day is 01; with YEAR, -01-01',
  })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  birthDate?: string;

  @ApiPropertyOptional({ enum: BIRTH_DATE_PRECISIONS, default: 'DAY' })
  @IsOptional()
  @IsIn(BIRTH_DATE_PRECISIONS)
  birthDatePrecision?: BirthDatePrecision;

  @ApiPropertyOptional({ example: 'Kediri' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(NAME)
  @MaxLength(100)
  birthPlace?: string;

  @ApiPropertyOptional({ example: '3571015203850001', description: 'NIK, 16 digits (stored encrypted)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  nik?: string;

  @ApiPropertyOptional({ type: KkInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => KkInput)
  kk?: KkInput;

  @ApiPropertyOptional({ type: DomicileInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => DomicileInput)
  domicile?: DomicileInput;

  @ApiPropertyOptional({ example: '+62 812 3456 7890' })
  @IsOptional()
  @IsString()
  @Matches(PHONE)
  phone?: string;

  @ApiPropertyOptional({ enum: DISABILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(DISABILITIES, { each: true })
  disabilities?: Disability[];

  @ApiPropertyOptional({ type: [String], example: ['PPKS-09'], description: 'Codes from /api/v1/ppks-categories' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(26)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(10, { each: true })
  ppksCategories?: string[];

  @ApiPropertyOptional({ type: GuardianInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuardianInput)
  guardian?: GuardianInput;

  @ApiPropertyOptional({ type: ExternalIdsInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExternalIdsInput)
  externalIds?: ExternalIdsInput;
}

/** A PATCH changes what it names; a new domicile or KK closes the current one (history is kept). */
export class UpdatePersonDto extends PartialType(OmitType(CreatePersonDto, ['guardian'] as const)) {
  @ApiPropertyOptional({ type: GuardianInput, nullable: true, description: 'null removes the guardian' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuardianInput)
  guardian?: GuardianInput | null;
}

export class VerifyIdentityDto {
  @ApiProperty({ example: 'Dukcapil Kota Kediri, padan data 2026-11-20', description: 'How the NIK was verified' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  evidence: string;
}

export class MergeDto {
  @ApiProperty({ format: 'uuid', description: 'The duplicate record, merged into the person of the path' })
  @IsUUID()
  duplicateId: string;
}
