import { Column, Entity, OneToMany } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { PersonDomicile, PersonKkNumber, PersonPpksCategory } from './person-history.entities';

export const SEXES = ['M', 'F'] as const;
export type Sex = (typeof SEXES)[number];
export const BIRTH_DATE_PRECISIONS = ['DAY', 'MONTH', 'YEAR', 'ESTIMATED'] as const;
export type BirthDatePrecision = (typeof BIRTH_DATE_PRECISIONS)[number];
export const IDENTITY_STATUSES = ['UNKNOWN', 'CLAIMED', 'VERIFIED'] as const;
export type IdentityStatus = (typeof IDENTITY_STATUSES)[number];
export const DISABILITIES = ['FISIK', 'INTELEKTUAL', 'MENTAL', 'SENSORIK'] as const;
export type Disability = (typeof DISABILITIES)[number];
export type PersonStatus = 'ACTIVE' | 'MERGED' | 'ERASED';

/**
 * A person in the registry. NIK and the guardian's NIK are stored only encrypted (`*Encrypted`, AES-256-GCM with a
 * key id inside) and found through the keyed blind index `nikIndex`; they never leave the service unmasked except
 * to callers holding `persons:pii`.
 */
@Entity('persons')
export class Person extends BaseEntity {
  @Column({ type: 'varchar', length: 200 }) fullName: string;
  @Column({ type: 'varchar', length: 200 }) nameKey: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) aliases: string[];
  @Column({ type: 'char', length: 1 }) sex: Sex;
  @Column({ type: 'date', nullable: true }) birthDate: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) birthDatePrecision: BirthDatePrecision | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) birthPlace: string | null;
  @Column({ type: 'text', nullable: true }) nikEncrypted: string | null;
  @Column({ type: 'char', length: 64, nullable: true }) nikIndex: string | null;
  @Column({ type: 'varchar', length: 10, default: 'UNKNOWN' }) identityStatus: IdentityStatus;
  @Column({ type: 'timestamptz', nullable: true }) identityVerifiedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) identityVerifiedBy: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) phone: string | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) disabilities: Disability[];
  @Column({ type: 'varchar', length: 200, nullable: true }) guardianName: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) guardianRelation: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) guardianPhone: string | null;
  @Column({ type: 'text', nullable: true }) guardianNikEncrypted: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) dtksId: string | null;
  @Column({ type: 'smallint', nullable: true }) dtsenDecile: number | null;
  @Column({ type: 'date', nullable: true }) dtsenAsOf: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) domicileVillageCode: string | null;
  @Column({ type: 'char', length: 4, nullable: true, insert: false, update: false }) domicileRegencyCode: string | null;
  @Column({ type: 'uuid' }) registeredByOrganizationId: string;
  @Column({ type: 'varchar', length: 10, default: 'ACTIVE' }) status: PersonStatus;
  @Column({ type: 'uuid', nullable: true }) mergedIntoId: string | null;
  @Column({ type: 'boolean', default: false }) restricted: boolean;
  @Column({ type: 'timestamptz', nullable: true }) restrictedAt: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) restrictionReason: string | null;
  @Column({ type: 'boolean', default: false }) legalHold: boolean;
  @Column({ type: 'varchar', length: 500, nullable: true }) legalHoldReason: string | null;
  @Column({ type: 'timestamptz', nullable: true }) erasedAt: Date | null;

  @OneToMany(() => PersonKkNumber, (k) => k.person) kkNumbers?: PersonKkNumber[];
  @OneToMany(() => PersonDomicile, (d) => d.person) domiciles?: PersonDomicile[];
  @OneToMany(() => PersonPpksCategory, (c) => c.person) ppksCategories?: PersonPpksCategory[];
}
