import { Column, Entity, JoinTable, ManyToMany } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { PpksCategory } from '../ppks/ppks.entities';

export const ORGANIZATION_TYPES = [
  'PROVINCIAL_OFFICE',
  'REGENCY_OFFICE',
  'UPT',
  'NGO',
  'COMMUNITY_GROUP',
  'BUSINESS',
  'GOVERNMENT_OFFICE',
  'HEALTH_FACILITY',
] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

/** Every party of the network: the provincial offices, regency offices, UPTs and partners. */
@Entity('organizations')
export class Organization extends BaseEntity {
  /** Stable handle of seeded organisations (e.g. `DINSOS-3571`); optional for others. */
  @Column({ type: 'varchar', length: 40, nullable: true, unique: true })
  code: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  type: OrganizationType;

  @Column({ type: 'varchar', length: 10 })
  regionCode: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  /** Places for residents; only a UPT has one. */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @ManyToMany(() => PpksCategory)
  @JoinTable({
    name: 'organization_ppks_categories',
    joinColumn: { name: 'organization_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'ppks_code', referencedColumnName: 'code' },
  })
  ppksCategories: PpksCategory[];
}
