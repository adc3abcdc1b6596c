import { MigrationInterface, QueryRunner } from 'typeorm';
import { readDataCsv } from './load-data';

const TIME_ZONES: Record<string, string> = { '35': 'Asia/Jakarta', '64': 'Asia/Makassar' };
// 7th digit of a village code (Permendagri 58/2021): 1 kelurahan, 2 desa, 3 desa adat.
const VILLAGE_TYPES: Record<string, string> = { '1': 'KELURAHAN', '2': 'DESA', '3': 'DESA_ADAT' };

interface RegionRow {
  code: string;
  parentCode: string | null;
  level: string;
  name: string;
  type: string | null;
}

/** Upserts by code, so the migration can load a newer Kemendagri edition over an older one. */
async function upsertRegions(q: QueryRunner, rows: RegionRow[]): Promise<void> {
  const batch = 2000;
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    await q.query(
      `INSERT INTO regions (code, parent_code, level, name, type, time_zone)
       SELECT r.code, r.parent_code, r.level, r.name, r.type, r.time_zone
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS r(code, parent_code, level, name, type, time_zone)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, parent_code = EXCLUDED.parent_code,
         level = EXCLUDED.level, time_zone = EXCLUDED.time_zone, updated_at = now()
       WHERE (regions.name, regions.type, regions.parent_code, regions.level, regions.time_zone)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.type, EXCLUDED.parent_code, EXCLUDED.level, EXCLUDED.time_zone)`,
      [
        part.map((r) => r.code),
        part.map((r) => r.parentCode),
        part.map((r) => r.level),
        part.map((r) => r.name),
        part.map((r) => r.type),
        part.map((r) => TIME_ZONES[r.code.slice(0, 2)]),
      ],
    );
  }
}

export function regionRows(): RegionRow[] {
  return [
    ...readDataCsv('regions/provinces.csv').map((r) => ({
      code: r.code,
      parentCode: null,
      level: 'PROVINCE',
      name: r.name,
      type: null,
    })),
    ...readDataCsv('regions/regencies.csv').map((r) => ({
      code: r.code,
      parentCode: r.province_code,
      level: 'REGENCY',
      name: r.name,
      type: r.type,
    })),
    ...readDataCsv('regions/districts.csv').map((r) => ({
      code: r.code,
      parentCode: r.regency_code,
      level: 'DISTRICT',
      name: r.name,
      type: null,
    })),
    ...readDataCsv('regions/villages.csv').map((r) => ({
      code: r.code,
      parentCode: r.district_code,
      level: 'VILLAGE',
      name: r.name,
      type: VILLAGE_TYPES[r.code[6]] ?? null,
    })),
  ];
}

export class RegionsAndReferenceData1795300000002 implements MigrationInterface {
  name = 'RegionsAndReferenceData1795300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS regions (
        code varchar(10) PRIMARY KEY,
        parent_code varchar(10) REFERENCES regions (code),
        level varchar(10) NOT NULL CHECK (level IN ('PROVINCE', 'REGENCY', 'DISTRICT', 'VILLAGE')),
        name varchar(200) NOT NULL,
        type varchar(12) CHECK (type IN ('KABUPATEN', 'KOTA', 'KELURAHAN', 'DESA', 'DESA_ADAT')),
        time_zone varchar(40) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_regions_code_shape CHECK (
          (level = 'PROVINCE' AND code ~ '^[0-9]{2}$') OR (level = 'REGENCY' AND code ~ '^[0-9]{4}$') OR
          (level = 'DISTRICT' AND code ~ '^[0-9]{6}$') OR (level = 'VILLAGE' AND code ~ '^[0-9]{10}$')),
        CONSTRAINT ck_regions_parent_prefix CHECK (parent_code IS NULL OR starts_with(code, parent_code))
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS ix_regions_parent_code ON regions (parent_code, code)`);
    await q.query(`CREATE INDEX IF NOT EXISTS ix_regions_level ON regions (level, code)`);
    // Prefix matches ("everything under regency 3571") on the code itself.
    await q.query(`CREATE INDEX IF NOT EXISTS ix_regions_code_prefix ON regions (code varchar_pattern_ops)`);
    await q.query(`CREATE INDEX IF NOT EXISTS ix_regions_name_search ON regions USING gin (search_key(name) gin_trgm_ops)`);
    await upsertRegions(q, regionRows());

    for (const table of ['ppks_categories', 'psks_types']) {
      await q.query(`
        CREATE TABLE IF NOT EXISTS ${table} (
          code varchar(10) PRIMARY KEY,
          name varchar(200) NOT NULL,
          name_en varchar(200) NOT NULL,
          short_name varchar(20),
          legal_basis varchar(200) NOT NULL,
          sort_order integer NOT NULL,
          active boolean NOT NULL DEFAULT true
        )`);
    }
    const load = async (table: string, file: string) => {
      const rows = readDataCsv(file);
      await q.query(
        `INSERT INTO ${table} (code, name, name_en, short_name, legal_basis, sort_order)
         SELECT code, name, name_en, NULLIF(short_name, ''), 'Permensos No. 08 Tahun 2012', ord::int
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS r(code, name, name_en, short_name, ord)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en,
           short_name = EXCLUDED.short_name, sort_order = EXCLUDED.sort_order`,
        [rows.map((r) => r.code), rows.map((r) => r.name), rows.map((r) => r.name_en), rows.map((r) => r.short_name)],
      );
    };
    await load('ppks_categories', 'ppks-categories.csv');
    await load('psks_types', 'psks-types.csv');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE psks_types`);
    await q.query(`DROP TABLE ppks_categories`);
    await q.query(`DROP TABLE regions`);
  }
}
