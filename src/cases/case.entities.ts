import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

export const CASE_KINDS = ['RESIDENTIAL', 'COMMUNITY'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const SEVERITIES = ['BERAT', 'SEDANG', 'RINGAN'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const CASE_OUTCOMES = ['MANDIRI', 'RETURNED_TO_FAMILY', 'REFERRED', 'DIED', 'LEFT', 'OTHER'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export type CaseStatus = 'OPEN' | 'CLOSED';

/** A rehabilitation stage (data: the national standard by default, DOMAIN.md §5). */
@Entity('case_stages')
export class CaseStage {
  @PrimaryColumn({ type: 'varchar', length: 30 }) code: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'integer' }) sortOrder: number;
  @Column({ type: 'boolean' }) active: boolean;
}

/** A rehabilitation case of one person, managed by one organisation (a UPT, or a regency office for eks klien). */
@Entity('cases')
export class Case extends BaseEntity {
  @Column({ type: 'uuid' }) personId: string;
  @Column({ type: 'uuid' }) managingOrganizationId: string;
  @Column({ type: 'varchar', length: 12 }) kind: CaseKind;
  @Column({ type: 'varchar', length: 10, nullable: true }) ppksCode: string | null;
  @Column({ type: 'varchar', length: 8, nullable: true }) severity: Severity | null;
  @Column({ type: 'varchar', length: 30 }) stageCode: string;
  @Column({ type: 'varchar', length: 8, default: 'OPEN' }) status: CaseStatus;
  @Column({ type: 'date' }) openedOn: string;
  @Column({ type: 'date', nullable: true }) closedOn: string | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) outcome: CaseOutcome | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) closingNote: string | null;
  @Column({ type: 'uuid', nullable: true }) parentCaseId: string | null;
  @Column({ type: 'uuid', array: true, default: () => "'{}'" }) assignedWorkerIds: string[];
}

/** A stay in a UPT: admission, and discharge with its destination and the family that receives the person. */
@Entity('case_residences')
export class CaseResidence {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'uuid' }) organizationId: string;
  @Column({ type: 'date' }) admittedOn: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) ward: string | null;
  @Column({ type: 'date', nullable: true }) dischargedOn: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) destinationVillageCode: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) receivingName: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) receivingRelation: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) receivingPhone: string | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) dischargeReason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** One entry of a case's timeline. Every change of a case writes one, in the same transaction. */
@Entity('case_events')
export class CaseEvent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column({ type: 'varchar', length: 30 }) type: string;
  @Column({ type: 'date' }) occurredOn: string;
  @Column({ type: 'varchar', length: 2000, nullable: true }) note: string | null;
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" }) data: Record<string, unknown>;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'uuid', nullable: true }) actorOrganizationId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

export const ASSESSMENT_KINDS = ['STABILITY', 'NEEDS', 'SEVERITY', 'OTHER'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

@Entity('case_assessments')
export class CaseAssessment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'varchar', length: 10 }) kind: AssessmentKind;
  @Column({ type: 'varchar', length: 100 }) result: string;
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true }) score: string | null;
  @Column({ type: 'varchar', length: 200 }) assessorName: string;
  @Column({ type: 'uuid', nullable: true }) assessorUserId: string | null;
  @Column({ type: 'date' }) assessedOn: string;
  /** Health data: only callers holding persons:pii read it. */
  @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column({ type: 'uuid', nullable: true }) recordedBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A scheduled after-care visit; done when a visit is linked, overdue when its day has passed without one. */
@Entity('case_follow_ups')
export class CaseFollowUp {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'integer' }) sequence: number;
  @Column({ type: 'date' }) dueOn: string;
  @Column({ type: 'uuid', nullable: true }) visitId: string | null;
  @Column({ type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

export const MEDICATION_ADHERENCE = ['YES', 'PARTIAL', 'NO', 'UNKNOWN'] as const;
export type MedicationAdherence = (typeof MEDICATION_ADHERENCE)[number];

@Entity('case_visits')
export class CaseVisit {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'uuid', nullable: true }) followUpId: string | null;
  @Column({ type: 'date' }) visitedOn: string;
  @Column({ type: 'varchar', length: 200 }) officerName: string;
  @Column({ type: 'uuid', nullable: true }) officerUserId: string | null;
  @Column({ type: 'varchar', length: 4000 }) findings: string;
  @Column({ type: 'varchar', length: 8 }) medicationAdherence: MedicationAdherence;
  @Column({ type: 'varchar', length: 500, nullable: true }) livingSituation: string | null;
  @Column({ type: 'boolean', default: false }) relapse: boolean;
  @Column({ type: 'uuid', nullable: true }) recordedBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

export const ESCALATION_DESTINATIONS = ['PUSKESMAS', 'RSJ', 'UPT', 'OTHER'] as const;
export type EscalationDestination = (typeof ESCALATION_DESTINATIONS)[number];

/** A relapse found at a visit, open until the referrals module turns it into a referral or it is resolved. */
@Entity('case_escalations')
export class CaseEscalation extends BaseEntity {
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'uuid', nullable: true }) visitId: string | null;
  @Column({ type: 'varchar', length: 2000 }) reason: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) suggestedDestination: EscalationDestination | null;
  @Column({ type: 'varchar', length: 10, default: 'OPEN' }) status: 'OPEN' | 'REFERRED' | 'RESOLVED';
  @Column({ type: 'uuid', nullable: true }) referralId: string | null;
  @Column({ type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) resolution: string | null;
  @Column({ type: 'uuid', nullable: true }) openedBy: string | null;
}
