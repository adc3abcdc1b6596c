import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import {
  ASSESSMENT_KINDS,
  AssessmentKind,
  CaseAssessment,
  CaseEscalation,
  CaseFollowUp,
  CaseVisit,
  ESCALATION_DESTINATIONS,
  EscalationDestination,
  MEDICATION_ADHERENCE,
  MedicationAdherence,
} from '../case.entities';
import { trim, DATE } from '../../common/validation/transforms';

/** Results a kind allows; kinds not listed take free text (at most 100 characters). */
export const ASSESSMENT_RESULTS: Partial<Record<AssessmentKind, readonly string[]>> = {
  STABILITY: ['STABLE', 'UNSTABLE'],
  SEVERITY: ['BERAT', 'SEDANG', 'RINGAN'],
};

export const FOLLOW_UP_STATUSES = ['DONE', 'OVERDUE', 'DUE', 'SCHEDULED', 'CANCELLED'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
/** A scheduled visit is DUE from this many days before its day. */
export const DUE_WINDOW_DAYS = 7;

/** DONE with a visit, CANCELLED when its case closed, else OVERDUE, DUE or SCHEDULED on the local day `today`. */
export function followUpStatus(
  f: Pick<CaseFollowUp, 'dueOn' | 'visitId' | 'cancelledAt'>,
  today: string,
): FollowUpStatus {
  if (f.visitId) return 'DONE';
  if (f.cancelledAt) return 'CANCELLED';
  if (f.dueOn < today) return 'OVERDUE';
  return f.dueOn <= addDays(today, DUE_WINDOW_DAYS) ? 'DUE' : 'SCHEDULED';
}

/** `YYYY-MM-DD` plus whole days (calendar arithmetic in UTC, so no time zone can shift the day). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export class CreateAssessmentDto {
  @ApiProperty({ enum: ASSESSMENT_KINDS })
  @IsIn(ASSESSMENT_KINDS)
  kind: AssessmentKind;

  @ApiProperty({
    example: 'STABLE',
    description:
      'STABILITY: STABLE or UNSTABLE; SEVERITY: BERAT, SEDANG or RINGAN (sets the case severity); others: free text',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  result: string;

  @ApiPropertyOptional({ example: 42.5, minimum: -9999.99, maximum: 9999.99 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(-9999.99)
  @Max(9999.99)
  score?: number;

  @ApiProperty({ example: 'dr. Ratna Wulandari, Sp.KJ' })
  @Transform(trim)
  @IsString()
  @Matches(/\p{L}/u)
  @MaxLength(200)
  assessorName: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An active user of the managing organisation' })
  @IsOptional()
  @IsUUID()
  assessorUserId?: string;

  @ApiProperty({ format: 'date', description: 'Not in the future, not before the case was opened' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  assessedOn: string;

  @ApiPropertyOptional({ description: 'Health data: read back only by callers holding persons:pii' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

export class AssessmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ASSESSMENT_KINDS }) kind: string;
  @ApiProperty() result: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) score: number | null;
  @ApiProperty() assessorName: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) assessorUserId: string | null;
  @ApiProperty({ format: 'date' }) assessedOn: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null unless the caller holds persons:pii' })
  notes: string | null;
  @ApiProperty({ description: 'True when notes exist but the caller lacks persons:pii' }) notesWithheld: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) recordedBy: string | null;
  @ApiProperty() createdAt: Date;

  /** Notes are health data: withheld (null, notesWithheld) from callers without persons:pii. */
  static of(a: CaseAssessment, pii: boolean): AssessmentResponse {
    return {
      id: a.id,
      caseId: a.caseId,
      kind: a.kind,
      result: a.result,
      score: a.score === null ? null : Number(a.score),
      assessorName: a.assessorName,
      assessorUserId: a.assessorUserId,
      assessedOn: a.assessedOn,
      notes: pii ? a.notes : null,
      notesWithheld: !pii && a.notes !== null,
      recordedBy: a.recordedBy,
      createdAt: a.createdAt,
    };
  }
}

export class AssessmentPage extends PageOf(AssessmentResponse) {}

export class CreateVisitDto {
  @ApiProperty({ format: 'date', description: 'Not in the future, not before the case was opened' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  visitedOn: string;

  @ApiProperty({ example: 'Sri Wahyuni' })
  @Transform(trim)
  @IsString()
  @Matches(/\p{L}/u)
  @MaxLength(200)
  officerName: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An active user of the managing organisation' })
  @IsOptional()
  @IsUUID()
  officerUserId?: string;

  @ApiProperty({ example: 'Minum obat teratur, membantu usaha keluarga' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(4000)
  findings: string;

  @ApiProperty({ enum: MEDICATION_ADHERENCE })
  @IsIn(MEDICATION_ADHERENCE)
  medicationAdherence: MedicationAdherence;

  @ApiPropertyOptional({ example: 'Tinggal bersama ibu dan adik' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  livingSituation?: string;

  // Required rather than defaulted: a visit that forgot to say must not read as "no relapse".
  @ApiProperty({ description: 'A relapse opens an escalation on the case' })
  @IsBoolean()
  relapse: boolean;

  @ApiPropertyOptional({ description: 'Reason of the escalation (only with relapse; default: the findings)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  relapseNote?: string;

  @ApiPropertyOptional({ enum: ESCALATION_DESTINATIONS, description: 'Only with relapse' })
  @IsOptional()
  @IsIn(ESCALATION_DESTINATIONS)
  suggestedDestination?: EscalationDestination;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The pending follow-up this visit fulfils; default: the earliest pending one due by visitedOn + 15 days',
  })
  @IsOptional()
  @IsUUID()
  followUpId?: string;
}

export class VisitResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'The follow-up it fulfilled' })
  followUpId: string | null;
  @ApiProperty({ format: 'date' }) visitedOn: string;
  @ApiProperty() officerName: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) officerUserId: string | null;
  @ApiProperty() findings: string;
  @ApiProperty({ enum: MEDICATION_ADHERENCE }) medicationAdherence: string;
  @ApiPropertyOptional({ nullable: true, type: String }) livingSituation: string | null;
  @ApiProperty() relapse: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'Opened by a relapse' })
  escalationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) recordedBy: string | null;
  @ApiProperty() createdAt: Date;

  static of(v: CaseVisit, escalationId: string | null): VisitResponse {
    return {
      id: v.id,
      caseId: v.caseId,
      followUpId: v.followUpId,
      visitedOn: v.visitedOn,
      officerName: v.officerName,
      officerUserId: v.officerUserId,
      findings: v.findings,
      medicationAdherence: v.medicationAdherence,
      livingSituation: v.livingSituation,
      relapse: v.relapse,
      escalationId,
      recordedBy: v.recordedBy,
      createdAt: v.createdAt,
    };
  }
}

export class VisitPage extends PageOf(VisitResponse) {}

export class FollowUpView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({
    enum: FOLLOW_UP_STATUSES,
    description: "Against the case organisation's local day: DUE within 7 days, OVERDUE when the day passed",
  })
  status: FollowUpStatus;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) visitId: string | null;
  @ApiProperty({ description: 'Days since the due day of an overdue visit, else 0' }) daysOverdue: number;

  static of(f: CaseFollowUp, today: string): FollowUpView {
    const status = followUpStatus(f, today);
    return {
      id: f.id,
      caseId: f.caseId,
      sequence: f.sequence,
      dueOn: f.dueOn,
      status,
      visitId: f.visitId,
      daysOverdue: status === 'OVERDUE' ? daysBetween(f.dueOn, today) : 0,
    };
  }
}

export class FollowUpScheduleResponse {
  @ApiProperty({ type: [FollowUpView] }) data: FollowUpView[];
}

export class ListFollowUpsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['overdue', 'due'],
    description: 'overdue: the due day has passed; due: due today or within 7 days; default: every pending visit',
  })
  @IsOptional()
  @IsIn(['overdue', 'due'])
  status?: 'overdue' | 'due';
}

export class PendingFollowUpView extends FollowUpView {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ format: 'uuid' }) managingOrganizationId: string;
}

export class PendingFollowUpPage extends PageOf(PendingFollowUpView) {}

export class EscalationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) visitId: string | null;
  @ApiProperty() reason: string;
  @ApiPropertyOptional({ nullable: true, enum: ESCALATION_DESTINATIONS }) suggestedDestination: string | null;
  @ApiProperty({ enum: ['OPEN', 'REFERRED', 'RESOLVED'] }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) referralId: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) resolvedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolution: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) openedBy: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static of(e: CaseEscalation): EscalationResponse {
    return {
      id: e.id,
      caseId: e.caseId,
      visitId: e.visitId,
      reason: e.reason,
      suggestedDestination: e.suggestedDestination,
      status: e.status,
      referralId: e.referralId,
      resolvedAt: e.resolvedAt,
      resolution: e.resolution,
      openedBy: e.openedBy,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    };
  }
}

export class EscalationPage extends PageOf(EscalationResponse) {}

export class ResolveEscalationDto {
  @ApiProperty({ example: 'Kontrol ke Puskesmas, kembali stabil' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  resolution: string;
}
