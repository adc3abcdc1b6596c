import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededOrganizationId } from '../src/common/ids';
import { analyticsQuery, figure, roles } from './helpers/analytics-fixture';
import { MarketplaceFixture } from './helpers/analytics-fixture-marketplace';
import { linesWithOneSuppressed } from './helpers/analytics-fixture-referrals';
import { ensurePartnerOrganization, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * The marketplace report against a small fixed data set; every figure is summed by hand from the sales below.
 * Sellers: an NGO in Kota Kediri district 357101 and Dinas Sosial Nganjuk (3518).
 */
describe('analytics: marketplace report', () => {
  let t: TestApp;
  let analyst: TestPrincipal;
  let officer: TestPrincipal;
  const kediriOffice = seededOrganizationId('DINSOS-3571');
  const province = seededOrganizationId('DINSOS-35');
  const nganjuk = seededOrganizationId('DINSOS-3518');

  beforeAll(async () => {
    t = await createTestApp();
    ({ analyst, officer } = await roles(t));
    const fx = new MarketplaceFixture(t);
    const ngo = await ensurePartnerOrganization(t, 'TEST-NGO-KEDIRI', '3571011010');
    const keset = await fx.product(ngo, 'KESET');
    const kuliner = await fx.product(ngo, 'KULINER');
    const tekstil = await fx.product(nganjuk, 'TEKSTIL');
    const fromNgo = (buyerId: string, paidOn: string, lines: Array<[string, number, number]>, status?: string) =>
      fx.order({ buyerId, sellerId: ngo, paidOn, lines, status });
    // Paid orders to the NGO: Dinas Sosial Kota Kediri (REGENCY_OFFICE) and the province office (PROVINCIAL_OFFICE).
    await fromNgo(kediriOffice, '2025-02-15', [
      [keset, 2, 100_000],
      [kuliner, 5, 50_000],
    ]);
    await fromNgo(kediriOffice, '2025-03-01', [[keset, 1, 50_000]]);
    await fromNgo(province, '2025-04-10', [[keset, 3, 150_000]]);
    await fromNgo(province, '2025-05-01', [[keset, 1, 50_000]]);
    await fromNgo(kediriOffice, '2025-06-01', [[keset, 2, 100_000]]);
    // Not counted: delivered but not paid, and paid in 2024.
    await fromNgo(kediriOffice, '2025-06-01', [[keset, 9, 450_000]], 'DELIVERED');
    await fromNgo(kediriOffice, '2024-12-20', [[keset, 9, 450_000]]);
    // Nganjuk sells one piece of cloth to Kediri's office.
    await fx.order({ buyerId: kediriOffice, sellerId: nganjuk, paidOn: '2025-07-01', lines: [[tekstil, 1, 75_000]] });
    // A bazaar: two sales of the NGO's food.
    const bazaar = await fx.event(kediriOffice, '3571011001', '2025-08-17');
    await fx.eventSale(bazaar, kuliner, 10, 200_000, '2025-08-17');
    await fx.eventSale(bazaar, kuliner, 4, 80_000, '2025-08-18');
  });

  afterAll(() => t.close());

  const marketplace = (who: TestPrincipal, selection: string, filter?: string) =>
    analyticsQuery(t, who, `marketplace { ${selection} }`, filter).then(
      (a) => a.marketplace as Record<string, unknown>,
    );
  const FIGURES = `sales { value suppressed } items { value suppressed } revenueIdr { value suppressed }`;
  const values = (rows: unknown, match: Record<string, unknown>) =>
    ['sales', 'items', 'revenueIdr'].map((m) => figure(rows, match, m).value);

  it('sums sales by product category and by buyer type per area of the seller, exactly, for a province officer', async () => {
    const r = await marketplace(
      officer,
      `byCategory { regionCode regionName category ${FIGURES} } byBuyerType { regionCode buyerType ${FIGURES} }`,
    );
    // KESET: 2+1+3+1+2 items in 5 sales, Rp 450,000; KULINER: 5 + 10 + 4 items in 3 sales, Rp 330,000.
    expect(values(r.byCategory, { regionCode: '3571', category: 'KESET' })).toEqual([5, 9, 450_000]);
    expect(values(r.byCategory, { regionCode: '3571', category: 'KULINER' })).toEqual([3, 19, 330_000]);
    expect(values(r.byCategory, { regionCode: '3518', category: 'TEKSTIL' })).toEqual([1, 1, 75_000]);
    expect(values(r.byCategory, { regionCode: '3501', category: 'KESET' })).toEqual([0, 0, 0]);
    expect(values(r.byBuyerType, { regionCode: '3571', buyerType: 'REGENCY_OFFICE' })).toEqual([4, 10, 300_000]);
    expect(values(r.byBuyerType, { regionCode: '3571', buyerType: 'PROVINCIAL_OFFICE' })).toEqual([2, 4, 200_000]);
    expect(values(r.byBuyerType, { regionCode: '3571', buyerType: 'EVENT_VISITOR' })).toEqual([2, 14, 280_000]);
    expect(values(r.byBuyerType, { regionCode: '3518', buyerType: 'REGENCY_OFFICE' })).toEqual([1, 1, 75_000]);
    expect(new Set((r.byCategory as { regionCode: string }[]).map((row) => row.regionCode)).size).toBe(38);
  });

  it('drills down to the district of the seller', async () => {
    const r = await marketplace(
      officer,
      `byCategory { regionCode category sales { value } }`,
      `{ region: "3571", from: "2025-01-01", to: "2025-12-31" }`,
    );
    expect(figure(r.byCategory, { regionCode: '357101', category: 'KESET' }, 'sales').value).toBe(5);
    expect(figure(r.byCategory, { regionCode: '357102', category: 'KESET' }, 'sales').value).toBe(0);
    expect((r.byCategory as { category: string }[]).some((c) => c.category === 'TEKSTIL')).toBe(false);
  });

  it('gives sales as a time series', async () => {
    const r = await marketplace(
      officer,
      `series(measure: SALES) { period value }`,
      `{ region: "35", from: "2025-01-01", to: "2025-12-31", granularity: QUARTER }`,
    );
    expect((r.series as { period: string; value: number }[]).map((p) => `${p.period}=${p.value}`)).toEqual([
      '2025-Q1=3',
      '2025-Q2=3',
      '2025-Q3=3',
      '2025-Q4=0',
    ]);
  });

  it('suppresses small counts for an analyst, with their Rupiah and the cells that give them away', async () => {
    const r = await marketplace(analyst, `byCategory { regionCode category ${FIGURES} }`);
    const rows = r.byCategory as Record<string, unknown>[];
    const hidden = { value: null, suppressed: true };
    // KULINER's 3 sales are primary, with their items and Rupiah; KESET's 5 would give them away (the regency's
    // total is published elsewhere), so it goes too.
    expect(figure(rows, { regionCode: '3571', category: 'KULINER' }, 'revenueIdr')).toEqual(hidden);
    expect(figure(rows, { regionCode: '3571', category: 'KULINER' }, 'items')).toEqual(hidden);
    expect(figure(rows, { regionCode: '3571', category: 'KESET' }, 'sales')).toEqual(hidden);
    expect(figure(rows, { regionCode: '3518', category: 'TEKSTIL' }, 'revenueIdr')).toEqual(hidden);
    for (const measure of ['sales', 'items', 'revenueIdr'])
      expect(linesWithOneSuppressed(rows, ['regionCode', 'category'], measure)).toEqual([]);
  });

  it('answers its documented query (docs/analytics-queries/marketplace.graphql) for an analyst, within the GraphQL limits', async () => {
    const query = readFileSync(join(__dirname, '../docs/analytics-queries/marketplace.graphql'), 'utf8');
    const res = await t.http.post('/graphql').set(analyst.auth).send({ query }).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.analytics.marketplace).toBeTruthy();
  });
});
