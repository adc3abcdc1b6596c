import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
  ValidateNested,
} from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { CASE_KINDS, CASE_OUTCOMES, CaseKind, CaseOutcome, SEVERITIES, Severity } from '../case.entities';
import { trim, DATE } from '../../common/validation/transforms';

export class CreateCaseDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiProperty({ enum: CASE_KINDS, description: 'RESIDENTIAL in a UPT; COMMUNITY for eks klien at a regency office' })
  @IsIn(CASE_KINDS)
  kind: CaseKind;

  @ApiPropertyOptional({ format: 'uuid', description: "Default: the caller's organisation" })
  @IsOptional()
  @IsUUID()
  managingOrganizationId?: string;

  @ApiPropertyOptional({ example: 'PPKS-09' })
  @IsOptional()
  @Matches(/^[A-Z]{4}-\d{2}$/)
  ppksCategory?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({
    description: 'Default: the first stage (PENDEKATAN_AWAL); a COMMUNITY case may start at BIMBINGAN_LANJUT',
  })
  @IsOptional()
  @Matches(/^[A-Z_]{2,30}$/)
  stage?: string;

  @ApiPropertyOptional({ format: 'date', description: "Default: today (the organisation's local day)" })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  openedOn?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Users of the managing organisation' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  assignedWorkerIds?: string[];
}

export class UpdateCaseDto {
  @ApiPropertyOptional({ example: 'PPKS-09' })
  @IsOptional()
  @Matches(/^[A-Z]{4}-\d{2}$/)
  ppksCategory?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  assignedWorkerIds?: string[];
}

export class MoveStageDto {
  @ApiProperty({ example: 'ASESMEN', description: 'The next or the previous stage' })
  @Matches(/^[A-Z_]{2,30}$/)
  to: string;

  @ApiProperty({ description: 'Why the case moves' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  note: string;
}

export class CloseCaseDto {
  @ApiProperty({ enum: CASE_OUTCOMES })
  @IsIn(CASE_OUTCOMES)
  outcome: CaseOutcome;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  closedOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AdmitDto {
  @ApiProperty({ format: 'date' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  date: string;

  @ApiPropertyOptional({ example: 'Wisma Melati' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  ward?: string;
}

export class ReceivingFamilyDto {
  @ApiProperty({ example: 'Suparmi' })
  @Transform(trim)
  @IsString()
  @Matches(/\p{L}/u)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'IBU' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  relation: string;

  @ApiPropertyOptional({ example: '+62 812 3456 7890' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,30}$/)
  phone?: string;
}

export class DischargeDto {
  @ApiProperty({ format: 'date' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  date: string;

  @ApiProperty({ example: '3518012001', description: 'Village the person goes home to (10 digits)' })
  @Matches(/^\d{10}$/)
  destinationVillageCode: string;

  @ApiPropertyOptional({ example: 'Dusun Krajan RT 02 RW 01' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  destinationAddress?: string;

  @ApiProperty({ type: ReceivingFamilyDto, description: 'The family or guardian who receives the person' })
  @ValidateNested()
  @Type(() => ReceivingFamilyDto)
  receivingFamily: ReceivingFamilyDto;

  @ApiProperty({ example: 'Stabil, keluarga siap menerima' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason: string;
}

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: CASE_KINDS })
  @IsOptional()
  @IsIn(CASE_KINDS)
  kind?: CaseKind;

  @ApiPropertyOptional({ enum: ['OPEN', 'CLOSED'] })
  @IsOptional()
  @IsIn(['OPEN', 'CLOSED'])
  status?: 'OPEN' | 'CLOSED';

  @ApiPropertyOptional({ example: 'INTERVENSI' })
  @IsOptional()
  @Matches(/^[A-Z_]{2,30}$/)
  stage?: string;

  @ApiPropertyOptional({ description: 'Only residents staying more than 12 months', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  longStay?: 'true' | 'false';
}

export class ResidenceView {
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ format: 'date' }) admittedOn: string;
  @ApiPropertyOptional({ nullable: true, type: String }) ward: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) dischargedOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) destinationVillageCode: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) receivingName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) receivingRelation: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) dischargeReason: string | null;
}

export class CaseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ format: 'uuid' }) managingOrganizationId: string;
  @ApiProperty({ enum: CASE_KINDS }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: String }) ppksCategory: string | null;
  @ApiPropertyOptional({ nullable: true, enum: SEVERITIES }) severity: string | null;
  @ApiProperty() stage: string;
  @ApiProperty({ enum: ['OPEN', 'CLOSED'] }) status: string;
  @ApiProperty({ format: 'date' }) openedOn: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) closedOn: string | null;
  @ApiPropertyOptional({ nullable: true, enum: CASE_OUTCOMES }) outcome: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) closingNote: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The residential case this one took over from',
  })
  parentCaseId: string | null;
  @ApiProperty({ type: [String] }) assignedWorkerIds: string[];
  @ApiPropertyOptional({ nullable: true, type: ResidenceView, description: 'The current (or last) UPT stay' })
  residence: ResidenceView | null;
  @ApiProperty({ description: 'Resident for more than 12 months (the regulation allows at most one year)' })
  longStay: boolean;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class DischargeResponse {
  @ApiProperty({ type: CaseResponse, description: 'The residential case, closed as RETURNED_TO_FAMILY' })
  residentialCase: CaseResponse;
  @ApiProperty({ type: CaseResponse, description: 'The new COMMUNITY case at the regency office' })
  communityCase: CaseResponse;
}

export class CasePage extends PageOf(CaseResponse) {}

export class CaseEventView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() type: string;
  @ApiProperty({ format: 'date' }) occurredOn: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) actorOrganizationId: string | null;
  @ApiProperty() recordedAt: Date;
}

export class TimelineResponse {
  @ApiProperty({ type: [CaseEventView] }) data: CaseEventView[];
}

export class OccupancyResponse {
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() capacity: number;
  @ApiProperty() residents: number;
  @ApiProperty() available: number;
  @ApiProperty({ example: { BERAT: 71, SEDANG: 171, RINGAN: 58, UNKNOWN: 0 } }) bySeverity: Record<string, number>;
  @ApiProperty({ example: { M: 216, F: 89 } }) bySex: Record<string, number>;
  @ApiProperty({ description: 'Residents staying more than 12 months' }) longStays: number;
}
