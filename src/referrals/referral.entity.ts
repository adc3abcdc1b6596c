import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Priority, ReferralStatus } from './referral-lifecycle';

/** A closed-loop referral (or, with `transfer`, a transfer of a case) from one organisation to another. */
@Entity('referrals')
export class Referral extends BaseEntity {
  @Column({ type: 'uuid' }) fromOrganizationId: string;
  @Column({ type: 'uuid' }) toOrganizationId: string;
  @Column({ type: 'uuid' }) personId: string;
  @Column({ type: 'uuid', nullable: true }) caseId: string | null;
  @Column({ type: 'uuid', nullable: true }) serviceId: string | null;
  @Column({ type: 'uuid', nullable: true }) escalationId: string | null;
  @Column({ type: 'varchar', length: 2000 }) reason: string;
  @Column({ type: 'varchar', length: 10 }) priority: Priority;
  @Column({ type: 'boolean', default: false }) transfer: boolean;
  @Column({ type: 'varchar', length: 20 }) status: ReferralStatus;
  @Column({ type: 'timestamptz' }) statusChangedAt: Date;
  @Column({ type: 'timestamptz' }) respondBy: Date;
  @Column({ type: 'varchar', length: 30, nullable: true }) rejectionReasonCode: string | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) statusNote: string | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) outcomeNote: string | null;
  @Column({ type: 'uuid', nullable: true }) consentId: string | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) consentOverrideReason: string | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
}
