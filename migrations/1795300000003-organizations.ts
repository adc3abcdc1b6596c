import { MigrationInterface, QueryRunner } from 'typeorm';
import { seededOrganizationId } from '../src/common/ids';
import { readDataCsv } from './load-data';

interface SeedOrganization {
  code: string;
  name: string;
  type: string;
  regionCode: string;
  address?: string;
  parentCode?: string;
  capacity?: number;
  ppks?: string[];
}

/** Provincial offices, one Dinas Sosial office per regency/city, and the two bina laras UPTs (DOMAIN.md §4). */
function seedOrganizations(): SeedOrganization[] {
  const provinces: SeedOrganization[] = [
    {
      code: 'DINSOS-35',
      name: 'Dinas Sosial Provinsi Jawa Timur',
      type: 'PROVINCIAL_OFFICE',
      regionCode: '357822',
      address: 'Jl. Gayung Kebonsari No. 56b, Gayungan, Surabaya',
    },
    { code: 'DINSOS-64', name: 'Dinas Sosial Provinsi Kalimantan Timur', type: 'PROVINCIAL_OFFICE', regionCode: '6472' },
  ];
  const regencies = readDataCsv('regions/regencies.csv').map((r) => ({
    code: `DINSOS-${r.code}`,
    name: `Dinas Sosial ${r.name}`,
    type: 'REGENCY_OFFICE',
    regionCode: r.code,
    parentCode: `DINSOS-${r.province_code}`,
  }));
  const upts: SeedOrganization[] = [
    {
      code: 'UPT-RSBL-PASURUAN',
      name: 'UPT Rehabilitasi Sosial Bina Laras Pasuruan',
      type: 'UPT',
      regionCode: '3514202011',
      address: 'Jl. Raya Kedawung Wetan, Dusun Buntalan, Kec. Grati, Kabupaten Pasuruan',
      parentCode: 'DINSOS-35',
      capacity: 305,
      ppks: ['PPKS-09'],
    },
    {
      // DOMAIN.md §4: whether the unit sits in Kota or Kabupaten Kediri is not settled by the sources; the region
      // is recorded at regency level and can be corrected through PATCH /api/v1/organizations/{id}.
      code: 'UPT-RSBL-KEDIRI',
      name: 'UPT Rehabilitasi Sosial Bina Laras Kediri',
      type: 'UPT',
      regionCode: '3571',
      parentCode: 'DINSOS-35',
      capacity: 300,
      ppks: ['PPKS-09'],
    },
  ];
  return [...provinces, ...regencies, ...upts];
}

export class Organizations1795300000003 implements MigrationInterface {
  name = 'Organizations1795300000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(40) UNIQUE,
        name varchar(200) NOT NULL,
        type varchar(20) NOT NULL CHECK (type IN ('PROVINCIAL_OFFICE', 'REGENCY_OFFICE', 'UPT', 'NGO',
          'COMMUNITY_GROUP', 'BUSINESS', 'GOVERNMENT_OFFICE', 'HEALTH_FACILITY')),
        region_code varchar(10) NOT NULL REFERENCES regions (code),
        address varchar(500),
        phone varchar(30),
        email varchar(254),
        parent_id uuid REFERENCES organizations (id),
        capacity integer CHECK (capacity IS NULL OR capacity >= 0),
        active boolean NOT NULL DEFAULT true,
        deactivated_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_organizations_capacity_only_upt CHECK (type = 'UPT' OR capacity IS NULL),
        CONSTRAINT ck_organizations_parent_not_self CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    await q.query(`CREATE INDEX ix_organizations_region_code ON organizations (region_code varchar_pattern_ops)`);
    await q.query(`CREATE INDEX ix_organizations_type_name ON organizations (type, name, id)`);
    await q.query(`CREATE INDEX ix_organizations_name_id ON organizations (name, id)`);
    await q.query(`CREATE INDEX ix_organizations_parent_id ON organizations (parent_id)`);
    await q.query(`CREATE INDEX ix_organizations_name_search ON organizations USING gin (search_key(name) gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE organization_ppks_categories (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        ppks_code varchar(10) NOT NULL REFERENCES ppks_categories (code),
        PRIMARY KEY (organization_id, ppks_code)
      )`);

    for (const org of seedOrganizations()) {
      await q.query(
        `INSERT INTO organizations (id, code, name, type, region_code, address, parent_id, capacity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
        [
          seededOrganizationId(org.code),
          org.code,
          org.name,
          org.type,
          org.regionCode,
          org.address ?? null,
          org.parentCode ? seededOrganizationId(org.parentCode) : null,
          org.capacity ?? null,
        ],
      );
      for (const ppks of org.ppks ?? []) {
        await q.query(
          `INSERT INTO organization_ppks_categories (organization_id, ppks_code) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [seededOrganizationId(org.code), ppks],
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE organization_ppks_categories`);
    await q.query(`DROP TABLE organizations`);
  }
}
