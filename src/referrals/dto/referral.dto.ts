import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { PRIORITIES, Priority, REFERRAL_STATUSES, REJECTION_REASONS, RejectionReason } from '../referral-lifecycle';
import { trim } from '../../common/validation/transforms';

export class CreateReferralDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The case the referral belongs to (required for a transfer)' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  toOrganizationId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A service of the receiving organisation' })
  @IsOptional()
  @IsUUID()
  serviceId?: string;

  @ApiProperty({ example: 'Kambuh, perlu evaluasi psikiater' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;

  @ApiProperty({ enum: PRIORITIES })
  @IsIn(PRIORITIES)
  priority: Priority;

  @ApiPropertyOptional({ default: false, description: 'Move the case to the receiver when accepted' })
  @IsOptional()
  @IsBoolean()
  transfer?: boolean;

  @ApiPropertyOptional({
    description:
      'Written reason to refer without a consent record (users holding referrals:consent-override only; audited)',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  consentOverrideReason?: string;
}

export class ReferEscalationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  toOrganizationId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  serviceId?: string;

  @ApiPropertyOptional({ description: 'Default: the escalation reason' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason?: string;

  @ApiProperty({ enum: PRIORITIES })
  @IsIn(PRIORITIES)
  priority: Priority;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  consentOverrideReason?: string;
}

/** The body of an action; `reject` needs reasonCode and note; `complete`/`fail` take the outcome note. */
export class ReferralActionDto {
  @ApiPropertyOptional({ enum: REJECTION_REASONS, description: 'Required to reject' })
  @IsOptional()
  @IsIn(REJECTION_REASONS)
  reasonCode?: RejectionReason;

  @ApiPropertyOptional({ description: 'Required to reject, complete and fail' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  note?: string;
}

export class ListReferralsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['incoming', 'outgoing'], description: "Relative to the caller's organisation" })
  @IsOptional()
  @IsIn(['incoming', 'outgoing'])
  direction?: 'incoming' | 'outgoing';

  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

/** What a referral needs of the person, and nothing more (a partner sees only this). */
export class ReferralPersonView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() sex: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Whole years, from the birth date' }) age:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) villageCode: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) villageName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The person's phone, or the guardian's" }) contact:
    string | null;
}

export class ReferralResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) fromOrganizationId: string;
  @ApiProperty({ format: 'uuid' }) toOrganizationId: string;
  @ApiProperty({ type: ReferralPersonView }) person: ReferralPersonView;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) caseId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) serviceId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) escalationId: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: PRIORITIES }) priority: string;
  @ApiProperty() transfer: boolean;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: string;
  @ApiProperty() statusChangedAt: Date;
  @ApiProperty({ description: 'The receiver must answer by then, or the referral expires' }) respondBy: Date;
  @ApiPropertyOptional({ nullable: true, enum: REJECTION_REASONS }) rejectionReasonCode: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) statusNote: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) outcomeNote: string | null;
  @ApiProperty({ description: 'Sent under a consent override (reason audited)' }) consentOverridden: boolean;
  @ApiProperty({ type: [String], description: 'Actions possible now, for either side' }) allowedActions: string[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
}

export class ReferralPage extends PageOf(ReferralResponse) {}

export class ReferralEventView {
  @ApiProperty() action: string;
  @ApiPropertyOptional({ nullable: true, type: String }) fromStatus: string | null;
  @ApiProperty() toStatus: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) actorOrganizationId: string | null;
  @ApiProperty() occurredAt: Date;
}

export class ReferralHistoryResponse {
  @ApiProperty({ type: [ReferralEventView] }) data: ReferralEventView[];
}

export class RejectionReasonView {
  @ApiProperty({ enum: REJECTION_REASONS }) code: string;
  @ApiProperty() name: string;
}

export class RejectionReasonList {
  @ApiProperty({ type: [RejectionReasonView] }) data: RejectionReasonView[];
}
