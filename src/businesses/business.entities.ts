import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

export const BUSINESS_SECTORS = [
  'JAHIT',
  'KERAJINAN',
  'KULINER',
  'PERTANIAN',
  'PETERNAKAN',
  'PERDAGANGAN',
  'JASA',
  'OTHER',
] as const;
export type BusinessSector = (typeof BUSINESS_SECTORS)[number];

/** bigint columns come back from pg as strings; Rupiah amounts stay far below 2^53, so numbers are exact. */
const rupiah = {
  to: (value: number): number => value,
  from: (value: string | null): number | null => (value === null ? null : Number(value)),
};

@Entity('businesses')
export class Business extends BaseEntity {
  @Column({ type: 'uuid' }) personId: string;
  @Column({ type: 'uuid', nullable: true }) grantId: string | null;
  @Column({ type: 'varchar', length: 20 }) sector: BusinessSector;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 10 }) villageCode: string;
  @Column({ type: 'varchar', length: 4, insert: false, update: false }) regencyCode: string;
  @Column({ type: 'date' }) startDate: string;
  @Column({ type: 'integer' }) workers: number;
  @Column({ type: 'date', nullable: true }) graduatedOn: string | null;
  @Column({ type: 'uuid', nullable: true }) graduatedBy: string | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) graduationNote: string | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
}

@Entity('business_reports')
export class BusinessReport {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) businessId: string;
  @Column({ type: 'char', length: 7 }) period: string;
  @Column({ type: 'bigint', transformer: rupiah }) revenueIdr: number;
  @Column({ type: 'bigint', transformer: rupiah }) netIncomeIdr: number;
  @Column({ type: 'integer' }) workers: number;
  @Column({ type: 'boolean' }) open: boolean;
  @Column({ type: 'varchar', length: 2000, nullable: true }) notes: string | null;
  @Column({ type: 'uuid', nullable: true }) reportedBy: string | null;
  @VersionColumn({ default: 1 }) version: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** An earlier version of a report, kept when a correction replaced it. */
@Entity('business_report_revisions')
export class BusinessReportRevision {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) reportId: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'bigint', transformer: rupiah }) revenueIdr: number;
  @Column({ type: 'bigint', transformer: rupiah }) netIncomeIdr: number;
  @Column({ type: 'integer' }) workers: number;
  @Column({ type: 'boolean' }) open: boolean;
  @Column({ type: 'varchar', length: 2000, nullable: true }) notes: string | null;
  @Column({ type: 'uuid', nullable: true }) reportedBy: string | null;
  @Column({ type: 'timestamptz' }) reportedAt: Date;
  @Column({ type: 'uuid', nullable: true }) replacedBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) replacedAt: Date;
  @Column({ type: 'varchar', length: 1000 }) reason: string;
}
