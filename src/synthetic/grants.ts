import { addMonths } from '../businesses/growth-status';
import { addDays, dayNumber, fromDayNumber, maxDate, minDate } from './calendar';
import { CasePlan, CasesPlan, staffName } from './cases';
import { SeedContext } from './context';
import { CopyValue, json } from './copy';
import { OrganizationsPlan } from './organizations';
import { PeoplePlan, PersonPlan } from './people';
import { populationWeight } from './population';
import { Prng } from './prng';
import { GRANT_REJECTIONS, GRANT_WITHDRAWALS, SECTOR_PLANS, STATED_SKILLS } from './texts';

export const GRANT_STATUSES = ['SUBMITTED', 'APPROVED', 'DISBURSED', 'CLOSED', 'REJECTED', 'WITHDRAWN'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export const SECTORS = [
  'JAHIT',
  'KERAJINAN',
  'KULINER',
  'PERTANIAN',
  'PETERNAKAN',
  'PERDAGANGAN',
  'JASA',
  'OTHER',
] as const;
export type Sector = (typeof SECTORS)[number];

export interface GrantItemPlan {
  position: number;
  kind: 'CASH' | 'SEWING_MACHINE' | 'OVERLOCK_MACHINE' | 'TOOLS' | 'MATERIALS' | 'OTHER';
  description: string;
  quantity: number;
  unitValueIdr: number;
}

export interface GrantPlan {
  index: number;
  id: string;
  person: PersonPlan;
  case: CasePlan | null;
  regencyCode: string;
  provinceCode: string;
  year: number;
  proposingOrganizationId: string;
  sector: Sector;
  businessPlan: string;
  items: GrantItemPlan[];
  totalIdr: number;
  status: GrantStatus;
  submittedOn: string;
  approvedOn: string | null;
  disbursedOn: string | null;
  closedOn: string | null;
  /** Rejected or withdrawn on. */
  endedOn: string | null;
  /** The proposal wants a completed training as its skill; the trainings plan sets `trained` when it found one. */
  wantsTraining: boolean;
  trained: boolean;
  /** No training and no stated skill: the criterion fails and an approval needs an override reason. */
  noSkill: boolean;
  witnessName: string | null;
  documentReference: string | null;
  /** For the small scale: the first asset of a few grants shows each asset status. */
  assetStatusOverride: AssetStatus | null;
}

export type AssetStatus = 'IN_USE' | 'SOLD' | 'BROKEN' | 'MOVED' | 'LOST';
const ASSET_STATUSES: readonly AssetStatus[] = ['IN_USE', 'SOLD', 'BROKEN', 'MOVED', 'LOST'];

export interface BudgetPlan {
  key: string;
  id: string;
  regencyCode: string;
  provinceCode: string;
  year: number;
  initialIdr: number;
  topUpIdr: number;
  committedIdr: number;
  disbursedIdr: number;
}

const STATUS_WEIGHTS: ReadonlyArray<readonly [GrantStatus, number]> = [
  ['CLOSED', 30],
  ['DISBURSED', 46],
  ['APPROVED', 5],
  ['SUBMITTED', 7],
  ['REJECTED', 7],
  ['WITHDRAWN', 5],
];

/** The in-kind packages per sector (DOMAIN.md §7: a sewing machine and an overlocker; Kaltim goods of Rp 4.5–5 M). */
const PACKAGES: Record<Sector, ReadonlyArray<Omit<GrantItemPlan, 'position'>>> = {
  JAHIT: [
    { kind: 'SEWING_MACHINE', description: 'Mesin jahit portable', quantity: 1, unitValueIdr: 2_350_000 },
    { kind: 'OVERLOCK_MACHINE', description: 'Mesin obras', quantity: 1, unitValueIdr: 3_150_000 },
    { kind: 'MATERIALS', description: 'Kain dan benang', quantity: 1, unitValueIdr: 650_000 },
  ],
  KERAJINAN: [
    {
      kind: 'TOOLS',
      description: 'Alat kerajinan (gunting, lem tembak, pemidangan)',
      quantity: 1,
      unitValueIdr: 850_000,
    },
    { kind: 'MATERIALS', description: 'Kain perca dan manik-manik', quantity: 1, unitValueIdr: 900_000 },
  ],
  KULINER: [
    { kind: 'TOOLS', description: 'Kompor, wajan dan etalase', quantity: 1, unitValueIdr: 1_400_000 },
    { kind: 'MATERIALS', description: 'Bahan baku awal', quantity: 1, unitValueIdr: 600_000 },
  ],
  PERTANIAN: [
    { kind: 'TOOLS', description: 'Cangkul, sprayer dan selang', quantity: 1, unitValueIdr: 750_000 },
    { kind: 'MATERIALS', description: 'Bibit dan pupuk', quantity: 1, unitValueIdr: 800_000 },
  ],
  PETERNAKAN: [
    { kind: 'OTHER', description: 'Kambing betina', quantity: 2, unitValueIdr: 1_250_000 },
    { kind: 'MATERIALS', description: 'Pakan ternak', quantity: 1, unitValueIdr: 300_000 },
  ],
  PERDAGANGAN: [
    { kind: 'MATERIALS', description: 'Barang dagangan awal', quantity: 1, unitValueIdr: 1_500_000 },
    { kind: 'TOOLS', description: 'Rak dan timbangan', quantity: 1, unitValueIdr: 450_000 },
  ],
  JASA: [{ kind: 'TOOLS', description: 'Peralatan servis dan bengkel', quantity: 1, unitValueIdr: 1_900_000 }],
  OTHER: [{ kind: 'TOOLS', description: 'Peralatan usaha', quantity: 1, unitValueIdr: 1_000_000 }],
};

function pickDay(prng: Prng, from: string, to: string): string | null {
  if (from > to) return null;
  return fromDayNumber(dayNumber(from) + prng.int(0, dayNumber(to) - dayNumber(from)));
}

export class GrantsPlan {
  readonly grants: GrantPlan[] = [];
  budgets: BudgetPlan[] = [];

  constructor(
    private readonly ctx: SeedContext,
    private readonly people: PeoplePlan,
    private readonly cases: CasesPlan,
    private readonly orgs: OrganizationsPlan,
  ) {}

  plan(): void {
    const { ctx } = this;
    const prng = ctx.prng('grants-plan');
    const community = prng.sample(
      this.cases.cases.filter((c) => c.kind === 'COMMUNITY'),
      Number.MAX_SAFE_INTEGER,
    );
    const general = prng.sample(
      this.people.persons.filter(
        (p) =>
          p.kind === 'GENERAL' &&
          ['PPKS-24', 'PPKS-23', 'PPKS-09', 'PPKS-17', 'PPKS-15', 'PPKS-25'].includes(p.ppks[0]) &&
          p.birthDate < addDays(ctx.asOf, -19 * 365),
      ),
      Number.MAX_SAFE_INTEGER,
    );
    let nextCommunity = 0;
    let nextGeneral = 0;
    const assetOverrides = [...ASSET_STATUSES];
    for (let index = 0; this.grants.length < ctx.config.grants; index++) {
      const gp = ctx.prng('grant', index);
      const eksKlien = gp.chance(0.55) && nextCommunity < community.length;
      let person: PersonPlan | undefined;
      let linked: CasePlan | null = null;
      if (eksKlien) {
        while (nextCommunity < community.length && community[nextCommunity].person.hasGrant) nextCommunity++;
        linked = community[nextCommunity++] ?? null;
        person = linked?.person;
      } else {
        while (nextGeneral < general.length && general[nextGeneral].hasGrant) nextGeneral++;
        person = general[nextGeneral++];
      }
      if (!person) {
        if (nextCommunity >= community.length && nextGeneral >= general.length)
          throw new Error('not enough people for the grants');
        continue;
      }
      const target =
        this.grants.length < GRANT_STATUSES.length ? GRANT_STATUSES[this.grants.length] : gp.weighted(STATUS_WEIGHTS);
      const earliest = addDays(maxDate(person.registeredOn, linked?.openedOn ?? person.registeredOn), 14);
      const dates = this.dates(gp, target, earliest);
      if (!dates) continue;
      person.hasGrant = true;
      const provinceCode = person.regency.provinceCode;
      const sector = pickSector(gp, eksKlien, provinceCode);
      const items = this.items(gp, sector, eksKlien, provinceCode, Number(dates.submittedOn.slice(0, 4)));
      const disbursed = dates.disbursedOn !== null;
      const grant: GrantPlan = {
        index: this.grants.length,
        id: ctx.id('grant', this.grants.length),
        person,
        case: linked && this.cases.openOn([linked], dates.submittedOn) ? linked : null,
        regencyCode: person.regency.code,
        provinceCode,
        year: Number(dates.submittedOn.slice(0, 4)),
        proposingOrganizationId: this.orgs.byRegency.get(person.regency.code)!.office.id,
        sector,
        businessPlan: gp.pick(SECTOR_PLANS[sector]),
        items,
        totalIdr: items.reduce((sum, i) => sum + i.quantity * i.unitValueIdr, 0),
        ...dates,
        wantsTraining: eksKlien ? gp.chance(0.65) : gp.chance(0.35),
        trained: false,
        // Proposals still waiting (or refused) sometimes lack any skill; an approved one without it needed an override.
        noSkill: ['SUBMITTED', 'REJECTED', 'WITHDRAWN'].includes(dates.status) ? gp.chance(0.15) : gp.chance(0.02),
        witnessName: disbursed
          ? staffName(ctx, this.orgs.byRegency.get(person.regency.code)!.office, gp.int(0, 4))
          : null,
        documentReference: disbursed
          ? `BAST/${gp.int(1, 999)}/UEP/${person.regency.code}/${dates.submittedOn.slice(0, 4)}`
          : null,
        assetStatusOverride: null,
      };
      if (disbursed && items.some((i) => i.kind !== 'CASH') && assetOverrides.length > 0)
        grant.assetStatusOverride = assetOverrides.shift()!;
      this.grants.push(grant);
    }
  }

  /** The dates of a grant that ends in `target` by the data set's day, or null when the person came too late. */
  private dates(
    prng: Prng,
    target: GrantStatus,
    earliest: string,
  ): Pick<GrantPlan, 'status' | 'submittedOn' | 'approvedOn' | 'disbursedOn' | 'closedOn' | 'endedOn'> | null {
    const { asOf } = this.ctx;
    const yearFloor = `${Number(asOf.slice(0, 4)) - 4}-01-10`;
    // Businesses report at most 60 months (the current one included), so no handover before that window.
    const firstHandover = maxDate(`${addMonths(asOf.slice(0, 7), -59)}-01`, addDays(yearFloor, 120));
    const start = maxDate(earliest, yearFloor);
    const base = { approvedOn: null, disbursedOn: null, closedOn: null, endedOn: null };
    switch (target) {
      case 'SUBMITTED': {
        const submittedOn = pickDay(prng, maxDate(start, addDays(asOf, -45)), asOf);
        return submittedOn ? { ...base, status: 'SUBMITTED', submittedOn } : null;
      }
      case 'APPROVED': {
        const approvedOn = pickDay(prng, maxDate(addDays(start, 10), addDays(asOf, -40)), asOf);
        if (!approvedOn) return null;
        return {
          ...base,
          status: 'APPROVED',
          approvedOn,
          submittedOn: maxDate(start, addDays(approvedOn, -prng.int(10, 60))),
        };
      }
      case 'DISBURSED':
      case 'CLOSED': {
        const latest = target === 'CLOSED' ? addDays(asOf, -365) : asOf;
        const disbursedOn = pickDay(prng, maxDate(firstHandover, addDays(start, 30)), latest);
        if (!disbursedOn) return null;
        const approvedOn = maxDate(addDays(start, 15), addDays(disbursedOn, -prng.int(7, 45)));
        const submittedOn = maxDate(start, addDays(approvedOn, -prng.int(10, 60)));
        if (!(submittedOn < approvedOn && approvedOn < disbursedOn)) return null;
        const closedOn = target === 'CLOSED' ? minDate(asOf, addDays(disbursedOn, prng.int(365, 730))) : null;
        return { ...base, status: target, submittedOn, approvedOn, disbursedOn, closedOn };
      }
      case 'REJECTED':
      case 'WITHDRAWN': {
        const submittedOn = pickDay(prng, start, addDays(asOf, -10));
        if (!submittedOn) return null;
        return { ...base, status: target, submittedOn, endedOn: minDate(asOf, addDays(submittedOn, prng.int(10, 40))) };
      }
    }
  }

  private items(prng: Prng, sector: Sector, eksKlien: boolean, provinceCode: string, year: number): GrantItemPlan[] {
    // Prices rise about 4 % a year from the 2024 list; Kalimantan Timur gives goods worth Rp 4.5–5 million.
    const inflation = Math.pow(1.04, year - 2024);
    const goods = PACKAGES[sector];
    const goodsTotal = goods.reduce((sum, g) => sum + g.quantity * g.unitValueIdr, 0);
    const scale = provinceCode === '64' ? (4_500_000 + prng.int(0, 500_000)) / goodsTotal : 1;
    const round = (n: number) => Math.round(n / 5_000) * 5_000;
    const items: GrantItemPlan[] = goods.map((g, i) => ({
      ...g,
      position: i + 1,
      unitValueIdr: round(g.unitValueIdr * scale * inflation),
    }));
    // Jawa Timur's UEP for the extreme poor: Rp 1.5 million cash (DOMAIN.md §7).
    if (!eksKlien && provinceCode === '35' && prng.chance(0.6)) {
      return [{ position: 1, kind: 'CASH', description: 'Modal usaha tunai', quantity: 1, unitValueIdr: 1_500_000 }];
    }
    return items;
  }

  /** A budget for every regency and year of the window; large enough for what was approved there. */
  planBudgets(): void {
    const { ctx } = this;
    const lastYear = Number(ctx.asOf.slice(0, 4));
    const sums = new Map<string, { committed: number; disbursed: number }>();
    for (const g of this.grants) {
      const key = `${g.regencyCode}:${g.year}`;
      const sum = sums.get(key) ?? { committed: 0, disbursed: 0 };
      if (g.approvedOn && ['APPROVED', 'DISBURSED', 'CLOSED'].includes(g.status)) sum.committed += g.totalIdr;
      if (g.disbursedOn) sum.disbursed += g.totalIdr;
      sums.set(key, sum);
    }
    this.budgets = [];
    for (const regency of ctx.ref.regencies) {
      for (let year = lastYear - 4; year <= lastYear; year++) {
        const key = `${regency.code}:${year}`;
        const prng = ctx.prng('budget', key);
        const sum = sums.get(key) ?? { committed: 0, disbursed: 0 };
        const floor = Math.round(populationWeight(regency.code) * 60_000 * (ctx.scale === 'small' ? 0.1 : 1));
        const total =
          Math.ceil((Math.max(sum.committed * (1.08 + prng.next() * 0.35), floor) + 5_000_000) / 1_000_000) * 1_000_000;
        const topUp = prng.chance(0.3) ? Math.round((total * (0.1 + prng.next() * 0.1)) / 1_000_000) * 1_000_000 : 0;
        this.budgets.push({
          key,
          id: ctx.id('budget', key),
          regencyCode: regency.code,
          provinceCode: regency.provinceCode,
          year,
          initialIdr: total - topUp,
          topUpIdr: topUp,
          committedIdr: sum.committed,
          disbursedIdr: sum.disbursed,
        });
      }
    }
  }
}

function pickSector(prng: Prng, eksKlien: boolean, provinceCode: string): Sector {
  if (eksKlien)
    return prng.weighted([
      ['JAHIT', 35],
      ['KERAJINAN', 20],
      ['KULINER', 20],
      ['PERTANIAN', 8],
      ['PETERNAKAN', 7],
      ['PERDAGANGAN', 6],
      ['JASA', 3],
      ['OTHER', 1],
    ] as const);
  if (provinceCode === '64')
    return prng.weighted([
      ['PERDAGANGAN', 25],
      ['PERTANIAN', 20],
      ['KULINER', 20],
      ['PETERNAKAN', 15],
      ['JAHIT', 8],
      ['JASA', 10],
      ['OTHER', 2],
    ] as const);
  return prng.weighted([
    ['PERDAGANGAN', 25],
    ['KULINER', 25],
    ['PETERNAKAN', 15],
    ['PERTANIAN', 10],
    ['JAHIT', 10],
    ['JASA', 10],
    ['OTHER', 5],
  ] as const);
}

function criteriaOf(g: GrantPlan): { code: string; passed: boolean; reason: { id: string; en: string } }[] {
  const skill = STATED_SKILLS[g.sector];
  return [
    g.trained
      ? {
          code: 'SKILL',
          passed: true,
          reason: { id: 'Telah menyelesaikan pelatihan keterampilan.', en: 'Completed a skills training.' },
        }
      : g.noSkill
        ? {
            code: 'SKILL',
            passed: false,
            reason: {
              id: 'Belum menyelesaikan pelatihan dan tidak ada keterampilan yang dinyatakan (statedSkill).',
              en: 'No completed training and no stated skill (statedSkill).',
            },
          }
        : {
            code: 'SKILL',
            passed: true,
            reason: { id: `Keterampilan yang dinyatakan: ${skill}.`, en: `Stated skill: ${skill}.` },
          },
    {
      code: 'NO_RECENT_GRANT',
      passed: true,
      reason: { id: 'Tidak ada hibah lain dalam 3 tahun.', en: 'No other grant within 3 years.' },
    },
  ];
}

const OVERRIDE_REASON = 'Penerima berpengalaman usaha sejenis sebelum sakit; dinilai layak oleh pendamping';

export const BUDGET_COLUMNS = [
  'id',
  'regency_code',
  'year',
  'initial_idr',
  'total_idr',
  'committed_idr',
  'disbursed_idr',
  'version',
  'created_at',
  'updated_at',
];

export function* topUpRows(ctx: SeedContext, plan: GrantsPlan, budgetIds: Map<string, string>): Generator<CopyValue[]> {
  for (const b of plan.budgets) {
    if (b.topUpIdr === 0) continue;
    yield [
      ctx.id('budget-top-up', b.key),
      budgetIds.get(b.key)!,
      b.topUpIdr,
      'Tambahan anggaran pada Perubahan APBD',
      ctx.at(`${b.year}-09-15`, b.provinceCode),
    ];
  }
}
export const TOP_UP_COLUMNS = ['id', 'budget_id', 'amount_idr', 'note', 'created_at'];

export const GRANT_COLUMNS = [
  'id',
  'person_id',
  'case_id',
  'regency_code',
  'year',
  'proposing_organization_id',
  'business_plan',
  'stated_skill',
  'total_idr',
  'status',
  'criteria',
  'criteria_passed',
  'criteria_override_reason',
  'budget_id',
  'approved_at',
  'rejection_reason',
  'withdrawal_reason',
  'disbursed_on',
  'receiver_name',
  'witness_name',
  'document_reference',
  'closed_on',
  'closing_note',
  'version',
  'created_at',
  'updated_at',
];

export function* grantRows(ctx: SeedContext, plan: GrantsPlan, budgetIds: Map<string, string>): Generator<CopyValue[]> {
  for (const g of plan.grants) {
    const prng = ctx.prng('grant-row', g.index);
    const criteria = criteriaOf(g);
    const passed = criteria.every((c) => c.passed);
    const holdsBudget = ['APPROVED', 'DISBURSED', 'CLOSED'].includes(g.status);
    const steps = [g.submittedOn, g.approvedOn, g.disbursedOn, g.closedOn, g.endedOn].filter(
      (d): d is string => d !== null,
    );
    yield [
      g.id,
      g.person.id,
      g.case?.id ?? null,
      g.regencyCode,
      g.year,
      g.proposingOrganizationId,
      g.businessPlan,
      g.trained ? null : g.noSkill ? null : STATED_SKILLS[g.sector],
      g.totalIdr,
      g.status,
      json(criteria),
      passed,
      holdsBudget && !passed ? OVERRIDE_REASON : null,
      holdsBudget ? budgetIds.get(`${g.regencyCode}:${g.year}`)! : null,
      g.approvedOn && holdsBudget ? ctx.at(g.approvedOn, g.provinceCode, prng) : null,
      g.status === 'REJECTED' ? prng.pick(GRANT_REJECTIONS) : null,
      g.status === 'WITHDRAWN' ? prng.pick(GRANT_WITHDRAWALS) : null,
      g.disbursedOn,
      g.disbursedOn ? g.person.fullName : null,
      g.witnessName,
      g.documentReference,
      g.closedOn,
      g.closedOn ? 'Usaha berjalan; pemantauan dilanjutkan melalui laporan bulanan' : null,
      steps.length,
      ctx.at(g.submittedOn, g.provinceCode),
      ctx.at(steps[steps.length - 1], g.provinceCode),
    ];
  }
}

export const GRANT_ITEM_COLUMNS = ['id', 'grant_id', 'position', 'kind', 'description', 'quantity', 'unit_value_idr'];

export function* grantItemRows(ctx: SeedContext, plan: GrantsPlan): Generator<CopyValue[]> {
  for (const g of plan.grants) {
    for (const item of g.items)
      yield [
        ctx.id('grant-item', `${g.index}:${item.position}`),
        g.id,
        item.position,
        item.kind,
        item.description,
        item.quantity,
        item.unitValueIdr,
      ];
  }
}

export const GRANT_EVENT_COLUMNS = ['id', 'grant_id', 'action', 'from_status', 'to_status', 'note', 'created_at'];

export function* grantEventRows(ctx: SeedContext, plan: GrantsPlan): Generator<CopyValue[]> {
  for (const g of plan.grants) {
    const prng = ctx.prng('grant-row', g.index);
    const events: [string, string | null, string, string | null, string][] = [
      ['submit', null, 'SUBMITTED', null, g.submittedOn],
    ];
    const passed = criteriaOf(g).every((c) => c.passed);
    if (g.approvedOn) events.push(['approve', 'SUBMITTED', 'APPROVED', passed ? null : OVERRIDE_REASON, g.approvedOn]);
    if (g.disbursedOn) events.push(['disburse', 'APPROVED', 'DISBURSED', `BAST ${g.documentReference}`, g.disbursedOn]);
    if (g.closedOn)
      events.push([
        'close',
        'DISBURSED',
        'CLOSED',
        'Usaha berjalan; pemantauan dilanjutkan melalui laporan bulanan',
        g.closedOn,
      ]);
    if (g.status === 'REJECTED')
      events.push(['reject', 'SUBMITTED', 'REJECTED', prng.pick(GRANT_REJECTIONS), g.endedOn!]);
    if (g.status === 'WITHDRAWN')
      events.push(['withdraw', 'SUBMITTED', 'WITHDRAWN', prng.pick(GRANT_WITHDRAWALS), g.endedOn!]);
    for (const [i, [action, from, to, note, on]] of events.entries()) {
      yield [ctx.id('grant-event', `${g.index}:${i}`), g.id, action, from, to, note, ctx.at(on, g.provinceCode)];
    }
  }
}

interface AssetPlan {
  id: string;
  itemPosition: number;
  kind: string;
  description: string;
  serial: string;
  status: AssetStatus;
  statusOn: string;
}

/** Each unit of an in-kind item of a disbursed grant is an asset, serial numbered as the grants module does it. */
function assetsOf(ctx: SeedContext, g: GrantPlan): AssetPlan[] {
  if (!g.disbursedOn) return [];
  const prng = ctx.prng('assets', g.index);
  const out: AssetPlan[] = [];
  for (const item of g.items) {
    if (item.kind === 'CASH') continue;
    for (let n = 1; n <= item.quantity; n++) {
      const override = out.length === 0 ? g.assetStatusOverride : null;
      const status: AssetStatus =
        override ??
        prng.weighted([
          ['IN_USE', 88],
          ['SOLD', 3],
          ['BROKEN', 5],
          ['MOVED', 2],
          ['LOST', 2],
        ] as const);
      const later = addDays(g.disbursedOn, 60);
      const statusOn = status === 'IN_USE' ? g.disbursedOn : (pickDay(prng, later, ctx.asOf) ?? ctx.asOf);
      out.push({
        id: ctx.id('asset', `${g.index}:${item.position}:${n}`),
        itemPosition: item.position,
        kind: item.kind,
        description: item.description,
        serial: `UEP-${g.regencyCode}-${g.year}-${g.id}-${item.position}-${String(n).padStart(3, '0')}`,
        status,
        statusOn: statusOn < g.disbursedOn ? g.disbursedOn : statusOn,
      });
    }
  }
  return out;
}

export const ASSET_COLUMNS = [
  'id',
  'grant_id',
  'grant_item_id',
  'kind',
  'description',
  'serial_number',
  'status',
  'status_on',
  'version',
  'created_at',
  'updated_at',
];

export function* assetRows(ctx: SeedContext, plan: GrantsPlan): Generator<CopyValue[]> {
  for (const g of plan.grants) {
    for (const a of assetsOf(ctx, g)) {
      yield [
        a.id,
        g.id,
        ctx.id('grant-item', `${g.index}:${a.itemPosition}`),
        a.kind,
        a.description,
        a.serial,
        a.status,
        a.statusOn,
        a.status === 'IN_USE' ? 1 : 2,
        ctx.at(g.disbursedOn!, g.provinceCode),
        ctx.at(a.statusOn, g.provinceCode),
      ];
    }
  }
}

export const ASSET_EVENT_COLUMNS = ['id', 'asset_id', 'status', 'occurred_on', 'note', 'created_at'];

const ASSET_NOTES: Record<AssetStatus, string> = {
  IN_USE: '',
  SOLD: 'Dijual penerima untuk menutup kebutuhan keluarga',
  BROKEN: 'Rusak, menunggu perbaikan',
  MOVED: 'Dipindahkan ke rumah saudara penerima',
  LOST: 'Hilang; laporan ke perangkat desa',
};

export function* assetEventRows(ctx: SeedContext, plan: GrantsPlan): Generator<CopyValue[]> {
  for (const g of plan.grants) {
    for (const a of assetsOf(ctx, g)) {
      yield [
        ctx.id('asset-event', `${a.id}:0`),
        a.id,
        'IN_USE',
        g.disbursedOn,
        `BAST ${g.documentReference}`,
        ctx.at(g.disbursedOn!, g.provinceCode),
      ];
      if (a.status !== 'IN_USE')
        yield [
          ctx.id('asset-event', `${a.id}:1`),
          a.id,
          a.status,
          a.statusOn,
          ASSET_NOTES[a.status],
          ctx.at(a.statusOn, g.provinceCode),
        ];
    }
  }
}

export { ASSET_STATUSES };
