import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { PasungStatus } from './pasung-status';

export const REPORT_SOURCES = [
  'FAMILY',
  'NEIGHBOUR',
  'VILLAGE_OFFICIAL',
  'PUSKESMAS',
  'POLICE',
  'SOCIAL_WORKER',
  'MEDIA',
  'OTHER',
] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

/** STOCKS is the wooden kayu pasung; CONFINED_ROOM a locked room or shed. */
export const RESTRAINT_TYPES = ['CHAIN', 'STOCKS', 'ROPE', 'CONFINED_ROOM', 'CAGE', 'OTHER'] as const;
export type RestraintType = (typeof RESTRAINT_TYPES)[number];

/**
 * A person found shackled (DOMAIN.md §6). Health data of a specific kind under UU PDP: every read is audited.
 * `currentStatus` mirrors the latest event of the timeline and changes only with a new event.
 */
@Entity('pasung_cases')
export class PasungCase extends BaseEntity {
  @Column({ type: 'uuid' }) personId: string;
  @Column({ type: 'varchar', length: 10 }) villageCode: string;
  @Column({ type: 'varchar', length: 4, insert: false, update: false }) regencyCode: string;
  @Column({ type: 'date' }) reportedOn: string;
  @Column({ type: 'varchar', length: 20 }) reportSource: ReportSource;
  @Column({ type: 'varchar', length: 300, nullable: true }) reportSourceDetail: string | null;
  /** null: not known. */
  @Column({ type: 'integer', nullable: true }) shackledMonths: number | null;
  @Column({ type: 'varchar', length: 20 }) restraintType: RestraintType;
  @Column({ type: 'varchar', length: 300, nullable: true }) restraintDetail: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) familyContactName: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) familyContactRelation: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) familyContactPhone: string | null;
  @Column({ type: 'uuid' }) managingOrganizationId: string;
  @Column({ type: 'uuid', nullable: true }) caseId: string | null;
  @Column({ type: 'varchar', length: 25 }) currentStatus: PasungStatus;
  @Column({ type: 'date' }) currentStatusOn: string;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
}
