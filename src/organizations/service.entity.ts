import { Column, Entity, JoinTable, ManyToMany } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Region } from '../regions/region.entity';

export const CAPACITY_STATUSES = ['ACCEPTING', 'WAITLIST', 'NOT_ACCEPTING'] as const;
export type CapacityStatus = (typeof CAPACITY_STATUSES)[number];

/** A service an organisation offers: the directory entry partners and offices refer people to. */
@Entity('services')
export class Service extends BaseEntity {
  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 40 })
  categoryCode: string;

  /** Who the service is for, in words. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  eligibility: string | null;

  /** Opening days and hours, in words (e.g. "Senin–Jumat 08.00–15.00"). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  schedule: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  contactName: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  contactEmail: string | null;

  @Column({ type: 'varchar', length: 20 })
  capacityStatus: CapacityStatus;

  /** When the capacity status last changed. */
  @Column({ type: 'timestamptz' })
  capacityUpdatedAt: Date;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  /** Regions (any level) where the service is available. */
  @ManyToMany(() => Region)
  @JoinTable({
    name: 'service_areas',
    joinColumn: { name: 'service_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'region_code', referencedColumnName: 'code' },
  })
  areas: Region[];
}
