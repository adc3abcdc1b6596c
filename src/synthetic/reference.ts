import type { ClientBase } from 'pg';
import { seededOrganizationId } from '../common/ids';

export interface VillageRef {
  code: string;
  name: string;
  districtCode: string;
  regencyCode: string;
  provinceCode: string;
}

export interface DistrictRef {
  code: string;
  name: string;
  villages: VillageRef[];
}

export interface RegencyRef {
  code: string;
  provinceCode: string;
  /** `Kabupaten Kediri`, `Kota Kediri`. */
  name: string;
  /** Without the Kabupaten/Kota prefix: a birth place, a place in an organisation's name. */
  shortName: string;
  isCity: boolean;
  /** The Dinas Sosial office of the regency (seeded by migration 003). */
  officeId: string;
  districts: DistrictRef[];
  villages: VillageRef[];
}

export interface UptRef {
  id: string;
  code: string;
  name: string;
  regionCode: string;
  provinceCode: string;
  capacity: number;
  /** Residents already there (seeding on top of data): the synthetic ones fill only what is left. */
  residents: number;
  ppks: string;
}

export interface ProvinceRef {
  code: '35' | '64';
  officeId: string;
  name: string;
}

/** The reference data the migrations loaded: regions, seeded offices and UPTs, and the code lists. */
export interface Reference {
  provinces: ProvinceRef[];
  regencies: RegencyRef[];
  regencyByCode: Map<string, RegencyRef>;
  upts: UptRef[];
  ppksCodes: Set<string>;
  stageCodes: string[];
  skillCodes: Set<string>;
  serviceCategoryCodes: Set<string>;
}

export async function loadReference(client: ClientBase): Promise<Reference> {
  const regions = (
    await client.query<{ code: string; parent_code: string | null; level: string; name: string; type: string | null }>(
      `SELECT code, parent_code, level, name, type FROM regions WHERE left(code, 2) IN ('35', '64') ORDER BY code`,
    )
  ).rows;
  const regencies: RegencyRef[] = [];
  const regencyByCode = new Map<string, RegencyRef>();
  const districts = new Map<string, DistrictRef>();
  for (const r of regions) {
    if (r.level === 'REGENCY') {
      const regency: RegencyRef = {
        code: r.code,
        provinceCode: r.code.slice(0, 2),
        name: r.name,
        shortName: r.name.replace(/^(Kabupaten|Kota)\s+/, ''),
        isCity: r.type === 'KOTA',
        officeId: seededOrganizationId(`DINSOS-${r.code}`),
        districts: [],
        villages: [],
      };
      regencies.push(regency);
      regencyByCode.set(r.code, regency);
    } else if (r.level === 'DISTRICT') {
      const district: DistrictRef = { code: r.code, name: r.name, villages: [] };
      districts.set(r.code, district);
      regencyByCode.get(r.code.slice(0, 4))?.districts.push(district);
    } else if (r.level === 'VILLAGE') {
      const village: VillageRef = {
        code: r.code,
        name: r.name,
        districtCode: r.code.slice(0, 6),
        regencyCode: r.code.slice(0, 4),
        provinceCode: r.code.slice(0, 2),
      };
      districts.get(village.districtCode)?.villages.push(village);
      regencyByCode.get(village.regencyCode)?.villages.push(village);
    }
  }
  for (const regency of regencies) {
    regency.districts = regency.districts.filter((d) => d.villages.length > 0);
    if (regency.villages.length === 0) throw new Error(`regency ${regency.code} has no villages: run the migrations`);
  }
  const offices = new Set(
    (
      await client.query<{ id: string }>(
        `SELECT id FROM organizations WHERE type IN ('REGENCY_OFFICE', 'PROVINCIAL_OFFICE')`,
      )
    ).rows.map((r) => r.id),
  );
  for (const regency of regencies) {
    if (!offices.has(regency.officeId)) throw new Error(`no Dinas Sosial office for regency ${regency.code}`);
  }
  const upts = (
    await client.query<{
      id: string;
      code: string;
      name: string;
      region_code: string;
      capacity: number;
      residents: number;
      ppks: string | null;
    }>(
      `SELECT o.id, o.code, o.name, o.region_code, o.capacity,
         (SELECT count(*)::int FROM case_residences r WHERE r.organization_id = o.id AND r.discharged_on IS NULL) AS residents,
         (SELECT min(ppks_code) FROM organization_ppks_categories p WHERE p.organization_id = o.id) AS ppks
       FROM organizations o WHERE o.type = 'UPT' AND o.active AND o.capacity > 0 AND o.code LIKE 'UPT-%' ORDER BY o.code`,
    )
  ).rows.map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    regionCode: u.region_code,
    provinceCode: u.region_code.slice(0, 2),
    capacity: u.capacity,
    residents: u.residents,
    ppks: u.ppks ?? 'PPKS-09',
  }));
  const codes = async (sql: string) => (await client.query<{ code: string }>(sql)).rows.map((r) => r.code);
  return {
    provinces: [
      { code: '35', officeId: seededOrganizationId('DINSOS-35'), name: 'Jawa Timur' },
      { code: '64', officeId: seededOrganizationId('DINSOS-64'), name: 'Kalimantan Timur' },
    ],
    regencies,
    regencyByCode,
    upts,
    ppksCodes: new Set(await codes(`SELECT code FROM ppks_categories WHERE active`)),
    stageCodes: await codes(`SELECT code FROM case_stages WHERE active ORDER BY sort_order`),
    skillCodes: new Set(await codes(`SELECT code FROM training_skills WHERE active`)),
    serviceCategoryCodes: new Set(await codes(`SELECT code FROM service_categories WHERE active`)),
  };
}
