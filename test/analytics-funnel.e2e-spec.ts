import { BusinessStatusRefresher } from '../src/analytics/business-status.refresher';
import { AnalyticsFixture, analyticsQuery, figure, roles } from './helpers/analytics-fixture';
import { GrantsFixture } from './helpers/analytics-fixture-grants';
import { TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * The funnel report against a small fixed data set, period 2024–2025 (cohorts 2024 and 2025); every expected figure
 * is counted by hand from the people below (Kota Kediri 3571: districts 357101 and 357102; Kab. Nganjuk 3518).
 */
describe('analytics: funnel report', () => {
  let t: TestApp;
  let analyst: TestPrincipal;
  let officer: TestPrincipal;
  const KEDIRI_A = '3571011001';
  const KEDIRI_B = '3571021001';
  const NGANJUK = '3518012001';
  const FILTER = `{ region: "35", from: "2024-01-01", to: "2025-12-31", granularity: YEAR }`;
  const M = 1_000_000;

  beforeAll(async () => {
    t = await createTestApp();
    ({ analyst, officer } = await roles(t));
    const fx = new AnalyticsFixture(t);
    const gx = new GrantsFixture(t);
    const kediri = await gx.budget('3571', 2024, 100 * M, 5 * M, 5 * M);
    const kediri25 = await gx.budget('3571', 2025, 100 * M, 10 * M, 0);

    // P1: discharged 2024, every stage: after-care, training, grant, a growing business, MANDIRI.
    const p1 = await fx.person({ village: KEDIRI_A });
    await fx.residence(p1, { admittedOn: '2023-06-01', dischargedOn: '2024-03-10' });
    await fx.communityCase(p1, { openedOn: '2024-03-10', closedOn: '2025-11-30', outcome: 'MANDIRI' });
    await gx.training(p1, { endsOn: '2024-06-30', sessions: 4, attended: 4 });
    const g1 = await gx.grant(p1, {
      regency: '3571',
      year: 2024,
      status: 'DISBURSED',
      budgetId: kediri,
      approvedAt: '2024-08-01T03:00:00Z',
      disbursedOn: '2024-08-10',
    });
    await gx.business(p1, {
      village: KEDIRI_A,
      grantId: g1,
      startDate: '2025-07-01',
      incomes: [M, M, M, 2 * M, 2 * M, 2 * M],
    }); // BERKEMBANG in December 2025
    // P2: admitted and discharged 2024; after-care; half the sessions (not trained); a grant; a stagnant business.
    const p2 = await fx.person({ village: KEDIRI_A });
    await fx.residence(p2, { admittedOn: '2024-02-01', dischargedOn: '2024-09-01' });
    await fx.communityCase(p2, { openedOn: '2024-09-15' });
    await gx.training(p2, { endsOn: '2024-11-30', sessions: 4, attended: 2 });
    const g2 = await gx.grant(p2, {
      regency: '3571',
      year: 2025,
      status: 'APPROVED',
      budgetId: kediri25,
      approvedAt: '2025-01-20T03:00:00Z',
    });
    await gx.business(p2, { village: KEDIRI_A, grantId: g2, startDate: '2025-01-01', incomes: Array(12).fill(M) });
    // P3: admitted 2024, discharged 2025; a community case before the discharge (not after-care); trained at 75 %.
    const p3 = await fx.person({ village: KEDIRI_A });
    await fx.residence(p3, { admittedOn: '2024-05-01', dischargedOn: '2025-02-01' });
    await fx.communityCase(p3, { openedOn: '2024-01-01', closedOn: '2024-04-30', outcome: 'OTHER' });
    await gx.training(p3, { endsOn: '2025-04-30', sessions: 4, attended: 3 });
    // P4: admitted and discharged 2025, after-care; a grant only proposed; MANDIRI after the period.
    const p4 = await fx.person({ village: KEDIRI_A });
    await fx.residence(p4, { admittedOn: '2025-01-10', dischargedOn: '2025-06-01' });
    await fx.communityCase(p4, { openedOn: '2025-06-05', closedOn: '2026-01-10', outcome: 'MANDIRI' });
    await gx.grant(p4, { regency: '3571', year: 2025, status: 'SUBMITTED' });
    // P5: admitted 2025, still in.
    const p5 = await fx.person({ village: KEDIRI_A });
    await fx.residence(p5, { admittedOn: '2025-03-01' });
    // P6: two stays; the cohort is the first discharge (2024), admitted once in 2024, after-care after the second.
    const p6 = await fx.person({ village: KEDIRI_A });
    await fx.residence(p6, { admittedOn: '2024-01-05', dischargedOn: '2024-04-01' });
    await fx.residence(p6, { admittedOn: '2024-06-01', dischargedOn: '2025-03-01' });
    await fx.communityCase(p6, { openedOn: '2025-03-05' });
    // P7: admitted and discharged 2025; a training ending after the period; a grant approved before the discharge.
    const p7 = await fx.person({ village: KEDIRI_A });
    await fx.residence(p7, { admittedOn: '2025-01-20', dischargedOn: '2025-08-01' });
    await gx.training(p7, { endsOn: '2026-01-15', sessions: 2, attended: 2 });
    await gx.grant(p7, {
      regency: '3571',
      year: 2025,
      status: 'APPROVED',
      budgetId: kediri25,
      approvedAt: '2025-07-01T03:00:00Z',
    });
    // N1 (Nganjuk): admitted 2024, discharged 2025, after-care closed MANDIRI in 2025.
    const n1 = await fx.person({ village: NGANJUK });
    await fx.residence(n1, { admittedOn: '2024-03-01', dischargedOn: '2025-05-01' });
    await fx.communityCase(n1, { office: 'DINSOS-3518', openedOn: '2025-05-02', closedOn: '2025-12-20' });
    // Five discharged-only people in each cohort (district 357102), admitted before the period.
    for (const year of [2024, 2025]) {
      for (let i = 0; i < 5; i++) {
        const e = await fx.person({ village: KEDIRI_B });
        await fx.residence(e, { admittedOn: '2023-01-01', dischargedOn: `${year}-07-01` });
      }
    }
    // Not counted: an erased person.
    const erased = await fx.person({ village: KEDIRI_A, status: 'ERASED' });
    await fx.residence(erased, { admittedOn: '2025-01-01', dischargedOn: '2025-02-01' });

    await t.app.get(BusinessStatusRefresher).refresh();
  });

  afterAll(() => t.close());

  const funnel = (who: TestPrincipal, selection: string, filter = FILTER) =>
    analyticsQuery(t, who, `funnel { ${selection} }`, filter).then((a) => a.funnel as Record<string, unknown>);
  const stages = (rows: unknown, match: Record<string, unknown>) =>
    (rows as Array<Record<string, unknown> & { stage: string; people: { value: number } }>)
      .filter((r) => Object.entries(match).every(([k, v]) => r[k] === v))
      .map((r) => `${r.stage}=${r.people.value}`);

  it('counts each cohort stage by stage, exactly, for a province officer', async () => {
    const r = await funnel(officer, `refreshedAt byCohort { cohortYear stage people { value suppressed } }`);
    expect(r.refreshedAt).toEqual(expect.any(String));
    expect(stages(r.byCohort, { cohortYear: 2024 })).toEqual([
      'ADMITTED=4',
      'DISCHARGED=8',
      'IN_AFTERCARE=3',
      'TRAINED=1',
      'GRANTED=2',
      'GROWING=1',
      'MANDIRI=1',
    ]);
    expect(stages(r.byCohort, { cohortYear: 2025 })).toEqual([
      'ADMITTED=3',
      'DISCHARGED=9',
      'IN_AFTERCARE=2',
      'TRAINED=1',
      'GRANTED=0',
      'GROWING=0',
      'MANDIRI=1',
    ]);
  });

  it('breaks the stages down by regency, and drills down to districts', async () => {
    const r = await funnel(officer, `byArea { regionCode regionName stage people { value } }`);
    expect(stages(r.byArea, { regionCode: '3571' })).toEqual([
      'ADMITTED=6',
      'DISCHARGED=16',
      'IN_AFTERCARE=4',
      'TRAINED=2',
      'GRANTED=2',
      'GROWING=1',
      'MANDIRI=1',
    ]);
    expect(stages(r.byArea, { regionCode: '3518' })).toEqual([
      'ADMITTED=1',
      'DISCHARGED=1',
      'IN_AFTERCARE=1',
      'TRAINED=0',
      'GRANTED=0',
      'GROWING=0',
      'MANDIRI=1',
    ]);
    expect((r.byArea as unknown[]).length).toBe(38 * 7);
    const d = await funnel(
      officer,
      `byArea { regionCode stage people { value } }`,
      `{ region: "3571", from: "2024-01-01", to: "2025-12-31" }`,
    );
    expect(stages(d.byArea, { regionCode: '357101' })).toEqual([
      'ADMITTED=6',
      'DISCHARGED=6',
      'IN_AFTERCARE=4',
      'TRAINED=2',
      'GRANTED=2',
      'GROWING=1',
      'MANDIRI=1',
    ]);
    expect(stages(d.byArea, { regionCode: '357102', stage: 'DISCHARGED' })).toEqual(['DISCHARGED=10']);
  });

  it('gives discharges and MANDIRI closures per period (people, once per period)', async () => {
    const values = async (measure: string) => {
      const r = await funnel(officer, `series(measure: ${measure}) { period value }`);
      return (r.series as { period: string; value: number }[]).map((p) => `${p.period}=${p.value}`);
    };
    // 2025: P3, P4, P7, N1, the five, and P6's second discharge.
    expect(await values('DISCHARGED')).toEqual(['2024=8', '2025=10']);
    expect(await values('MANDIRI')).toEqual(['2024=0', '2025=2']);
  });

  it('suppresses small counts for an analyst, and the zero that would give one away', async () => {
    const r = await funnel(analyst, `byCohort { cohortYear stage people { value suppressed } }`);
    const cell = (cohortYear: number, stage: string) => figure(r.byCohort, { cohortYear, stage }, 'people');
    expect(cell(2024, 'DISCHARGED')).toEqual({ value: 8, suppressed: false });
    expect(cell(2025, 'DISCHARGED')).toEqual({ value: 9, suppressed: false });
    for (const stage of ['ADMITTED', 'IN_AFTERCARE', 'TRAINED', 'GRANTED', 'GROWING', 'MANDIRI'])
      expect(cell(2024, stage)).toEqual({ value: null, suppressed: true });
    // 2025 GRANTED is 0, but the 2024 figure (2) would follow from the two-year total: hidden too.
    expect(cell(2025, 'GRANTED')).toEqual({ value: null, suppressed: true });
    expect(cell(2025, 'GROWING')).toEqual({ value: null, suppressed: true });
  });
});
