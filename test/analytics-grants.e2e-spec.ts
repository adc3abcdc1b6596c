import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusinessStatusRefresher } from '../src/analytics/business-status.refresher';
import { AnalyticsFixture, analyticsQuery, figure, roles } from './helpers/analytics-fixture';
import { GrantsFixture } from './helpers/analytics-fixture-grants';
import { TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * The grants report against a small fixed data set; every expected figure is computed by hand from the rows below
 * (Kota Kediri 3571: districts 357101 and 357102; Kab. Nganjuk 3518; Kota Madiun 3577). Growth statuses are read
 * at December 2025 (the filter ends 2025-12-31) with the default thresholds (6-month window, 3 reports, ±10 %).
 */
describe('analytics: grants report', () => {
  let t: TestApp;
  let analyst: TestPrincipal;
  let officer: TestPrincipal;
  let fx: AnalyticsFixture;
  let gx: GrantsFixture;
  const KEDIRI_A = '3571011001';
  const KEDIRI_B = '3571021001';
  const NGANJUK = '3518012001';
  const MADIUN = '3577011001';
  const M = 1_000_000;
  const flat = (n: number, v = M) => Array<number>(n).fill(v);

  beforeAll(async () => {
    t = await createTestApp();
    ({ analyst, officer } = await roles(t));
    fx = new AnalyticsFixture(t);
    gx = new GrantsFixture(t);
    const k: string[] = [];
    for (let i = 0; i < 5; i++) k.push(await fx.person({ village: KEDIRI_A }));
    for (let i = 0; i < 2; i++) k.push(await fx.person({ village: KEDIRI_B }));
    for (let i = 0; i < 2; i++) k.push(await fx.person({ village: KEDIRI_A })); // k[7], k[8]: no grant
    const n: string[] = [];
    for (let i = 0; i < 3; i++) n.push(await fx.person({ village: NGANJUK }));
    const m: string[] = [];
    for (let i = 0; i < 3; i++) m.push(await fx.person({ village: MADIUN }));

    // Budgets as the grants below commit and disburse them; Kediri 2024 is outside the period.
    const kediri = await gx.budget('3571', 2025, 100 * M, 29 * M, 14 * M);
    const kediri24 = await gx.budget('3571', 2024, 80 * M, 4 * M, 4 * M);
    const nganjuk = await gx.budget('3518', 2025, 50 * M, 10 * M, 5 * M);
    const approved = (budgetId: string, approvedAt: string) => ({ budgetId, approvedAt });
    const g1 = await gx.grant(k[0], {
      regency: '3571',
      year: 2025,
      status: 'DISBURSED',
      ...approved(kediri, '2025-02-10T03:00:00Z'),
      items: [
        { kind: 'SEWING_MACHINE', quantity: 1, unitValueIdr: 3 * M },
        { kind: 'MATERIALS', quantity: 2, unitValueIdr: M / 2 },
      ],
    });
    const g2 = await gx.grant(k[1], {
      regency: '3571',
      year: 2025,
      status: 'DISBURSED',
      ...approved(kediri, '2025-02-20T03:00:00Z'),
    });
    const g3 = await gx.grant(k[2], {
      regency: '3571',
      year: 2025,
      status: 'DISBURSED',
      ...approved(kediri, '2025-04-05T03:00:00Z'),
      items: [{ kind: 'SEWING_MACHINE', quantity: 1, unitValueIdr: 3 * M }],
    });
    const g4 = await gx.grant(k[3], {
      regency: '3571',
      year: 2025,
      status: 'APPROVED',
      ...approved(kediri, '2025-05-01T03:00:00Z'),
    });
    // 18:00 UTC on 30 June is 1 July in WIB: the third quarter.
    const g5 = await gx.grant(k[4], {
      regency: '3571',
      year: 2025,
      status: 'APPROVED',
      ...approved(kediri, '2025-06-30T18:00:00Z'),
    });
    const g6 = await gx.grant(k[5], {
      regency: '3571',
      year: 2025,
      status: 'DISBURSED',
      ...approved(kediri, '2025-03-03T03:00:00Z'),
      items: [{ kind: 'TOOLS', quantity: 2, unitValueIdr: M }],
    });
    await gx.grant(k[6], { regency: '3571', year: 2025, status: 'REJECTED' });
    await gx.grant(k[6], {
      regency: '3571',
      year: 2024,
      status: 'DISBURSED',
      ...approved(kediri24, '2024-06-01T03:00:00Z'),
      items: [{ kind: 'CASH', quantity: 1, unitValueIdr: 4 * M }],
    });
    const g10 = await gx.grant(n[0], {
      regency: '3518',
      year: 2025,
      status: 'DISBURSED',
      ...approved(nganjuk, '2025-08-01T03:00:00Z'),
    });
    const g11 = await gx.grant(n[1], {
      regency: '3518',
      year: 2025,
      status: 'APPROVED',
      ...approved(nganjuk, '2025-09-01T03:00:00Z'),
    });
    // Paid from Kediri's budget to someone living in Nganjuk: Kediri's at province level, in no Kediri district.
    await gx.grant(n[2], {
      regency: '3571',
      year: 2025,
      status: 'APPROVED',
      ...approved(kediri, '2025-10-01T03:00:00Z'),
    });
    await gx.grant(k[7], { regency: '3571', year: 2025, status: 'SUBMITTED' });

    // Businesses and their statuses in December 2025 (and since when).
    await gx.business(k[0], { village: KEDIRI_A, grantId: g1, startDate: '2025-01-02', incomes: flat(12) }); // STAGNAN since 2025-04
    await gx.business(k[1], {
      village: KEDIRI_A,
      grantId: g2,
      startDate: '2025-01-02',
      incomes: [...flat(6), ...flat(6, 2 * M)],
    }); // STAGNAN 04-06, BERKEMBANG 07-11, STAGNAN since 2025-12
    await gx.business(k[2], {
      village: KEDIRI_A,
      grantId: g3,
      startDate: '2025-01-02',
      incomes: [...flat(6), 1.2 * M, 1.4 * M, 1.6 * M, 1.8 * M, 2 * M, 2.2 * M],
    }); // BERKEMBANG from 2025-09
    await gx.business(k[3], {
      village: KEDIRI_A,
      grantId: g4,
      startDate: '2025-01-02',
      incomes: [...flat(5), 0],
      closedLast: true,
    }); // TUTUP from 2025-06
    await gx.business(k[4], {
      village: KEDIRI_A,
      grantId: g5,
      startDate: '2025-10-01',
      incomes: flat(2, M / 2),
    }); // BELUM_CUKUP_DATA
    await gx.business(k[5], { village: KEDIRI_B, grantId: g6, startDate: '2025-03-01', incomes: flat(10, 1.5 * M) }); // STAGNAN since 2025-06
    await gx.business(k[6], {
      village: KEDIRI_B,
      startDate: '2025-07-01',
      incomes: [...flat(3, 2 * M), ...flat(3)],
    }); // MENURUN at 2025-12
    for (const p of [k[7], k[8]])
      await gx.business(p, { village: KEDIRI_A, startDate: '2024-01-01', incomes: flat(24, 0.8 * M) }); // STAGNAN since 2024-04
    await gx.business(n[0], { village: NGANJUK, grantId: g10, startDate: '2025-01-01', incomes: flat(12) }); // since 2025-04
    await gx.business(n[1], { village: NGANJUK, grantId: g11, startDate: '2025-06-01', incomes: flat(7) }); // since 2025-09
    for (const p of m) await gx.business(p, { village: MADIUN, startDate: '2025-01-01', incomes: flat(12) }); // since 2025-04
  });

  afterAll(() => t.close());

  const grants = (who: TestPrincipal, selection: string, filter?: string) =>
    analyticsQuery(t, who, `grants { ${selection} }`, filter).then((a) => a.grants as Record<string, unknown>);
  const row = (rows: unknown, match: Record<string, unknown>) =>
    (rows as Record<string, unknown>[]).find((r) => Object.entries(match).every(([key, v]) => r[key] === v));

  it('has no statuses before the first refresh, and says so; the refresh dates them', async () => {
    const before = await grants(officer, `refreshedAt stagnation { regionCode stagnant { value } }`);
    expect(before.refreshedAt).toBeNull();
    expect(figure(before.stagnation, { regionCode: '3571' }, 'stagnant').value).toBe(0);
    const result = await t.app.get(BusinessStatusRefresher).refresh();
    expect(result.businesses).toBe(14);
    const after = await grants(officer, `refreshedAt`);
    expect(after.refreshedAt).toBe(result.refreshedAt.toISOString());
    const funnel = await analyticsQuery(t, officer, `funnel { refreshedAt }`);
    expect(funnel.funnel).toEqual({ refreshedAt: result.refreshedAt.toISOString() });
  });

  it('counts grants and Rupiah per regency and year, exactly, for a province officer', async () => {
    const r = await grants(
      officer,
      `grantsByYear { regionCode regionName year approved { value } approvedIdr { value } disbursed { value } disbursedIdr { value } }`,
    );
    expect(row(r.grantsByYear, { regionCode: '3571', year: 2025 })).toEqual({
      regionCode: '3571',
      regionName: expect.any(String),
      year: 2025,
      approved: { value: 7 },
      approvedIdr: { value: 29 * M },
      disbursed: { value: 4 },
      disbursedIdr: { value: 14 * M },
    });
    expect(row(r.grantsByYear, { regionCode: '3518', year: 2025 })).toMatchObject({
      approved: { value: 2 },
      approvedIdr: { value: 10 * M },
      disbursed: { value: 1 },
      disbursedIdr: { value: 5 * M },
    });
    expect(row(r.grantsByYear, { regionCode: '3577', year: 2025 })).toMatchObject({ approved: { value: 0 } });
    expect(row(r.grantsByYear, { year: 2024 })).toBeUndefined();
    expect((r.grantsByYear as unknown[]).length).toBe(38);
  });

  it('breaks approved grants down by item kind', async () => {
    const r = await grants(
      officer,
      `grantItems { regionCode year kind grants { value } quantity { value } valueIdr { value } }`,
    );
    const kind = (regionCode: string, k: string) => row(r.grantItems, { regionCode, year: 2025, kind: k });
    expect(kind('3571', 'SEWING_MACHINE')).toMatchObject({
      grants: { value: 2 },
      quantity: { value: 2 },
      valueIdr: { value: 6 * M },
    });
    expect(kind('3571', 'MATERIALS')).toMatchObject({
      grants: { value: 1 },
      quantity: { value: 2 },
      valueIdr: { value: M },
    });
    expect(kind('3571', 'CASH')).toMatchObject({
      grants: { value: 4 },
      quantity: { value: 4 },
      valueIdr: { value: 20 * M },
    });
    expect(kind('3571', 'TOOLS')).toMatchObject({
      grants: { value: 1 },
      quantity: { value: 2 },
      valueIdr: { value: 2 * M },
    });
    expect(kind('3518', 'CASH')).toMatchObject({ grants: { value: 2 }, valueIdr: { value: 10 * M } });
    expect(kind('3518', 'TOOLS')).toMatchObject({ grants: { value: 0 } });
  });

  it('reports budget use per regency, with the allocation never suppressed', async () => {
    const sel = `budgetUse { regencyCode regencyName year allocatedIdr { value suppressed } grants { value suppressed }
      committedIdr { value suppressed } disbursed { value } disbursedIdr { value } usePercent { value suppressed } }`;
    const r = await grants(officer, sel);
    expect(r.budgetUse).toEqual([
      {
        regencyCode: '3518',
        regencyName: expect.any(String),
        year: 2025,
        allocatedIdr: { value: 50 * M, suppressed: false },
        grants: { value: 2, suppressed: false },
        committedIdr: { value: 10 * M, suppressed: false },
        disbursed: { value: 1 },
        disbursedIdr: { value: 5 * M },
        usePercent: { value: 20, suppressed: false },
      },
      {
        regencyCode: '3571',
        regencyName: expect.any(String),
        year: 2025,
        allocatedIdr: { value: 100 * M, suppressed: false },
        grants: { value: 7, suppressed: false },
        committedIdr: { value: 29 * M, suppressed: false },
        disbursed: { value: 4 },
        disbursedIdr: { value: 14 * M },
        usePercent: { value: 29, suppressed: false },
      },
    ]);
    // Analyst: Nganjuk's 2 grants are primary, Kediri's 7 would give them away (a line of two regencies); the
    // amounts and the percentage go with them; the allocation stays.
    const a = await grants(analyst, sel);
    const kediri = row(a.budgetUse, { regencyCode: '3571' })!;
    const nganjuk = row(a.budgetUse, { regencyCode: '3518' })!;
    for (const b of [kediri, nganjuk]) {
      expect(b.grants).toEqual({ value: null, suppressed: true });
      expect(b.committedIdr).toEqual({ value: null, suppressed: true });
      expect(b.usePercent).toEqual({ value: null, suppressed: true });
    }
    expect(kediri.allocatedIdr).toEqual({ value: 100 * M, suppressed: false });
    // A district filter shows its regency's budget.
    const d = await grants(
      officer,
      `budgetUse { regencyCode year }`,
      `{ region: "357102", from: "2025-01-01", to: "2025-12-31" }`,
    );
    expect(d.budgetUse).toEqual([{ regencyCode: '3571', year: 2025 }]);
  });

  it('answers "which regencies are stagnating, and since when" in one query', async () => {
    const query = `stagnation { regionCode businesses { value suppressed } stagnant { value suppressed }
        stagnantSixMonths { value suppressed } stagnantSince { value suppressed } }
      series(measure: STAGNANT_BUSINESSES, byRegion: true) { period regionCode value suppressed }`;
    const filter = `{ region: "35", from: "2025-01-01", to: "2025-12-31", granularity: QUARTER }`;
    const r = await grants(officer, query, filter);
    expect(row(r.stagnation, { regionCode: '3571' })).toEqual({
      regionCode: '3571',
      businesses: { value: 9, suppressed: false },
      stagnant: { value: 5, suppressed: false },
      stagnantSixMonths: { value: 4, suppressed: false },
      // Since 202404, 202404, 202504, 202506, 202512: the median is the third.
      stagnantSince: { value: 202504, suppressed: false },
    });
    expect(row(r.stagnation, { regionCode: '3518' })).toMatchObject({
      stagnant: { value: 2 },
      stagnantSixMonths: { value: 1 },
      stagnantSince: { value: 202504 },
    });
    expect(row(r.stagnation, { regionCode: '3577' })).toMatchObject({
      stagnant: { value: 3 },
      stagnantSixMonths: { value: 3 },
    });
    const points = (code: string) =>
      (r.series as { period: string; regionCode: string; value: number }[])
        .filter((p) => p.regionCode === code)
        .map((p) => `${p.period}=${p.value}`);
    expect(points('3571')).toEqual(['2025-Q1=2', '2025-Q2=6', '2025-Q3=4', '2025-Q4=5']);
    expect(points('3518')).toEqual(['2025-Q1=0', '2025-Q2=1', '2025-Q3=2', '2025-Q4=2']);
    expect(points('3577')).toEqual(['2025-Q1=0', '2025-Q2=3', '2025-Q3=3', '2025-Q4=3']);
    expect((r.series as unknown[]).length).toBe(4 * 38);

    // Analyst: Nganjuk's 2 and Madiun's 3 are hidden, Kediri's 5 and its month stay (two hidden cells protect each
    // other in the line of regencies).
    const a = await grants(analyst, query, filter);
    expect(row(a.stagnation, { regionCode: '3571' })).toMatchObject({
      stagnant: { value: 5, suppressed: false },
      stagnantSince: { value: 202504, suppressed: false },
      stagnantSixMonths: { value: null, suppressed: true },
    });
    expect(row(a.stagnation, { regionCode: '3518' })).toMatchObject({
      businesses: { value: null, suppressed: true },
      stagnant: { value: null, suppressed: true },
      stagnantSince: { value: null, suppressed: true },
    });
    expect(row(a.stagnation, { regionCode: '3577' })).toMatchObject({ stagnant: { value: null, suppressed: true } });
  });

  it('gives the business and grant series in total', async () => {
    const filter = `{ region: "35", from: "2025-01-01", to: "2025-12-31", granularity: QUARTER }`;
    const values = async (measure: string) => {
      const r = await grants(officer, `series(measure: ${measure}) { period value }`, filter);
      return (r.series as { period: string; value: number }[]).map((p) => `${p.period}=${p.value}`);
    };
    expect(await values('STAGNANT_BUSINESSES')).toEqual(['2025-Q1=2', '2025-Q2=10', '2025-Q3=9', '2025-Q4=10']);
    expect(await values('GROWING_BUSINESSES')).toEqual(['2025-Q1=0', '2025-Q2=0', '2025-Q3=2', '2025-Q4=1']);
    expect(await values('GRANTS_APPROVED')).toEqual(['2025-Q1=3', '2025-Q2=2', '2025-Q3=3', '2025-Q4=1']);
  });

  it('distributes growth statuses by regency and grant year', async () => {
    const r = await grants(officer, `growthStatus { regionCode grantYear status businesses { value } }`);
    const n = (regionCode: string, grantYear: number | null, status: string) =>
      figure(r.growthStatus, { regionCode, grantYear, status }, 'businesses').value;
    expect(n('3571', 2025, 'STAGNAN')).toBe(3);
    expect(n('3571', 2025, 'BERKEMBANG')).toBe(1);
    expect(n('3571', 2025, 'TUTUP')).toBe(1);
    expect(n('3571', 2025, 'BELUM_CUKUP_DATA')).toBe(1);
    expect(n('3571', null, 'MENURUN')).toBe(1);
    expect(n('3571', null, 'STAGNAN')).toBe(2);
    expect(n('3518', 2025, 'STAGNAN')).toBe(2);
    expect(n('3577', null, 'STAGNAN')).toBe(3);
    expect(n('3501', 2025, 'STAGNAN')).toBe(0);
  });

  it('averages each business over the months of the period only, not its reports before', async () => {
    const sel = `netIncome { regionCode grantYear businesses { value } medianNetIncomeIdr { value } }`;
    const r = await grants(officer, sel, `{ region: "35", from: "2025-07-01", to: "2025-12-31" }`);
    const kediri = (r.netIncome as Record<string, unknown>[]).find(
      (x) => x.regionCode === '3571' && x.grantYear === 2025,
    );
    // July to December: 0.5 (k4), 1 (k0), 1.5 (k5), 1.7 (k2: 1.2 … 2.2), 2 million (k1); k3 closed in June.
    expect(kediri).toMatchObject({ businesses: { value: 5 }, medianNetIncomeIdr: { value: 1_500_000 } });
  });

  it('gives the median monthly net income per regency and grant year, suppressed with its count', async () => {
    const sel = `netIncome { regionCode grantYear businesses { value suppressed } medianNetIncomeIdr { value suppressed } }`;
    const r = await grants(officer, sel);
    const get = (rows: unknown, regionCode: string, grantYear: number | null) => row(rows, { regionCode, grantYear });
    // 0.5, 0.833…, 1, 1.35, 1.5, 1.5 million: the median is (1 + 1.35) / 2.
    expect(get(r.netIncome, '3571', 2025)).toMatchObject({
      businesses: { value: 6 },
      medianNetIncomeIdr: { value: 1_175_000 },
    });
    expect(get(r.netIncome, '3571', null)).toMatchObject({
      businesses: { value: 3 },
      medianNetIncomeIdr: { value: 800_000 },
    });
    expect(get(r.netIncome, '3518', 2025)).toMatchObject({
      businesses: { value: 2 },
      medianNetIncomeIdr: { value: M },
    });
    expect(get(r.netIncome, '3577', null)).toMatchObject({
      businesses: { value: 3 },
      medianNetIncomeIdr: { value: M },
    });
    // Analyst: Kediri's 6 would give Nganjuk's 2 away in the 2025 line: hidden, and its median with it.
    const a = await grants(analyst, sel);
    expect(get(a.netIncome, '3571', 2025)).toEqual({
      regionCode: '3571',
      grantYear: 2025,
      businesses: { value: null, suppressed: true },
      medianNetIncomeIdr: { value: null, suppressed: true },
    });
    expect(get(a.netIncome, '3518', 2025)).toMatchObject({ medianNetIncomeIdr: { value: null, suppressed: true } });
  });

  it('suppresses small grant counts and their Rupiah for an analyst, and the cell that would give one away', async () => {
    const r = await grants(
      analyst,
      `grantsByYear { regionCode year approved { value suppressed } approvedIdr { value suppressed } }`,
    );
    // Nganjuk 2 (primary), Kediri 7 (the line's only other positive cell), Rupiah with their counts.
    for (const code of ['3518', '3571']) {
      expect(row(r.grantsByYear, { regionCode: code, year: 2025 })).toMatchObject({
        approved: { value: null, suppressed: true },
        approvedIdr: { value: null, suppressed: true },
      });
    }
    expect(row(r.grantsByYear, { regionCode: '3577', year: 2025 })).toMatchObject({
      approved: { value: 0, suppressed: false },
    });
  });

  it('drills down to the districts of a regency', async () => {
    const filter = `{ region: "3571", from: "2025-01-01", to: "2025-12-31" }`;
    const r = await grants(
      officer,
      `grantsByYear { regionCode year approved { value } approvedIdr { value } }
       stagnation { regionCode businesses { value } stagnant { value } }`,
      filter,
    );
    // The grant to a Nganjuk resident paid by Kediri is in no Kediri district.
    expect(row(r.grantsByYear, { regionCode: '357101', year: 2025 })).toMatchObject({
      approved: { value: 5 },
      approvedIdr: { value: 22 * M },
    });
    expect(row(r.grantsByYear, { regionCode: '357102', year: 2025 })).toMatchObject({
      approved: { value: 1 },
      approvedIdr: { value: 2 * M },
    });
    expect(row(r.stagnation, { regionCode: '357101' })).toMatchObject({
      businesses: { value: 7 },
      stagnant: { value: 4 },
    });
    expect(row(r.stagnation, { regionCode: '357102' })).toMatchObject({
      businesses: { value: 2 },
      stagnant: { value: 1 },
    });
  });

  it('follows new reports only after the next refresh', async () => {
    // The Madiun businesses' December report rises by half: STAGNAN → BERKEMBANG? (1,1,1.5 vs 1,1,1 = +16.7 %).
    await t.sql(
      `UPDATE business_reports SET net_income_idr = 1500000
       WHERE period = '2025-12' AND business_id IN (SELECT id FROM businesses WHERE village_code = $1)`,
      [MADIUN],
    );
    const stagnant = async () =>
      figure(
        (await grants(officer, `stagnation { regionCode stagnant { value } }`)).stagnation,
        { regionCode: '3577' },
        'stagnant',
      ).value;
    expect(await stagnant()).toBe(3);
    const before = (await grants(officer, `refreshedAt`)).refreshedAt as string;
    const result = await t.app.get(BusinessStatusRefresher).refresh();
    expect(await stagnant()).toBe(0);
    const after = (await grants(officer, `refreshedAt`)).refreshedAt as string;
    expect(after).toBe(result.refreshedAt.toISOString());
    expect(after > before).toBe(true);
  });

  it.each(['funnel.graphql', 'grants.graphql', 'grants-stagnation.graphql'])(
    'the documented query %s runs for an analyst within the query limits',
    async (file) => {
      const query = readFileSync(join(__dirname, '..', 'docs', 'analytics-queries', file), 'utf8');
      const res = await t.http.post('/graphql').set(analyst.auth).send({ query }).expect(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.analytics.scope.suppression).toBe(true);
    },
  );
});
