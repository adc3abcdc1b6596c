import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PasungStatus } from './pasung-status';

/** One dated status of a pasung case's timeline. Append-only: a correction is a new event with a note. */
@Entity('pasung_case_events')
export class PasungCaseEvent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) pasungCaseId: string;
  /** Order of recording; breaks ties between events of the same day. */
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column({ type: 'varchar', length: 25 }) status: PasungStatus;
  @Column({ type: 'date' }) occurredOn: string;
  @Column({ type: 'varchar', length: 2000, nullable: true }) note: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) releaseTeam: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) hospitalName: string | null;
  @Column({ type: 'uuid', nullable: true }) uptOrganizationId: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) causeOfDeath: string | null;
  /** The rehabilitation case linked by this event, if it linked one. */
  @Column({ type: 'uuid', nullable: true }) caseId: string | null;
  @Column({ type: 'uuid', nullable: true }) recordedBy: string | null;
  @Column({ type: 'uuid', nullable: true }) recordedByOrganizationId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
