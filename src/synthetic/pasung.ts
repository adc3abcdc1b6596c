import { checkTransition, PASUNG_STATUSES, PasungStatus } from '../pasung/pasung-status';
import { addDays } from './calendar';
import { CasePlan, CasesPlan } from './cases';
import { SeedContext } from './context';
import { CopyValue } from './copy';
import { OrganizationsPlan } from './organizations';
import { PeoplePlan, PersonPlan } from './people';
import { Prng } from './prng';
import { CAUSES_OF_DEATH, phoneNumber, RELEASE_TEAMS, RSJ_NAMES } from './texts';

interface PasungEvent {
  status: PasungStatus;
  on: string;
  note: string | null;
  releaseTeam: string | null;
  hospitalName: string | null;
  uptId: string | null;
  causeOfDeath: string | null;
}

export interface PasungPlan {
  index: number;
  id: string;
  person: PersonPlan;
  reportedOn: string;
  source: string;
  sourceDetail: string | null;
  shackledMonths: number | null;
  restraint: string;
  restraintDetail: string | null;
  managingOrganizationId: string;
  communityCase: CasePlan | null;
  events: PasungEvent[];
}

// The timelines that lead to each current status (e-Pasung recap categories, DOMAIN.md §6); every step is checked
// against the module's own transition rules below.
const PATHS: Record<PasungStatus, readonly (readonly PasungStatus[])[]> = {
  MASIH_TERPASUNG: [['MASIH_TERPASUNG'], ['MASIH_TERPASUNG', 'MASIH_TERPASUNG']],
  BEBAS_PASUNG: [['MASIH_TERPASUNG', 'BEBAS_PASUNG']],
  PERAWATAN: [['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'PERAWATAN']],
  REHABILITASI: [
    ['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'PERAWATAN', 'REHABILITASI'],
    ['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'REHABILITASI'],
  ],
  KEMBALI_KE_KELUARGA: [
    ['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'PERAWATAN', 'KEMBALI_KE_KELUARGA'],
    ['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'PERAWATAN', 'REHABILITASI', 'KEMBALI_KE_KELUARGA'],
    ['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'KEMBALI_KE_KELUARGA'],
  ],
  REPASUNG: [
    ['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'PERAWATAN', 'KEMBALI_KE_KELUARGA', 'REPASUNG'],
    ['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'KEMBALI_KE_KELUARGA', 'REPASUNG'],
    ['REPASUNG'],
  ],
  MENINGGAL: [
    ['MASIH_TERPASUNG', 'MENINGGAL'],
    ['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'PERAWATAN', 'MENINGGAL'],
    ['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'PERAWATAN', 'KEMBALI_KE_KELUARGA', 'MENINGGAL'],
  ],
};

// Shares of current statuses, after the proportions of the Jawa Timur recap (DOMAIN.md §6: of about 2,800 cases,
// about 250 still shackled, 330 died, the rest freed, in care or home, some re-shackled).
const STATUS_WEIGHTS: ReadonlyArray<readonly [PasungStatus, number]> = [
  ['MASIH_TERPASUNG', 9],
  ['BEBAS_PASUNG', 12],
  ['PERAWATAN', 14],
  ['REHABILITASI', 10],
  ['KEMBALI_KE_KELUARGA', 35],
  ['REPASUNG', 8],
  ['MENINGGAL', 12],
];

function gapDays(prng: Prng, from: PasungStatus, to: PasungStatus): number {
  if (to === 'MASIH_TERPASUNG') return prng.int(30, 120);
  if (to === 'BEBAS_PASUNG') return prng.int(7, 150);
  if (to === 'PERAWATAN') return prng.int(0, 7);
  if (to === 'REHABILITASI') return from === 'PERAWATAN' ? prng.int(14, 60) : prng.int(3, 30);
  if (to === 'KEMBALI_KE_KELUARGA') return from === 'REHABILITASI' ? prng.int(90, 300) : prng.int(14, 60);
  if (to === 'REPASUNG') return prng.int(60, 500);
  return prng.int(30, 700);
}

export function planPasung(
  ctx: SeedContext,
  people: PeoplePlan,
  cases: CasesPlan,
  orgs: OrganizationsPlan,
): PasungPlan[] {
  const out: PasungPlan[] = [];
  for (let index = 0; index < ctx.config.pasungCases; index++) {
    const prng = ctx.prng('pasung', index);
    // Every status at least once, then the recap's proportions.
    const target = index < PASUNG_STATUSES.length ? PASUNG_STATUSES[index] : prng.weighted(STATUS_WEIGHTS);
    const path = prng.pick(PATHS[target]);
    const gaps = path.map((status, i) => (i === 0 ? 0 : gapDays(prng, path[i - 1], status)));
    const total = gaps.reduce((a, b) => a + b, 0);
    const reportedOn = addDays(ctx.asOf, -(total + prng.int(1, Math.max(1, 6 * 365 - total))));
    const province = prng.chance(0.92) ? '35' : '64';
    const person = people.add({ kind: 'PASUNG', regency: people.regency(prng, province), registeredOn: reportedOn });
    const upts = orgs.upts.filter((u) => u.provinceCode === person.regency.provinceCode);
    const hospitals = RSJ_NAMES[person.regency.provinceCode as '35' | '64'];
    const events: PasungEvent[] = [];
    let on = reportedOn;
    for (const [i, status] of path.entries()) {
      on = addDays(on, gaps[i]);
      if (i > 0) {
        const check = checkTransition(path[i - 1], status);
        if (!check.ok) throw new Error(`pasung path ${path.join(' → ')} breaks the transition rules`);
      }
      events.push({
        status,
        on,
        note:
          i === 0
            ? status === 'REPASUNG'
              ? 'Ditemukan kembali terpasung setelah pernah dibebaskan'
              : 'Ditemukan dalam kondisi terpasung'
            : null,
        releaseTeam: status === 'BEBAS_PASUNG' ? prng.pick(RELEASE_TEAMS) : null,
        hospitalName: status === 'PERAWATAN' ? prng.pick(hospitals) : null,
        uptId: status === 'REHABILITASI' && upts.length > 0 ? prng.pick(upts).id : null,
        causeOfDeath: status === 'MENINGGAL' ? prng.pick(CAUSES_OF_DEATH) : null,
      });
    }
    const home = events.find((e) => e.status === 'KEMBALI_KE_KELUARGA');
    const source = prng.weighted([
      ['FAMILY', 20],
      ['NEIGHBOUR', 15],
      ['VILLAGE_OFFICIAL', 25],
      ['PUSKESMAS', 20],
      ['POLICE', 3],
      ['SOCIAL_WORKER', 12],
      ['MEDIA', 3],
      ['OTHER', 2],
    ] as const);
    const restraint = prng.weighted([
      ['CHAIN', 35],
      ['STOCKS', 15],
      ['ROPE', 12],
      ['CONFINED_ROOM', 30],
      ['CAGE', 5],
      ['OTHER', 3],
    ] as const);
    out.push({
      index,
      id: ctx.id('pasung', index),
      person,
      reportedOn,
      source,
      sourceDetail:
        source === 'OTHER'
          ? 'Laporan warga melalui media sosial'
          : source === 'MEDIA'
            ? 'Pemberitaan media daring setempat'
            : null,
      shackledMonths: prng.chance(0.8) ? Math.min(1200, Math.max(1, Math.round(prng.logNormal(36, 1)))) : null,
      restraint,
      restraintDetail: restraint === 'OTHER' ? 'Dikurung di gubuk di kebun belakang rumah' : null,
      managingOrganizationId: orgs.byRegency.get(person.regency.code)!.office.id,
      // Home again: the regency office takes the person into after-care.
      communityCase: home ? cases.addPasungCommunity(person, home.on, prng) : null,
      events,
    });
  }
  return out;
}

export const PASUNG_CASE_COLUMNS = [
  'id',
  'person_id',
  'village_code',
  'reported_on',
  'report_source',
  'report_source_detail',
  'shackled_months',
  'restraint_type',
  'restraint_detail',
  'family_contact_name',
  'family_contact_relation',
  'family_contact_phone',
  'managing_organization_id',
  'case_id',
  'current_status',
  'current_status_on',
  'version',
  'created_at',
  'updated_at',
];

export function* pasungCaseRows(ctx: SeedContext, plans: PasungPlan[]): Generator<CopyValue[]> {
  for (const p of plans) {
    const last = p.events[p.events.length - 1];
    const province = p.person.regency.provinceCode;
    const family = p.person.guardian;
    const prng = ctx.prng('pasung-family', p.index);
    yield [
      p.id,
      p.person.id,
      p.person.village.code,
      p.reportedOn,
      p.source,
      p.sourceDetail,
      p.shackledMonths,
      p.restraint,
      p.restraintDetail,
      family?.name ?? null,
      family?.relation ?? null,
      family ? (family.phone ?? phoneNumber(prng)) : null,
      p.managingOrganizationId,
      p.communityCase?.id ?? null,
      last.status,
      last.on,
      p.events.length,
      ctx.at(p.reportedOn, province),
      ctx.at(last.on, province),
    ];
  }
}

export const PASUNG_EVENT_COLUMNS = [
  'id',
  'pasung_case_id',
  'status',
  'occurred_on',
  'note',
  'release_team',
  'hospital_name',
  'upt_organization_id',
  'cause_of_death',
  'recorded_by_organization_id',
  'created_at',
];

export function* pasungEventRows(ctx: SeedContext, plans: PasungPlan[]): Generator<CopyValue[]> {
  for (const p of plans) {
    const province = p.person.regency.provinceCode;
    for (const [i, e] of p.events.entries()) {
      yield [
        ctx.id('pasung-event', `${p.index}:${i}`),
        p.id,
        e.status,
        e.on,
        e.note,
        e.releaseTeam,
        e.hospitalName,
        e.uptId,
        e.causeOfDeath,
        p.managingOrganizationId,
        ctx.at(e.on, province),
      ];
    }
  }
}
