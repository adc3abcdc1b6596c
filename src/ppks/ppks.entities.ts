import { Column, Entity, PrimaryColumn } from 'typeorm';

abstract class ReferenceType {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  nameEn: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  shortName: string | null;

  @Column({ type: 'varchar', length: 200 })
  legalBasis: string;

  @Column({ type: 'integer' })
  sortOrder: number;

  @Column({ type: 'boolean' })
  active: boolean;
}

/** One of the 26 PPKS types (Permensos 08/2012); data, so later editions can add or retire types. */
@Entity('ppks_categories')
export class PpksCategory extends ReferenceType {}

/** One of the 12 PSKS types: the potentials and sources of social welfare (partners, volunteers). */
@Entity('psks_types')
export class PsksType extends ReferenceType {}
