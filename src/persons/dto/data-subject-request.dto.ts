import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
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
import { ConsentResponse } from './consent.dto';
import { UpdatePersonDto } from './person-input.dto';
import { PersonDetailResponse } from './person.response';
import { trim } from '../../common/validation/transforms';

/** The rights of UU PDP a request exercises. Published: append only. */
export const DATA_SUBJECT_REQUEST_KINDS = [
  'ACCESS',
  'CORRECTION',
  'ERASURE',
  'RESTRICTION',
  'LIFT_RESTRICTION',
  'OBJECTION',
] as const;
export type DataSubjectRequestKind = (typeof DATA_SUBJECT_REQUEST_KINDS)[number];
export const DATA_SUBJECT_REQUEST_STATUSES = ['OPEN', 'COMPLETED', 'REFUSED'] as const;
export type DataSubjectRequestStatus = (typeof DATA_SUBJECT_REQUEST_STATUSES)[number];
/** How the request reached the office. */
export const DATA_SUBJECT_REQUEST_CHANNELS = ['IN_PERSON', 'LETTER', 'EMAIL', 'PHONE', 'WEB', 'OTHER'] as const;
export type DataSubjectRequestChannel = (typeof DATA_SUBJECT_REQUEST_CHANNELS)[number];

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
/** A moment with its offset, so "received at 09:00" cannot be read in the wrong time zone; milliseconds at most. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export class CreateDataSubjectRequestDto {
  @ApiProperty({ enum: DATA_SUBJECT_REQUEST_KINDS })
  @IsIn(DATA_SUBJECT_REQUEST_KINDS)
  kind: DataSubjectRequestKind;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-20T09:15:00+07:00',
    description:
      'When the request reached the office (default: now); not in the future. The 3×24-hour deadline runs from it',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANT)
  @IsISO8601({ strict: true })
  receivedAt?: string;

  @ApiPropertyOptional({ enum: DATA_SUBJECT_REQUEST_CHANNELS })
  @IsOptional()
  @IsIn(DATA_SUBJECT_REQUEST_CHANNELS)
  channel?: DataSubjectRequestChannel;

  @ApiPropertyOptional({ maxLength: 2000, description: 'What was asked, in the words of the request' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  description?: string;
}

export class ResolveDataSubjectRequestDto {
  @ApiProperty({ maxLength: 2000, description: 'What was done, or why the request is refused' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  resolution: string;
}

/** The person fields a correction may change (UU PDP right to correction); NIK follows Dukcapil, not requests. */
export class CorrectionChangesDto extends PickType(UpdatePersonDto, [
  'fullName',
  'birthDate',
  'birthDatePrecision',
  'sex',
  'phone',
  'domicile',
  'aliases',
] as const) {}

export class RecordCorrectionDto {
  @ApiProperty({ type: CorrectionChangesDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => CorrectionChangesDto)
  changes: CorrectionChangesDto;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Default: the names of the corrected fields' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  resolution?: string;
}

export class ListDataSubjectRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DATA_SUBJECT_REQUEST_STATUSES })
  @IsOptional()
  @IsIn(DATA_SUBJECT_REQUEST_STATUSES)
  status?: DataSubjectRequestStatus;

  @ApiPropertyOptional({ enum: DATA_SUBJECT_REQUEST_KINDS })
  @IsOptional()
  @IsIn(DATA_SUBJECT_REQUEST_KINDS)
  kind?: DataSubjectRequestKind;

  @ApiPropertyOptional({ description: 'true: open and past the deadline; false: everything else' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

export class EraseDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An OPEN ERASURE request of this person, completed with it' })
  @IsOptional()
  @IsUUID()
  requestId?: string;

  @ApiProperty({ maxLength: 500, example: 'Permintaan penghapusan ybs. tanggal 20 Nov 2026' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class RestrictDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An OPEN RESTRICTION request of this person, completed with it' })
  @IsOptional()
  @IsUUID()
  requestId?: string;

  @ApiProperty({ maxLength: 500, example: 'Ybs. keberatan datanya dipakai untuk program bantuan' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class LiftRestrictionDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An OPEN LIFT_RESTRICTION request of this person' })
  @IsOptional()
  @IsUUID()
  requestId?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason?: string;
}

export class LegalHoldDto {
  @ApiProperty({ maxLength: 500, example: 'Perkara No. 12/Pid.Sus/2026/PN Kdr' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class DataSubjectRequestResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ enum: DATA_SUBJECT_REQUEST_KINDS }) kind: string;
  @ApiPropertyOptional({ nullable: true, enum: DATA_SUBJECT_REQUEST_CHANNELS }) channel: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) description: string | null;
  @ApiProperty() receivedAt: Date;
  @ApiProperty({ description: 'receivedAt + 72 hours (UU PDP: 3×24 hours)' }) dueAt: Date;
  @ApiProperty({ enum: DATA_SUBJECT_REQUEST_STATUSES }) status: string;
  @ApiProperty({ description: 'Still open after dueAt' }) overdue: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) resolvedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolution: string | null;
  @ApiProperty({ type: [String], description: 'Fields changed by a correction' }) changedFields: string[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) recordedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) recordedByOrganizationId: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class DataSubjectRequestPage extends PageOf(DataSubjectRequestResponse) {}

/** The rights-related state of a person, answered by erase, restrict, legal hold and their reversals. */
export class PersonRightsStatusResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['ACTIVE', 'MERGED', 'ERASED'] }) status: string;
  @ApiProperty() restricted: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) restrictedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) restrictionReason: string | null;
  @ApiProperty() legalHold: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) legalHoldReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) erasedAt: Date | null;
  @ApiPropertyOptional({
    nullable: true,
    type: DataSubjectRequestResponse,
    description: 'The request completed with it',
  })
  completedRequest: DataSubjectRequestResponse | null;
  @ApiProperty() version: number;
}

/** One row of the processing trail: who did what with the person's data, when, on behalf of whom, and why. */
export class AccessLogEntry {
  @ApiProperty() occurredAt: Date;
  @ApiProperty({ enum: ['user', 'client', 'system', 'anonymous'] }) actorKind: string;
  @ApiPropertyOptional({ nullable: true, type: String }) actorName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) organizationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) organizationName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) role: string | null;
  @ApiProperty({ example: 'READ' }) action: string;
  @ApiProperty({ example: 'person' }) resourceType: string;
  @ApiPropertyOptional({ nullable: true, type: String }) resourceId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) purpose: string | null;
  @ApiProperty({ type: [String] }) changedFields: string[];
}

export class DataExportResponse {
  @ApiProperty() generatedAt: Date;
  @ApiProperty({ type: PersonDetailResponse, description: 'Identity numbers unmasked: this is the subject’s own copy' })
  person: PersonDetailResponse;
  @ApiProperty({ type: [ConsentResponse] }) consents: ConsentResponse[];
  @ApiProperty({ type: [DataSubjectRequestResponse] }) dataSubjectRequests: DataSubjectRequestResponse[];
  @ApiProperty({ type: [AccessLogEntry], description: 'Every audited read and write of the person, oldest first' })
  accessLog: AccessLogEntry[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'object' } },
    description:
      'Case and Bebas Pasung files as stored: cases, caseEvents, caseResidences, caseAssessments, caseVisits, pasungCases, pasungEvents',
  })
  records: Record<string, unknown[]>;
}
