import {
  addMonths,
  DEFAULT_GROWTH_THRESHOLDS,
  GrowthReport,
  GrowthStatus,
  growthStatus,
  meetsGraduationRule,
  monthsBetween,
} from '../businesses/growth-status';
import { addDays, endOfMonth, minDate } from './calendar';
import { CasesPlan } from './cases';
import { SeedContext } from './context';
import { CopyValue } from './copy';
import { GrantPlan, GrantsPlan, Sector, SECTORS } from './grants';
import { PeoplePlan, PersonPlan } from './people';
import { Prng } from './prng';
import { BUSINESS_NAME_PREFIX, BUSINESS_NAME_SUFFIX, REPORT_NOTES } from './texts';

/** The rule's defaults (BUSINESS_* settings); the trajectories are built to land in these statuses. */
const THRESHOLDS = DEFAULT_GROWTH_THRESHOLDS;
const GRADUATION = { minNetIncomeIdr: 1_500_000, months: 6 };
const GRADUATION_NOTE = 'Penghasilan bersih usaha ≥ Rp1.500.000 selama 6 bulan berturut-turut; dinyatakan mandiri';

const TRAJECTORY_WEIGHTS: ReadonlyArray<readonly [GrowthStatus, number]> = [
  ['BERKEMBANG', 28],
  ['STAGNAN', 30],
  ['MENURUN', 15],
  ['TUTUP', 12],
  ['BELUM_CUKUP_DATA', 15],
];
const COVERAGE: readonly GrowthStatus[] = ['BERKEMBANG', 'STAGNAN', 'MENURUN', 'TUTUP', 'BELUM_CUKUP_DATA'];

/** Median monthly net income (Rupiah) at the start, by sector. */
const BASE_INCOME: Record<Sector, number> = {
  JAHIT: 900_000,
  KERAJINAN: 600_000,
  KULINER: 1_100_000,
  PERTANIAN: 800_000,
  PETERNAKAN: 700_000,
  PERDAGANGAN: 1_200_000,
  JASA: 1_000_000,
  OTHER: 700_000,
};

export interface ReportPlan extends GrowthReport {
  revenueIdr: number;
  workers: number;
  notes: string | null;
  /** The day it was entered (a few days after the month, never after the data set's day). */
  reportedOn: string;
}

export interface BusinessPlan {
  index: number;
  id: string;
  person: PersonPlan;
  grant: GrantPlan | null;
  sector: Sector;
  name: string;
  startDate: string;
  workers: number;
  trajectory: GrowthStatus;
  /** Last month with a report. */
  endPeriod: string;
  strong: boolean;
  reportCount: number;
  graduatedOn: string | null;
}

export class BusinessesPlan {
  readonly businesses: BusinessPlan[] = [];
  reportCount = 0;

  constructor(
    private readonly ctx: SeedContext,
    private readonly people: PeoplePlan,
    private readonly cases: CasesPlan,
    private readonly grants: GrantsPlan,
  ) {}

  /** A business for most handed-over grants, then self-funded ones until the scale's number of reports. */
  plan(): void {
    const { ctx } = this;
    for (const g of this.grants.grants) {
      if (!g.disbursedOn || !ctx.prng('grant-business', g.index).chance(0.93) || g.person.hasBusiness) continue;
      this.add(
        g.person,
        g,
        g.sector,
        minDate(ctx.asOf, addDays(g.disbursedOn, ctx.prng('grant-business', g.index).int(0, 20))),
      );
    }
    const prng = ctx.prng('businesses-plan');
    const owners = prng.sample(
      this.people.persons.filter(
        (p) =>
          !p.hasBusiness &&
          p.birthDate < addDays(ctx.asOf, -20 * 365) &&
          (p.kind === 'GENERAL' || p.kind === 'COMMUNITY'),
      ),
      Number.MAX_SAFE_INTEGER,
    );
    let next = 0;
    const firstMonth = addMonths(ctx.asOf.slice(0, 7), -59);
    while (this.reportCount < ctx.config.businessReports && next < owners.length) {
      const owner = owners[next++];
      const bp = ctx.prng('own-business', next);
      const earliest = owner.registeredOn > `${firstMonth}-01` ? owner.registeredOn : `${firstMonth}-01`;
      if (earliest >= ctx.asOf) continue;
      const span = Math.floor((Date.parse(ctx.asOf) - Date.parse(earliest)) / 86_400_000);
      // Spread over the five years, older ones a little more often: businesses run a while before they are followed.
      this.add(owner, null, bp.pick(SECTORS), addDays(earliest, Math.floor(Math.pow(bp.next(), 1.3) * span)));
    }
    if (this.reportCount < ctx.config.businessReports)
      throw new Error('not enough people to reach the number of business reports');
  }

  private add(person: PersonPlan, grant: GrantPlan | null, sector: Sector, startDate: string): void {
    const { ctx } = this;
    const index = this.businesses.length;
    const prng = ctx.prng('business', index);
    const startPeriod = startDate.slice(0, 7);
    const months = monthsBetween(startPeriod, ctx.asOf.slice(0, 7)) + 1;
    let trajectory = index < COVERAGE.length ? COVERAGE[index] : prng.weighted(TRAJECTORY_WEIGHTS);
    // The growth rule needs more than one group of three months to compare: younger ones have not enough data yet.
    if (months <= THRESHOLDS.minReports && trajectory !== 'TUTUP') trajectory = 'BELUM_CUKUP_DATA';
    let endPeriod = ctx.asOf.slice(0, 7);
    if (trajectory === 'TUTUP') {
      endPeriod = addMonths(startPeriod, prng.int(0, Math.max(0, months - 2)));
    } else if (trajectory === 'BELUM_CUKUP_DATA' && months > 2) {
      // Stopped reporting: the last report is older than the window allows.
      const silent = prng.int(THRESHOLDS.windowMonths - THRESHOLDS.minReports + 2, 14);
      endPeriod = addMonths(ctx.asOf.slice(0, 7), -Math.min(silent, months - 1));
    }
    const ownerName = person.fullName.replace(/,.*$/, '').split(' ')[0];
    const name = prng.chance(0.5)
      ? `${prng.pick(BUSINESS_NAME_PREFIX[sector])} ${person.sex === 'F' ? 'Bu' : 'Pak'} ${ownerName}`
      : `${prng.pick(BUSINESS_NAME_PREFIX[sector])} ${prng.pick(BUSINESS_NAME_SUFFIX)}`;
    const business: BusinessPlan = {
      index,
      id: ctx.id('business', index),
      person,
      grant,
      sector,
      name,
      startDate,
      workers: prng.weighted([
        [0, 55],
        [1, 30],
        [2, 12],
        [3, 3],
      ] as const),
      trajectory,
      endPeriod,
      strong: trajectory === 'BERKEMBANG' && prng.chance(0.4),
      reportCount: 0,
      graduatedOn: null,
    };
    const reports = reportsOf(ctx, business);
    business.reportCount = reports.length;
    const actual = growthStatus(reports, ctx.asOf, THRESHOLDS).status;
    if (actual !== trajectory) {
      throw new Error(`business ${index}: built as ${trajectory} but the growth rule reads ${actual}`);
    }
    if (
      trajectory === 'BERKEMBANG' &&
      business.strong &&
      meetsGraduationRule(reports, GRADUATION) &&
      prng.chance(0.6)
    ) {
      const last = reports[reports.length - 1];
      business.graduatedOn = minDate(ctx.asOf, addDays(last.reportedOn, prng.int(1, 10)));
      this.graduate(person, business.graduatedOn);
    }
    person.hasBusiness = true;
    this.reportCount += reports.length;
    this.businesses.push(business);
  }

  /** Graduation (BusinessGraduationService): open community cases close MANDIRI, PPKS categories end that day. */
  private graduate(person: PersonPlan, on: string): void {
    person.ppksUntil = on;
    for (const c of this.cases.of(person).filter((x) => x.kind === 'COMMUNITY')) {
      if (c.openedOn <= on && (c.closedOn === null || c.closedOn > on)) {
        this.cases.close(c, on, 'MANDIRI', GRADUATION_NOTE);
      }
    }
  }
}

/**
 * The monthly reports of a business: a net income path shaped by its trajectory, with noise, a few missing months
 * (never in the last six, which the growth rule reads), and revenue above net income. Pure: the same business
 * always gives the same reports, so the million rows are generated twice (plan, then COPY) instead of kept.
 */
export function reportsOf(ctx: SeedContext, b: BusinessPlan): ReportPlan[] {
  const prng = ctx.prng('reports', b.index);
  const start = b.startDate.slice(0, 7);
  const count = monthsBetween(start, b.endPeriod) + 1;
  const base = Math.max(150_000, prng.logNormal(BASE_INCOME[b.sector] * (b.strong ? 1.6 : 1), 0.35));
  const growth = 0.015 + prng.next() * 0.025;
  const declineFrom = Math.max(0, count - prng.int(6, 12));
  const incomes: number[] = [];
  let level = base;
  for (let t = 0; t < count; t++) {
    switch (b.trajectory) {
      case 'BERKEMBANG':
        level *= 1 + growth;
        break;
      case 'MENURUN':
      case 'TUTUP':
        level *= t < declineFrom ? 1 + growth / 3 : 0.93 - prng.next() * 0.04;
        break;
      default:
        level *= t < count / 2 ? 1 + growth / 4 : 1;
    }
    incomes.push(level * (1 + prng.normal(0, b.trajectory === 'STAGNAN' ? 0.02 : 0.05)));
  }
  shapeLastMonths(prng, b.trajectory, incomes);
  const reports: ReportPlan[] = [];
  let workers = b.workers;
  for (let t = 0; t < count; t++) {
    const period = addMonths(start, t);
    const last = t === count - 1;
    const closing = b.trajectory === 'TUTUP' && last;
    // A few months go unreported, never among the last six (what the rule reads).
    if (!last && t < count - 6 && t > 0 && prng.chance(0.03)) continue;
    const net = closing ? -prng.int(0, 20) * 10_000 : roundThousand(incomes[t]);
    if (b.trajectory === 'BERKEMBANG' && t > 0 && t % 18 === 0 && workers < 6) workers++;
    const revenue = closing
      ? 0
      : net > 0
        ? roundThousand(net * (1.6 + prng.next()))
        : roundThousand(base * (0.3 + prng.next() * 0.5));
    const notes = closing
      ? prng.pick(REPORT_NOTES.closed)
      : prng.chance(0.08)
        ? prng.pick(b.trajectory === 'BERKEMBANG' ? REPORT_NOTES.up : REPORT_NOTES.down)
        : null;
    reports.push({
      period,
      netIncomeIdr: net,
      revenueIdr: Math.max(0, revenue),
      open: !closing,
      workers: closing ? 0 : workers,
      notes,
      reportedOn: minDate(ctx.asOf, addDays(endOfMonth(`${period}-01`), prng.int(1, 10))),
    });
  }
  return reports;
}

/**
 * Sets the last six months so the growth rule reads the intended status with a margin: recent average against the
 * three before it (the rule's groups), +20 % for growth, within ±4 % for stagnation, −20 % for decline.
 */
function shapeLastMonths(prng: Prng, trajectory: GrowthStatus, incomes: number[]): void {
  const n = incomes.length;
  const group = THRESHOLDS.minReports;
  if (n <= group) return;
  const before = incomes.slice(Math.max(0, n - 2 * group), n - group);
  const previous = before.reduce((a, b) => a + b, 0) / before.length;
  const factor =
    trajectory === 'BERKEMBANG'
      ? 1.18 + prng.next() * 0.2
      : trajectory === 'MENURUN'
        ? 0.62 + prng.next() * 0.18
        : trajectory === 'STAGNAN'
          ? 0.97 + prng.next() * 0.06
          : null;
  if (factor === null) return;
  const recent = incomes.slice(n - group).reduce((a, b) => a + b, 0) / group;
  const scale = (previous * factor) / recent;
  for (let i = n - group; i < n; i++) incomes[i] *= scale;
}

function roundThousand(n: number): number {
  return Math.round(n / 1_000) * 1_000;
}

export const BUSINESS_COLUMNS = [
  'id',
  'person_id',
  'grant_id',
  'sector',
  'name',
  'village_code',
  'start_date',
  'workers',
  'graduated_on',
  'graduation_note',
  'version',
  'created_at',
  'updated_at',
];

export function* businessRows(ctx: SeedContext, plan: BusinessesPlan): Generator<CopyValue[]> {
  for (const b of plan.businesses) {
    const province = b.person.regency.provinceCode;
    yield [
      b.id,
      b.person.id,
      b.grant?.id ?? null,
      b.sector,
      b.name.slice(0, 200),
      b.person.village.code,
      b.startDate,
      b.workers,
      b.graduatedOn,
      b.graduatedOn ? GRADUATION_NOTE : null,
      b.graduatedOn ? 2 : 1,
      ctx.at(b.startDate, province),
      ctx.at(b.graduatedOn ?? b.startDate, province),
    ];
  }
}

export const REPORT_COLUMNS = [
  'id',
  'business_id',
  'period',
  'revenue_idr',
  'net_income_idr',
  'workers',
  'open',
  'notes',
  'version',
  'created_at',
  'updated_at',
];

export function* reportRows(ctx: SeedContext, plan: BusinessesPlan): Generator<CopyValue[]> {
  for (const b of plan.businesses) {
    const province = b.person.regency.provinceCode;
    for (const r of reportsOf(ctx, b)) {
      const at = ctx.at(r.reportedOn, province);
      yield [
        ctx.id('report', `${b.index}:${r.period}`),
        b.id,
        r.period,
        r.revenueIdr,
        r.netIncomeIdr,
        r.workers,
        r.open,
        r.notes,
        1,
        at,
        at,
      ];
    }
  }
}
