/**
 * The growth status of a business (DESIGN.md §4, docs/empowerment-businesses.md): derived from its monthly reports,
 * never typed in. Pure functions so the rule is unit-tested without a database and reads the same in every caller.
 */

export const GROWTH_STATUSES = ['BERKEMBANG', 'STAGNAN', 'MENURUN', 'TUTUP', 'BELUM_CUKUP_DATA'] as const;
export type GrowthStatus = (typeof GROWTH_STATUSES)[number];

/** What the rule reads from a report. */
export interface GrowthReport {
  period: string;
  netIncomeIdr: number;
  open: boolean;
}

export interface GrowthThresholds {
  /** Change of average net income (percent) from which a business is BERKEMBANG. */
  growthPercent: number;
  /** Fall of average net income (percent) from which a business is MENURUN. */
  declinePercent: number;
  /** Months (the current one and those before) in which `minReports` reports must fall. */
  windowMonths: number;
  /** Reports needed in the window, and the size of each compared group. */
  minReports: number;
}

export const DEFAULT_GROWTH_THRESHOLDS: GrowthThresholds = {
  growthPercent: 10,
  declinePercent: 10,
  windowMonths: 6,
  minReports: 3,
};

/** The status and the inputs it was computed from, returned with it so a reader can check it. */
export interface GrowthResult {
  status: GrowthStatus;
  latestPeriod: string | null;
  reportsInWindow: number;
  /** Periods of the recent group (newest first) and their average net income. */
  recentPeriods: string[];
  recentAverageIdr: number | null;
  previousPeriods: string[];
  previousAverageIdr: number | null;
  /** Percent change from the previous to the recent average; null when not compared. */
  changePercent: number | null;
}

/** `YYYY-MM` plus whole months (may be negative). */
export function addMonths(period: string, months: number): string {
  const index = monthIndex(period) + months;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

/** Whole months from `from` to `to` (`YYYY-MM`); negative when `to` is earlier. */
export function monthsBetween(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from);
}

function monthIndex(period: string): number {
  return Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const average = (rs: GrowthReport[]): number => rs.reduce((sum, r) => sum + r.netIncomeIdr, 0) / rs.length;

/**
 * TUTUP when the latest report says closed; BELUM_CUKUP_DATA with fewer than `minReports` reports in the window
 * (the current month of `today` and the `windowMonths - 1` before it) or no earlier report to compare with;
 * otherwise the average net income of the latest `minReports` reports against the (up to) `minReports` before them:
 * change ≥ +growthPercent → BERKEMBANG, ≤ −declinePercent → MENURUN, else STAGNAN. The change is relative to the
 * absolute previous average, so a loss shrinking counts as growth; from a previous average of 0 any gain is growth
 * and any loss decline. Reports after the current month (none are accepted) are ignored.
 */
export function growthStatus(reports: readonly GrowthReport[], today: string, t: GrowthThresholds): GrowthResult {
  const current = today.slice(0, 7);
  const sorted = reports.filter((r) => r.period <= current).sort((a, b) => (a.period < b.period ? 1 : -1));
  const windowStart = addMonths(current, -(t.windowMonths - 1));
  const inWindow = sorted.filter((r) => r.period >= windowStart).length;
  const result: GrowthResult = {
    status: 'BELUM_CUKUP_DATA',
    latestPeriod: sorted[0]?.period ?? null,
    reportsInWindow: inWindow,
    recentPeriods: [],
    recentAverageIdr: null,
    previousPeriods: [],
    previousAverageIdr: null,
    changePercent: null,
  };
  if (sorted.length === 0) return result;
  if (!sorted[0].open) return { ...result, status: 'TUTUP' };
  if (inWindow < t.minReports) return result;
  const recent = sorted.slice(0, t.minReports);
  const previous = sorted.slice(t.minReports, t.minReports * 2);
  result.recentPeriods = recent.map((r) => r.period);
  result.recentAverageIdr = round2(average(recent));
  if (previous.length === 0) return result;
  result.previousPeriods = previous.map((r) => r.period);
  const before = average(previous);
  const now = average(recent);
  result.previousAverageIdr = round2(before);
  if (before === 0) {
    return { ...result, status: now > 0 ? 'BERKEMBANG' : now < 0 ? 'MENURUN' : 'STAGNAN' };
  }
  const change = ((now - before) / Math.abs(before)) * 100;
  result.changePercent = round2(change);
  const status: GrowthStatus =
    change >= t.growthPercent ? 'BERKEMBANG' : change <= -t.declinePercent ? 'MENURUN' : 'STAGNAN';
  return { ...result, status };
}

/**
 * Complete months without a report before the current month: counted from the latest report, or from the month
 * before the start month when there is none (a business is not silent before it starts).
 */
export function silentMonths(latestPeriod: string | null, startMonth: string, today: string): number {
  const from = latestPeriod ?? addMonths(startMonth, -1);
  return Math.max(0, monthsBetween(from, today.slice(0, 7)) - 1);
}

export interface GraduationRule {
  minNetIncomeIdr: number;
  months: number;
}

/**
 * Met when the latest `months` reports are consecutive calendar months ending with the latest report, every one
 * open with net income ≥ `minNetIncomeIdr`: the business has sustained its owner for that long without a gap.
 */
export function meetsGraduationRule(reports: readonly GrowthReport[], rule: GraduationRule): boolean {
  const sorted = [...reports].sort((a, b) => (a.period < b.period ? 1 : -1));
  if (sorted.length < rule.months) return false;
  return sorted
    .slice(0, rule.months)
    .every(
      (r, i) => r.open && r.netIncomeIdr >= rule.minNetIncomeIdr && monthsBetween(r.period, sorted[0].period) === i,
    );
}
