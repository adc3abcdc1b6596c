import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A category of service (the directory's taxonomy). Reference data: new categories come as rows, not code. */
@Entity('service_categories')
export class ServiceCategory {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code: string;

  /** Indonesian name. */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  nameEn: string;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ type: 'integer' })
  sortOrder: number;

  /** A retired category stays on the services that use it but cannot be chosen any more. */
  @Column({ type: 'boolean' })
  active: boolean;
}
