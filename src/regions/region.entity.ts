import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const REGION_LEVELS = ['PROVINCE', 'REGENCY', 'DISTRICT', 'VILLAGE'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
export const REGION_TYPES = ['KABUPATEN', 'KOTA', 'KELURAHAN', 'DESA', 'DESA_ADAT'] as const;
export type RegionType = (typeof REGION_TYPES)[number];

/** A Kemendagri administrative region. Keyed by its dot-free code; names are display data. */
@Entity('regions')
export class Region {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  code: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  parentCode: string | null;

  @Column({ type: 'varchar', length: 10 })
  level: RegionLevel;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  type: RegionType | null;

  @Column({ type: 'varchar', length: 40 })
  timeZone: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Region codes nest by prefix: 35 → 3571 → 357101 → 3571011010. */
export const REGION_CODE_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{10})$/;

export function levelOfCode(code: string): RegionLevel | undefined {
  return ({ 2: 'PROVINCE', 4: 'REGENCY', 6: 'DISTRICT', 10: 'VILLAGE' } as const)[code.length as 2 | 4 | 6 | 10];
}

/** The codes of a region's ancestors, nearest first (3571011010 → 357101, 3571, 35). */
export function ancestorCodes(code: string): string[] {
  return [6, 4, 2].filter((n) => n < code.length).map((n) => code.slice(0, n));
}
