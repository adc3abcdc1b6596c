import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
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
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { EligibilityRule, SessionStatus, Weekday, WEEKDAYS } from '../training.entities';
import { trim, DATE } from '../../common/validation/transforms';

const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.trim() : v)) : value;

export class VenueDto {
  @ApiProperty({ example: '3571011010', description: 'Kemendagri code of a desa/kelurahan' })
  @Matches(/^\d{10}$/)
  villageCode: string;

  @ApiProperty({ example: 'Balai RW 03' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  place: string;
}

export class CreateTrainingDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Default: the caller's organisation; must be writable by it" })
  @IsOptional()
  @IsUUID()
  providerOrganizationId?: string;

  @ApiProperty({ example: 'KESET_KAIN_PERCA', description: 'A code of GET /training-skills' })
  @Matches(/^[A-Z_]{2,30}$/)
  skill: string;

  @ApiProperty()
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @ApiProperty({ type: VenueDto })
  @ValidateNested()
  @Type(() => VenueDto)
  venue: VenueDto;

  @ApiProperty({ format: 'date' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  startsOn: string;

  @ApiProperty({ format: 'date', description: 'On or after startsOn, at most 366 days later' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  endsOn: string;

  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['TUE', 'THU'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsIn(WEEKDAYS, { each: true })
  weekdays: Weekday[];

  @ApiProperty({ minimum: 1, maximum: 500 })
  @IsInt()
  @Min(1)
  @Max(500)
  capacity: number;

  @ApiProperty({ type: [String], description: 'Facilitator names, 1–20' })
  @Transform(trimEach)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(200, { each: true })
  facilitators: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 75 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  minAttendancePercent?: number;
}

export class AddSessionDto {
  @ApiProperty({ format: 'date', description: 'Within the training period; one session per day' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  date: string;
}

export class CancelSessionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class EnrolDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiPropertyOptional({ description: 'Enrol despite failed eligibility rules (trainings:override; audited)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  overrideReason?: string;
}

export class AttendanceEntryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  enrolmentId: string;

  @ApiProperty()
  @IsBoolean()
  present: boolean;
}

export class RecordAttendanceDto {
  @ApiProperty({ type: [AttendanceEntryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  // One entry per participant: a second one for the same enrolment would contradict the first.
  @ArrayUnique((e: AttendanceEntryDto) => e?.enrolmentId)
  @ValidateNested({ each: true })
  @Type(() => AttendanceEntryDto)
  entries: AttendanceEntryDto[];
}

export class ListTrainingsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Z_]{2,30}$/)
  skill?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  providerOrganizationId?: string;
}

export class SessionResponse {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ enum: ['SCHEDULED', 'CANCELLED'] }) status: SessionStatus;
}

export class VenueResponse {
  @ApiProperty() villageCode: string;
  @ApiProperty() place: string;
}

export class TrainingResponse {
  @ApiProperty() id: string;
  @ApiProperty() providerOrganizationId: string;
  @ApiProperty() skill: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: VenueResponse }) venue: VenueResponse;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) endsOn: string;
  @ApiProperty({ enum: WEEKDAYS, isArray: true }) weekdays: Weekday[];
  @ApiProperty() capacity: number;
  @ApiProperty({ description: 'Active enrolments' }) enrolled: number;
  @ApiProperty({ type: [String] }) facilitators: string[];
  @ApiProperty() minAttendancePercent: number;
  @ApiProperty({ type: [SessionResponse] }) sessions: SessionResponse[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
}

export class TrainingPage extends PageOf(TrainingResponse) {}

export class SkillResponse {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() nameEn: string;
}

export class SkillList {
  @ApiProperty({ type: [SkillResponse] }) data: SkillResponse[];
}

/** Progress is computed from attendance, never typed: see docs/empowerment-trainings.md. */
export class ProgressResponse {
  @ApiProperty({ description: 'Non-cancelled sessions dated up to today' }) sessionsHeld: number;
  @ApiProperty() sessionsAttended: number;
  @ApiProperty({ description: 'attended / held × 100, rounded down; 0 before the first session' }) percent: number;
  @ApiProperty({ description: 'The training has ended and percent ≥ the minimum' }) completed: boolean;
  @ApiProperty() certificate: boolean;
}

export class EnrolmentResponse {
  @ApiProperty() id: string;
  @ApiProperty() trainingId: string;
  @ApiProperty() personId: string;
  @ApiProperty() personName: string;
  @ApiProperty() enrolledByOrganizationId: string;
  @ApiProperty({ enum: ['ACTIVE'] }) status: 'ACTIVE';
  @ApiProperty({ type: [String], description: 'Rules failed at enrolment (only with an override)' })
  failedRules: EligibilityRule[];
  @ApiProperty({ type: String, nullable: true }) overrideReason: string | null;
  @ApiProperty({ type: ProgressResponse }) progress: ProgressResponse;
  @ApiProperty() createdAt: Date;
}

export class ParticipantList {
  @ApiProperty({ type: [EnrolmentResponse], description: 'Every participant (at most the capacity, ≤ 500)' })
  data: EnrolmentResponse[];
}

export class AttendanceResponse {
  @ApiProperty() sessionId: string;
  @ApiProperty() recorded: number;
  @ApiProperty() present: number;
}
