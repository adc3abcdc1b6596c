import { addMonths, DEFAULT_GROWTH_THRESHOLDS, growthStatus, GrowthReport } from '../businesses/growth-status';
import { incomeToDate, statusMonths } from './business-status.refresher';

/** A small deterministic generator, so the property runs are reproducible. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const rule = (reports: GrowthReport[], month: string) =>
  growthStatus(reports, `${month}-01`, DEFAULT_GROWTH_THRESHOLDS).status;

describe('statusMonths (the materialised monthly growth status)', () => {
  it('equals the rule applied to all reports with each month as the current one, on random histories', () => {
    const next = random(42);
    for (let run = 0; run < 300; run++) {
      const start = addMonths('2023-01', Math.floor(next() * 12));
      const reports: GrowthReport[] = [];
      for (let m = -2; m < 30; m++) {
        if (next() < 0.3) continue; // gaps
        reports.push({
          period: addMonths(start, m),
          netIncomeIdr: Math.round((next() - 0.2) * 3_000_000),
          open: next() > 0.05,
        });
      }
      const current = addMonths(start, 24 + Math.floor(next() * 6));
      const months = statusMonths(reports, start, current, rule);
      // From the earlier of the start and the first report, every month to the current one.
      const first = reports.length > 0 && reports[0].period < start ? reports[0].period : start;
      expect(months[0].month).toBe(first);
      expect(months[months.length - 1].month).toBe(current);
      for (const [i, m] of months.entries()) {
        expect(m.status).toBe(growthStatus(reports, `${m.month}-15`, DEFAULT_GROWTH_THRESHOLDS).status);
        // `since` is the first month of the run of equal statuses reaching this month.
        const runStart = months
          .slice(0, i + 1)
          .reverse()
          .find((_, j, rev) => j === rev.length - 1 || rev[j + 1].status !== m.status);
        expect(m.since).toBe(runStart!.month);
      }
    }
  });

  it('has no months when the business starts after the current month', () => {
    expect(statusMonths([], '2026-03', '2026-01', rule)).toEqual([]);
  });

  it('marks runs: flat income is STAGNAN from the fourth report, since that month', () => {
    const reports = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'].map((period) => ({
      period,
      netIncomeIdr: 1_000_000,
      open: true,
    }));
    expect(statusMonths(reports, '2025-01', '2025-06', rule)).toEqual([
      { month: '2025-01', status: 'BELUM_CUKUP_DATA', since: '2025-01' },
      { month: '2025-02', status: 'BELUM_CUKUP_DATA', since: '2025-01' },
      { month: '2025-03', status: 'BELUM_CUKUP_DATA', since: '2025-01' },
      { month: '2025-04', status: 'STAGNAN', since: '2025-04' },
      { month: '2025-05', status: 'STAGNAN', since: '2025-04' },
      { month: '2025-06', status: 'STAGNAN', since: '2025-04' },
    ]);
  });
});

describe('incomeToDate', () => {
  it('gives the running sum and count of the reports up to each month, whatever their order', () => {
    const reports = [
      { period: '2025-03', netIncomeIdr: 300, open: true },
      { period: '2025-01', netIncomeIdr: 100, open: true },
      { period: '2025-02', netIncomeIdr: -50, open: true },
    ];
    const months = ['2024-12', '2025-01', '2025-02', '2025-03', '2025-04'].map((month) => ({ month }));
    expect(incomeToDate(reports, months)).toEqual([
      { netIncomeIdr: 0n, reports: 0 },
      { netIncomeIdr: 100n, reports: 1 },
      { netIncomeIdr: 50n, reports: 2 },
      { netIncomeIdr: 350n, reports: 3 },
      { netIncomeIdr: 350n, reports: 3 },
    ]);
  });

  it('sums beyond what a double holds exactly', () => {
    const big = 2 ** 52;
    const reports = [0, 1, 2].map((i) => ({ period: `2025-0${i + 1}`, netIncomeIdr: big + 1, open: true }));
    expect(incomeToDate(reports, [{ month: '2025-03' }])[0].netIncomeIdr).toBe(3n * BigInt(big + 1));
  });
});
