import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Person } from './person.entity';

/** A KK (family card) number: it changes on moving, divorce, a split household, so it is a history, never a key. */
@Entity('person_kk_numbers')
export class PersonKkNumber {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) personId: string;
  @ManyToOne(() => Person, (p) => p.kkNumbers) @JoinColumn({ name: 'person_id' }) person?: Relation<Person>;
  @Column({ type: 'text' }) kkEncrypted: string;
  @Column({ type: 'char', length: 64 }) kkIndex: string;
  @Column({ type: 'date', nullable: true }) validFrom: string | null;
  @Column({ type: 'date', nullable: true }) validTo: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** Where the person lives (lived), by Kemendagri village code. */
@Entity('person_domiciles')
export class PersonDomicile {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) personId: string;
  @ManyToOne(() => Person, (p) => p.domiciles) @JoinColumn({ name: 'person_id' }) person?: Relation<Person>;
  @Column({ type: 'varchar', length: 10 }) villageCode: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) address: string | null;
  @Column({ type: 'date', nullable: true }) validFrom: string | null;
  @Column({ type: 'date', nullable: true }) validTo: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A PPKS category the person belongs to, with since/until: a person can leave one (e.g. graduate to MANDIRI). */
@Entity('person_ppks_categories')
export class PersonPpksCategory {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) personId: string;
  @ManyToOne(() => Person, (p) => p.ppksCategories) @JoinColumn({ name: 'person_id' }) person?: Relation<Person>;
  @Column({ type: 'varchar', length: 10 }) ppksCode: string;
  @Column({ type: 'date', nullable: true }) since: string | null;
  @Column({ type: 'date', nullable: true }) until: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
