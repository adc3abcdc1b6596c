import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const SESSION_STATUSES = ['SCHEDULED', 'CANCELLED'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const ELIGIBILITY_RULES = ['NO_OPEN_CASE', 'NO_RECENT_STABLE_ASSESSMENT'] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

/** A skill taught (reference data: the list grows by migration, not by release of code). */
@Entity('training_skills')
export class TrainingSkill {
  @PrimaryColumn({ type: 'varchar', length: 30 }) code: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'integer' }) sortOrder: number;
  @Column({ type: 'boolean' }) active: boolean;
}

/** A skills training run by a provider organisation on fixed weekdays over a period. */
@Entity('trainings')
export class Training extends BaseEntity {
  @Column({ type: 'uuid' }) providerOrganizationId: string;
  @Column({ type: 'varchar', length: 30 }) skillCode: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'varchar', length: 10 }) villageCode: string;
  @Column({ type: 'varchar', length: 300 }) place: string;
  @Column({ type: 'date' }) startsOn: string;
  @Column({ type: 'date' }) endsOn: string;
  @Column({ type: 'varchar', length: 3, array: true }) weekdays: Weekday[];
  @Column({ type: 'integer' }) capacity: number;
  @Column({ type: 'varchar', length: 200, array: true }) facilitators: string[];
  @Column({ type: 'integer', default: 75 }) minAttendancePercent: number;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
}

@Entity('training_sessions')
export class TrainingSession {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) trainingId: string;
  @Column({ type: 'date' }) heldOn: string;
  @Column({ type: 'varchar', length: 10, default: 'SCHEDULED' }) status: SessionStatus;
  @Column({ type: 'varchar', length: 500, nullable: true }) cancelReason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('training_enrolments')
export class TrainingEnrolment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) trainingId: string;
  @Column({ type: 'uuid' }) personId: string;
  @Column({ type: 'uuid' }) enrolledByOrganizationId: string;
  @Column({ type: 'varchar', length: 10, default: 'ACTIVE' }) status: 'ACTIVE';
  /** The eligibility rules the person failed when enrolled; non-empty only with an override reason. */
  @Column({ type: 'varchar', length: 40, array: true, default: () => "'{}'" }) failedRules: EligibilityRule[];
  @Column({ type: 'varchar', length: 2000, nullable: true }) overrideReason: string | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('training_attendance')
export class TrainingAttendance {
  @PrimaryColumn({ type: 'uuid' }) sessionId: string;
  @PrimaryColumn({ type: 'uuid' }) enrolmentId: string;
  @Column({ type: 'boolean' }) present: boolean;
  @Column({ type: 'uuid', nullable: true }) recordedBy: string | null;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
