import {
  addMonths,
  DEFAULT_GROWTH_THRESHOLDS,
  growthStatus,
  GrowthReport,
  meetsGraduationRule,
  monthsBetween,
  silentMonths,
} from './growth-status';

const TODAY = '2025-09-15';

/** Reports for consecutive months ending at `last`, oldest first. */
function series(last: string, incomes: number[], open = true): GrowthReport[] {
  return incomes.map((netIncomeIdr, i) => ({ period: addMonths(last, i - incomes.length + 1), netIncomeIdr, open }));
}

const status = (reports: GrowthReport[], t = DEFAULT_GROWTH_THRESHOLDS) => growthStatus(reports, TODAY, t).status;

describe('month arithmetic', () => {
  it('crosses years both ways', () => {
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-12', 2)).toBe('2025-02');
    expect(monthsBetween('2024-11', '2025-02')).toBe(3);
  });
});

describe('growthStatus', () => {
  it('BELUM_CUKUP_DATA without reports', () => {
    expect(growthStatus([], TODAY, DEFAULT_GROWTH_THRESHOLDS)).toMatchObject({
      status: 'BELUM_CUKUP_DATA',
      latestPeriod: null,
      reportsInWindow: 0,
    });
  });

  it('TUTUP when the latest report says closed, whatever came before', () => {
    const reports = [...series('2025-07', [1e6, 2e6, 3e6]), { period: '2025-08', netIncomeIdr: 0, open: false }];
    expect(status(reports)).toBe('TUTUP');
  });

  it('a closed month followed by open ones is not TUTUP (reopening from zero is growth)', () => {
    const reports = [{ period: '2025-05', netIncomeIdr: 0, open: false }, ...series('2025-09', [1e6, 1e6, 1e6])];
    expect(status(reports)).toBe('BERKEMBANG');
  });

  it('BELUM_CUKUP_DATA with fewer than 3 reports in the last 6 months', () => {
    // Window for September: April..September. Old reports do not count.
    const reports = [...series('2025-02', [1e6, 1e6, 1e6, 1e6]), ...series('2025-09', [2e6, 2e6])];
    expect(growthStatus(reports, TODAY, DEFAULT_GROWTH_THRESHOLDS)).toMatchObject({
      status: 'BELUM_CUKUP_DATA',
      reportsInWindow: 2,
    });
  });

  it('counts the window edge: April is in, March is out', () => {
    const reports = [
      { period: '2025-04', netIncomeIdr: 1e6, open: true },
      { period: '2025-06', netIncomeIdr: 1e6, open: true },
      { period: '2025-08', netIncomeIdr: 1e6, open: true },
    ];
    expect(growthStatus(reports, TODAY, DEFAULT_GROWTH_THRESHOLDS).reportsInWindow).toBe(3);
    const shifted = [{ ...reports[0], period: '2025-03' }, reports[1], reports[2]];
    expect(status(shifted)).toBe('BELUM_CUKUP_DATA');
  });

  it('BELUM_CUKUP_DATA with 3 reports and nothing earlier to compare with', () => {
    expect(growthStatus(series('2025-09', [1e6, 2e6, 3e6]), TODAY, DEFAULT_GROWTH_THRESHOLDS)).toMatchObject({
      status: 'BELUM_CUKUP_DATA',
      recentAverageIdr: 2e6,
      previousPeriods: [],
    });
  });

  it('BERKEMBANG, MENURUN and STAGNAN by the change of the averages, with the inputs used', () => {
    const growing = growthStatus(
      series('2025-08', [1e6, 1e6, 1e6, 1.2e6, 1.2e6, 1.2e6]),
      TODAY,
      DEFAULT_GROWTH_THRESHOLDS,
    );
    expect(growing).toMatchObject({
      status: 'BERKEMBANG',
      recentPeriods: ['2025-08', '2025-07', '2025-06'],
      previousPeriods: ['2025-05', '2025-04', '2025-03'],
      recentAverageIdr: 1.2e6,
      previousAverageIdr: 1e6,
      changePercent: 20,
    });
    expect(status(series('2025-08', [1e6, 1e6, 1e6, 8e5, 8e5, 8e5]))).toBe('MENURUN');
    expect(status(series('2025-08', [1e6, 1e6, 1e6, 1.05e6, 1e6, 9.8e5]))).toBe('STAGNAN');
  });

  it('boundaries: exactly +10 % is BERKEMBANG, exactly −10 % is MENURUN, just inside is STAGNAN', () => {
    expect(status(series('2025-09', [1e6, 1e6, 1e6, 1.1e6, 1.1e6, 1.1e6]))).toBe('BERKEMBANG');
    expect(status(series('2025-09', [1e6, 1e6, 1e6, 9e5, 9e5, 9e5]))).toBe('MENURUN');
    expect(status(series('2025-09', [1e6, 1e6, 1e6, 1_099_997, 1_099_997, 1_099_997]))).toBe('STAGNAN');
    expect(status(series('2025-09', [1e6, 1e6, 1e6, 900_003, 900_003, 900_003]))).toBe('STAGNAN');
  });

  it('compares the latest reports even across gaps (missing months are not zero)', () => {
    const reports = [
      { period: '2025-01', netIncomeIdr: 5e5, open: true },
      { period: '2025-03', netIncomeIdr: 5e5, open: true },
      { period: '2025-05', netIncomeIdr: 5e5, open: true },
      { period: '2025-06', netIncomeIdr: 7e5, open: true },
      { period: '2025-08', netIncomeIdr: 7e5, open: true },
      { period: '2025-09', netIncomeIdr: 7e5, open: true },
    ];
    expect(growthStatus(reports, TODAY, DEFAULT_GROWTH_THRESHOLDS)).toMatchObject({
      status: 'BERKEMBANG',
      previousPeriods: ['2025-05', '2025-03', '2025-01'],
    });
  });

  it('a shrinking loss is growth; from zero any gain is growth and any loss decline', () => {
    expect(status(series('2025-09', [-1e6, -1e6, -1e6, -5e5, -5e5, -5e5]))).toBe('BERKEMBANG');
    expect(status(series('2025-09', [0, 0, 0, 1, 1, 1]))).toBe('BERKEMBANG');
    expect(status(series('2025-09', [0, 0, 0, -1, -1, -1]))).toBe('MENURUN');
    expect(status(series('2025-09', [0, 0, 0, 0, 0, 0]))).toBe('STAGNAN');
  });

  it('uses configurable thresholds', () => {
    const reports = series('2025-09', [1e6, 1e6, 1e6, 1.15e6, 1.15e6, 1.15e6]);
    expect(status(reports)).toBe('BERKEMBANG');
    expect(status(reports, { ...DEFAULT_GROWTH_THRESHOLDS, growthPercent: 20 })).toBe('STAGNAN');
    expect(
      status(series('2025-09', [1e6, 1e6, 1e6, 9.5e5, 9.5e5, 9.5e5]), {
        ...DEFAULT_GROWTH_THRESHOLDS,
        declinePercent: 5,
      }),
    ).toBe('MENURUN');
    // Two-report groups in a 3-month window.
    const t = { growthPercent: 10, declinePercent: 10, windowMonths: 3, minReports: 2 };
    expect(status(series('2025-09', [1e6, 1e6, 2e6, 2e6]), t)).toBe('BERKEMBANG');
  });

  it('ignores reports after the current month', () => {
    const reports = [
      ...series('2025-09', [1e6, 1e6, 1e6, 1e6, 1e6, 1e6]),
      { period: '2025-10', netIncomeIdr: 0, open: false },
    ];
    expect(status(reports)).toBe('STAGNAN');
  });
});

describe('silentMonths', () => {
  it('counts complete months without a report before the current one', () => {
    expect(silentMonths('2025-09', '2025-01', TODAY)).toBe(0);
    expect(silentMonths('2025-08', '2025-01', TODAY)).toBe(0);
    expect(silentMonths('2025-07', '2025-01', TODAY)).toBe(1);
    expect(silentMonths('2025-06', '2025-01', TODAY)).toBe(2);
  });
  it('counts from the start month when nothing was reported, never before it', () => {
    expect(silentMonths(null, '2025-09', TODAY)).toBe(0);
    expect(silentMonths(null, '2025-08', TODAY)).toBe(1);
    expect(silentMonths(null, '2025-06', TODAY)).toBe(3);
  });
});

describe('meetsGraduationRule', () => {
  const rule = { minNetIncomeIdr: 1_500_000, months: 6 };
  it('needs the latest 6 consecutive months at or above the minimum', () => {
    expect(meetsGraduationRule(series('2025-08', [1e6, 1.5e6, 1.6e6, 1.7e6, 1.8e6, 1.9e6, 2e6]), rule)).toBe(true);
    expect(meetsGraduationRule(series('2025-08', [1.5e6, 1.6e6, 1.7e6, 1.8e6, 1.9e6]), rule)).toBe(false);
    expect(meetsGraduationRule(series('2025-08', [1.6e6, 1.6e6, 1_499_999, 1.8e6, 1.9e6, 2e6]), rule)).toBe(false);
  });
  it('a gap or a closed month breaks the run', () => {
    const gap = series('2025-08', [2e6, 2e6, 2e6, 2e6, 2e6, 2e6]).filter((r) => r.period !== '2025-05');
    gap.unshift({ period: '2025-02', netIncomeIdr: 2e6, open: true });
    expect(meetsGraduationRule(gap, rule)).toBe(false);
    const closed = series('2025-08', [2e6, 2e6, 2e6, 2e6, 2e6, 2e6]);
    closed[2] = { ...closed[2], open: false };
    expect(meetsGraduationRule(closed, rule)).toBe(false);
  });
});
