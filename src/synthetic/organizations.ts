import { addDays } from './calendar';
import { SeedContext } from './context';
import { CopyValue } from './copy';
import { mainEthnicity, personName } from './names';
import { RegencyRef, UptRef, VillageRef } from './reference';
import { phoneNumber } from './texts';

export type OrgType =
  | 'PROVINCIAL_OFFICE'
  | 'REGENCY_OFFICE'
  | 'UPT'
  | 'NGO'
  | 'COMMUNITY_GROUP'
  | 'BUSINESS'
  | 'GOVERNMENT_OFFICE'
  | 'HEALTH_FACILITY';

export interface ServicePlan {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  category: string;
  eligibility: string | null;
  schedule: string | null;
  contactName: string;
  contactPhone: string;
  capacityStatus: 'ACCEPTING' | 'WAITLIST' | 'NOT_ACCEPTING';
  areas: string[];
  createdOn: string;
  provinceCode: string;
}

/** An organisation the synthetic data uses: seeded by the migrations (`seeded`) or created by the seed. */
export interface OrgPlan {
  id: string;
  seeded: boolean;
  code: string;
  name: string;
  type: OrgType;
  /** A village code for synthetic organisations; whatever the migration set for seeded ones. */
  regionCode: string;
  provinceCode: string;
  regencyCode: string | null;
  /** Partners that are mental-health hospitals (referral destinations for relapses). */
  rsj: boolean;
  capacity: number | null;
  ppks: string | null;
  parentId: string | null;
  address: string | null;
  phone: string | null;
  services: ServicePlan[];
  createdOn: string;
}

export interface OrganizationsPlan {
  all: OrgPlan[];
  /** Synthetic ones only (the rows to insert). */
  created: OrgPlan[];
  byRegency: Map<string, { office: OrgPlan; puskesmas: OrgPlan[]; ngos: OrgPlan[]; groups: OrgPlan[] }>;
  rsjByProvince: Map<string, OrgPlan[]>;
  buyersByProvince: Map<string, OrgPlan[]>;
  upts: OrgPlan[];
  provincialOffices: Map<string, OrgPlan>;
  partnerships: {
    id: string;
    scope: string;
    validFrom: string;
    validTo: string | null;
    document: string;
    parties: string[];
    provinceCode: string;
  }[];
}

const EXTRA_UPTS: ReadonlyArray<{ key: string; name: string; regencyCode: string; capacity: number; ppks: string }> = [
  // DOMAIN.md §4: the PRS PMKS unit in Sidoarjo holds about 400 ODGJ and serves Bebas Pasung follow-up care.
  {
    key: 'PRS-PMKS-SIDOARJO',
    name: 'UPT Pelayanan dan Rehabilitasi Sosial PMKS Sidoarjo',
    regencyCode: '3515',
    capacity: 400,
    ppks: 'PPKS-09',
  },
  // DOMAIN.md §4: Kalimantan Timur's panti for older people (110) and for youth, mostly NAPZA (57).
  {
    key: 'PSTW-NIRWANA-PURI',
    name: 'UPTD Panti Sosial Tresna Werdha Nirwana Puri',
    regencyCode: '6472',
    capacity: 110,
    ppks: 'PPKS-08',
  },
  {
    key: 'PSBR-SAMARINDA',
    name: 'UPTD Panti Sosial Bina Remaja Samarinda',
    regencyCode: '6472',
    capacity: 57,
    ppks: 'PPKS-17',
  },
];

const RSJ: ReadonlyArray<{ key: string; name: string; regencyCode: string }> = [
  { key: 'RSJ-MENUR', name: 'RSJ Menur Surabaya', regencyCode: '3578' },
  { key: 'RSJ-LAWANG', name: 'RSJ dr. Radjiman Wediodiningrat Lawang', regencyCode: '3507' },
  { key: 'RSJ-ATMA-HUSADA', name: 'RSJD Atma Husada Mahakam Samarinda', regencyCode: '6472' },
];

const BUYERS: Record<string, readonly string[]> = {
  '35': [
    'Sekretariat Daerah Provinsi Jawa Timur',
    'Dinas Koperasi dan UKM Provinsi Jawa Timur',
    'Dinas Perindustrian dan Perdagangan Provinsi Jawa Timur',
    'Badan Kepegawaian Daerah Provinsi Jawa Timur',
    'Dinas Pendidikan Provinsi Jawa Timur',
  ],
  '64': ['Sekretariat Daerah Provinsi Kalimantan Timur', 'Dinas Koperasi dan UKM Provinsi Kalimantan Timur'],
};

/** The organisations of the network: the seeded offices and UPTs, and synthetic partners, with their services. */
export function planOrganizations(ctx: SeedContext): OrganizationsPlan {
  const { ref, config } = ctx;
  const all: OrgPlan[] = [];
  const created: OrgPlan[] = [];
  const start = addDays(ctx.asOf, -7 * 365);
  const make = (
    type: OrgType,
    key: string,
    name: string,
    village: VillageRef,
    extra: Partial<OrgPlan> = {},
  ): OrgPlan => {
    const prng = ctx.prng('organization', key);
    const org: OrgPlan = {
      id: ctx.id('organization', key),
      seeded: false,
      code: `${ctx.codePrefix}-${key}`.slice(0, 40),
      name,
      type,
      regionCode: village.code,
      provinceCode: village.provinceCode,
      regencyCode: village.regencyCode,
      rsj: false,
      capacity: null,
      ppks: null,
      parentId: null,
      address: `Jl. ${prng.pick(['Raya', 'Pahlawan', 'Merdeka', 'Diponegoro', 'Sudirman', 'Ahmad Yani'])} No. ${prng.int(1, 180)}, ${village.name}`,
      phone: phoneNumber(prng),
      services: [],
      createdOn: addDays(start, prng.int(0, 300)),
      ...extra,
    };
    all.push(org);
    created.push(org);
    return org;
  };
  const villageIn = (regency: RegencyRef, key: string): VillageRef =>
    ctx.prng('org-village', key).pick(regency.villages);

  const provincialOffices = new Map<string, OrgPlan>();
  for (const province of ref.provinces) {
    const office: OrgPlan = seeded(
      province.officeId,
      `DINSOS-${province.code}`,
      `Dinas Sosial Provinsi ${province.name}`,
      'PROVINCIAL_OFFICE',
      province.code === '35' ? '357822' : '6472',
      start,
    );
    provincialOffices.set(province.code, office);
    all.push(office);
  }
  const byRegency: OrganizationsPlan['byRegency'] = new Map();
  for (const regency of ref.regencies) {
    const office = seeded(
      regency.officeId,
      `DINSOS-${regency.code}`,
      `Dinas Sosial ${regency.name}`,
      'REGENCY_OFFICE',
      regency.code,
      start,
    );
    office.regencyCode = regency.code;
    all.push(office);
    const entry = { office, puskesmas: [] as OrgPlan[], ngos: [] as OrgPlan[], groups: [] as OrgPlan[] };
    for (let i = 0; i < config.puskesmasPerRegency; i++) {
      const key = `PKM-${regency.code}-${i + 1}`;
      const village = villageIn(regency, key);
      const district = regency.districts.find((d) => d.code === village.districtCode);
      entry.puskesmas.push(make('HEALTH_FACILITY', key, `Puskesmas ${district?.name ?? village.name}`, village));
    }
    for (let i = 0; i < config.ngosPerRegency; i++) {
      const key = `LKS-${regency.code}-${i + 1}`;
      const name = [
        'Yayasan Bina Jiwa Sejahtera',
        'LKS Peduli Disabilitas',
        'Yayasan Harapan Kasih',
        'LKS Mitra Keluarga',
      ][i % 4];
      entry.ngos.push(make('NGO', key, `${name} ${regency.shortName}`, villageIn(regency, key)));
    }
    for (let i = 0; i < config.communityGroupsPerRegency; i++) {
      const key = `KT-${regency.code}-${i + 1}`;
      const village = villageIn(regency, key);
      entry.groups.push(make('COMMUNITY_GROUP', key, `Karang Taruna ${village.name}`, village));
    }
    byRegency.set(regency.code, entry);
  }
  // The small scale still has one NGO and one community group in a few regencies, so partners of each kind exist.
  if (config.ngosPerRegency === 0) {
    for (const code of ['3571', '3578', '3509', '6472']) {
      const regency = ref.regencyByCode.get(code);
      if (!regency) continue;
      byRegency
        .get(code)
        ?.ngos.push(
          make(
            'NGO',
            `LKS-${code}-1`,
            `Yayasan Bina Jiwa Sejahtera ${regency.shortName}`,
            villageIn(regency, `LKS-${code}-1`),
          ),
        );
      const village = villageIn(regency, `KT-${code}-1`);
      byRegency
        .get(code)
        ?.groups.push(make('COMMUNITY_GROUP', `KT-${code}-1`, `Karang Taruna ${village.name}`, village));
    }
  }
  const rsjByProvince = new Map<string, OrgPlan[]>();
  for (const rsj of RSJ) {
    const regency = ref.regencyByCode.get(rsj.regencyCode)!;
    const org = make('HEALTH_FACILITY', rsj.key, rsj.name, villageIn(regency, rsj.key), { rsj: true });
    rsjByProvince.set(org.provinceCode, [...(rsjByProvince.get(org.provinceCode) ?? []), org]);
  }
  const buyersByProvince = new Map<string, OrgPlan[]>();
  for (const [province, names] of Object.entries(BUYERS)) {
    const capital = ref.regencyByCode.get(province === '35' ? '3578' : '6472')!;
    const buyers = names.map((name, i) =>
      make('GOVERNMENT_OFFICE', `OPD-${province}-${i + 1}`, name, villageIn(capital, `OPD-${province}-${i + 1}`), {
        parentId: null,
      }),
    );
    buyers.push(
      make(
        'BUSINESS',
        `BIZ-${province}-1`,
        province === '35' ? 'Koperasi Griya Karya Mandiri' : 'CV Etam Kreasi Nusantara',
        villageIn(capital, `BIZ-${province}-1`),
      ),
    );
    buyersByProvince.set(province, buyers);
  }
  const upts: OrgPlan[] = ref.upts.map((u: UptRef) => {
    const org = seeded(u.id, u.code, u.name, 'UPT', u.regionCode, start);
    org.capacity = Math.max(0, u.capacity - u.residents);
    org.ppks = u.ppks;
    all.push(org);
    return org;
  });
  for (const extra of EXTRA_UPTS) {
    const regency = ref.regencyByCode.get(extra.regencyCode)!;
    upts.push(
      make('UPT', extra.key, extra.name, villageIn(regency, extra.key), {
        capacity: extra.capacity,
        ppks: extra.ppks,
        parentId: provincialOffices.get(regency.provinceCode)!.id,
      }),
    );
  }
  for (const org of all) addServices(ctx, org);

  const partnerships: OrganizationsPlan['partnerships'] = [];
  for (const org of created.filter((o) => o.type === 'NGO' || o.rsj || o.type === 'COMMUNITY_GROUP')) {
    const prng = ctx.prng('partnership', org.code);
    const validFrom = addDays(org.createdOn, prng.int(10, 200));
    const office = provincialOffices.get(org.provinceCode)!;
    const parties = [office.id, org.id];
    if (org.regencyCode && org.type !== 'HEALTH_FACILITY') parties.push(byRegency.get(org.regencyCode)!.office.id);
    partnerships.push({
      id: ctx.id('partnership', org.code),
      scope: org.rsj
        ? 'Rujukan perawatan kesehatan jiwa bagi PPKS dan eks klien UPT, termasuk penanganan Bebas Pasung'
        : 'Pendampingan eks klien dalam bimbingan lanjut, pelatihan keterampilan dan pemberdayaan ekonomi',
      validFrom,
      validTo: prng.chance(0.7) ? null : addDays(validFrom, 3 * 365),
      document: `MoU/${org.provinceCode}/${validFrom.slice(0, 4)}/${String(partnerships.length + 1).padStart(3, '0')}`,
      parties,
      provinceCode: org.provinceCode,
    });
  }
  return { all, created, byRegency, rsjByProvince, buyersByProvince, upts, provincialOffices, partnerships };

  function seeded(
    id: string,
    code: string,
    name: string,
    type: OrgType,
    regionCode: string,
    createdOn: string,
  ): OrgPlan {
    return {
      id,
      seeded: true,
      code,
      name,
      type,
      regionCode,
      provinceCode: regionCode.slice(0, 2),
      regencyCode: regionCode.length >= 4 ? regionCode.slice(0, 4) : null,
      rsj: false,
      capacity: null,
      ppks: null,
      parentId: null,
      address: null,
      phone: null,
      services: [],
      createdOn,
    };
  }
}

/** The services an organisation offers, by its type (the directory and the surveys read them). */
function addServices(ctx: SeedContext, org: OrgPlan): void {
  const prng = ctx.prng('services', org.code);
  const area =
    org.type === 'UPT' || org.rsj || org.type === 'PROVINCIAL_OFFICE'
      ? org.provinceCode
      : (org.regencyCode ?? org.provinceCode);
  const contact = personName(
    prng,
    mainEthnicity(org.regencyCode ?? (org.provinceCode === '35' ? '3578' : '6472')),
    prng.chance(0.5) ? 'M' : 'F',
    1980,
  );
  const offers: [string, string, string, string | null][] = [];
  switch (org.type) {
    case 'UPT':
      offers.push([
        'Rehabilitasi sosial dalam panti',
        'SOCIAL_REHABILITATION',
        'Rehabilitasi sosial bagi penyandang disabilitas mental (eks psikotik): bimbingan fisik, mental, sosial dan keterampilan.',
        'Rujukan Dinas Sosial kabupaten/kota sesuai kuota',
      ]);
      break;
    case 'REGENCY_OFFICE':
      offers.push([
        'Bimbingan lanjut eks klien',
        'SOCIAL_REHABILITATION',
        'Kunjungan rumah dan pendampingan eks klien UPT setelah kembali ke keluarga.',
        'Eks klien UPT berdomisili di kabupaten/kota ini',
      ]);
      offers.push([
        'Pengurusan dokumen kependudukan PPKS',
        'CIVIL_DOCUMENTS',
        'Pendampingan perekaman KTP-el dan KK bagi PPKS tanpa dokumen.',
        null,
      ]);
      break;
    case 'HEALTH_FACILITY':
      offers.push(
        org.rsj
          ? [
              'Rawat inap dan rawat jalan jiwa',
              'MENTAL_HEALTH_CARE',
              'Pemeriksaan, pengobatan dan rawat inap orang dengan gangguan jiwa.',
              'Rujukan fasilitas kesehatan tingkat pertama',
            ]
          : [
              'Layanan kesehatan jiwa dasar',
              'MENTAL_HEALTH_CARE',
              'Kontrol rutin, pemberian obat dan kunjungan rumah ODGJ oleh petugas Puskesmas.',
              null,
            ],
      );
      if (!org.rsj)
        offers.push(['Pemeriksaan kesehatan umum', 'HEALTH_CARE', 'Pemeriksaan kesehatan umum dan rujukan.', null]);
      break;
    case 'NGO':
      offers.push(['Pendampingan keluarga', 'FAMILY_SUPPORT', 'Psikoedukasi dan konseling bagi keluarga ODGJ.', null]);
      offers.push([
        'Pelatihan keterampilan',
        'SKILLS_TRAINING',
        'Pelatihan menjahit, kerajinan dan tata boga bagi eks klien.',
        'Eks klien dalam kondisi stabil',
      ]);
      break;
    case 'COMMUNITY_GROUP':
      offers.push([
        'Pendampingan usaha',
        'BUSINESS_MENTORING',
        'Pendampingan usaha ekonomi produktif dan pemasaran produk eks klien.',
        null,
      ]);
      break;
    default:
      return;
  }
  offers.forEach(([name, category, description, eligibility], i) => {
    org.services.push({
      id: ctx.id('service', `${org.code}:${i}`),
      organizationId: org.id,
      name,
      description,
      category,
      eligibility,
      schedule: 'Senin–Jumat 08.00–15.00',
      contactName: contact,
      contactPhone: phoneNumber(prng),
      capacityStatus: prng.weighted([
        ['ACCEPTING', 85],
        ['WAITLIST', 10],
        ['NOT_ACCEPTING', 5],
      ] as const),
      areas: [area],
      createdOn: addDays(org.createdOn, 30 + i),
      provinceCode: org.provinceCode,
    });
  });
}

export const ORGANIZATION_COLUMNS = [
  'id',
  'code',
  'name',
  'type',
  'region_code',
  'address',
  'phone',
  'email',
  'parent_id',
  'capacity',
  'active',
  'version',
  'created_at',
  'updated_at',
];

export function* organizationRows(ctx: SeedContext, plan: OrganizationsPlan): Generator<CopyValue[]> {
  for (const o of plan.created) {
    const at = ctx.at(o.createdOn, o.provinceCode);
    yield [
      o.id,
      o.code,
      o.name,
      o.type,
      o.regionCode,
      o.address,
      o.phone,
      null,
      o.parentId,
      o.capacity,
      true,
      1,
      at,
      at,
    ];
  }
}

export function* organizationPpksRows(plan: OrganizationsPlan): Generator<CopyValue[]> {
  for (const o of plan.created) if (o.ppks) yield [o.id, o.ppks];
}

export const SERVICE_COLUMNS = [
  'id',
  'organization_id',
  'name',
  'description',
  'category_code',
  'eligibility',
  'schedule',
  'contact_name',
  'contact_phone',
  'capacity_status',
  'capacity_updated_at',
  'active',
  'version',
  'created_at',
  'updated_at',
];

export function* serviceRows(ctx: SeedContext, plan: OrganizationsPlan): Generator<CopyValue[]> {
  for (const o of plan.all) {
    for (const s of o.services) {
      const at = ctx.at(s.createdOn, s.provinceCode);
      yield [
        s.id,
        s.organizationId,
        s.name,
        s.description,
        s.category,
        s.eligibility,
        s.schedule,
        s.contactName,
        s.contactPhone,
        s.capacityStatus,
        at,
        true,
        1,
        at,
        at,
      ];
    }
  }
}

export function* serviceAreaRows(plan: OrganizationsPlan): Generator<CopyValue[]> {
  for (const o of plan.all) for (const s of o.services) for (const area of s.areas) yield [s.id, area];
}

export function* partnershipRows(ctx: SeedContext, plan: OrganizationsPlan): Generator<CopyValue[]> {
  for (const p of plan.partnerships) {
    const at = ctx.at(p.validFrom, p.provinceCode);
    yield [p.id, p.scope, p.validFrom, p.validTo, p.document, 1, at, at];
  }
}

export function* partnershipPartyRows(plan: OrganizationsPlan): Generator<CopyValue[]> {
  for (const p of plan.partnerships) for (const party of p.parties) yield [p.id, party];
}
