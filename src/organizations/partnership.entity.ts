import { Column, Entity, JoinTable, ManyToMany } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Organization } from './organization.entity';

/** A partnership agreement (MoU, nota kesepahaman) between two or more organisations. */
@Entity('partnerships')
export class Partnership extends BaseEntity {
  @Column({ type: 'varchar', length: 2000 })
  scope: string;

  /** First day in force (YYYY-MM-DD). */
  @Column({ type: 'date' })
  validFrom: string;

  /** Last day in force (YYYY-MM-DD); null when the agreement has no end date. */
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  /** Number or file reference of the signed document (e.g. "119/2345/107.2/2025"). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  documentReference: string | null;

  @ManyToMany(() => Organization)
  @JoinTable({
    name: 'partnership_parties',
    joinColumn: { name: 'partnership_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'organization_id', referencedColumnName: 'id' },
  })
  parties: Organization[];
}
