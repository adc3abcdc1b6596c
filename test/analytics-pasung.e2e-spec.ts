import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalyticsFixture, analyticsQuery, figure, roles } from './helpers/analytics-fixture';
import { PasungFixture } from './helpers/analytics-fixture-pasung';
import { linesWithOneSuppressed } from './helpers/analytics-fixture-referrals';
import { TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * The Bebas Pasung report against a small fixed data set; every figure is read by hand from the timelines below
 * (Kota Kediri district 357101: A1–A6; Nganjuk: B1, B2).
 */
describe('analytics: Bebas Pasung report', () => {
  let t: TestApp;
  let analyst: TestPrincipal;
  let officer: TestPrincipal;
  const KEDIRI = '3571011001';
  const NGANJUK = '3518012001';

  beforeAll(async () => {
    t = await createTestApp();
    ({ analyst, officer } = await roles(t));
    const people = new AnalyticsFixture(t);
    const fx = new PasungFixture(t);
    const found = async (village: string, events: Array<[string, string]>) =>
      fx.pasungCase(await people.person({ village }), village, events);
    // A1: released in February, home in April, shackled again in August.
    await found(KEDIRI, [
      ['MASIH_TERPASUNG', '2024-11-01'],
      ['BEBAS_PASUNG', '2025-02-10'],
      ['KEMBALI_KE_KELUARGA', '2025-04-01'],
      ['REPASUNG', '2025-08-15'],
    ]);
    // A2: released in March, in care since.
    await found(KEDIRI, [
      ['MASIH_TERPASUNG', '2025-01-05'],
      ['BEBAS_PASUNG', '2025-03-01'],
      ['PERAWATAN', '2025-03-02'],
    ]);
    // A3: found in May, still shackled.
    await found(KEDIRI, [['MASIH_TERPASUNG', '2025-05-01']]);
    // A4: found re-shackled (an earlier release before the records), released and in rehabilitation on 1 June.
    await found(KEDIRI, [
      ['REPASUNG', '2025-02-01'],
      ['BEBAS_PASUNG', '2025-06-01'],
      ['REHABILITASI', '2025-06-01'],
    ]);
    // A5: released in 2024, died in October.
    await found(KEDIRI, [
      ['MASIH_TERPASUNG', '2024-06-01'],
      ['BEBAS_PASUNG', '2024-07-01'],
      ['MENINGGAL', '2025-10-01'],
    ]);
    // A6: released and shackled again the same day, 1 September.
    await found(KEDIRI, [
      ['MASIH_TERPASUNG', '2025-03-10'],
      ['BEBAS_PASUNG', '2025-09-01'],
      ['REPASUNG', '2025-09-01'],
    ]);
    // B1: released in May. B2: found in 2026, after the period.
    await found(NGANJUK, [
      ['MASIH_TERPASUNG', '2025-01-20'],
      ['BEBAS_PASUNG', '2025-05-05'],
    ]);
    await found(NGANJUK, [['MASIH_TERPASUNG', '2026-01-10']]);
  });

  afterAll(() => t.close());

  const pasung = (who: TestPrincipal, selection: string, filter?: string) =>
    analyticsQuery(t, who, `pasung { ${selection} }`, filter).then((a) => a.pasung as Record<string, unknown>);

  it('counts people by status at the end of the period per area, exactly, for a province officer', async () => {
    const r = await pasung(officer, `byStatus { regionCode regionName status people { value suppressed } }`);
    const kediri = (status: string) => figure(r.byStatus, { regionCode: '3571', status }, 'people').value;
    expect(kediri('REPASUNG')).toBe(2);
    expect(kediri('MASIH_TERPASUNG')).toBe(1);
    expect(kediri('PERAWATAN')).toBe(1);
    expect(kediri('REHABILITASI')).toBe(1);
    expect(kediri('MENINGGAL')).toBe(1);
    expect(kediri('BEBAS_PASUNG')).toBe(0);
    expect(figure(r.byStatus, { regionCode: '3518', status: 'BEBAS_PASUNG' }, 'people').value).toBe(1);
    expect(figure(r.byStatus, { regionCode: '3518', status: 'MASIH_TERPASUNG' }, 'people').value).toBe(0);
  });

  it('counts people by status at the end of each period', async () => {
    const r = await pasung(
      officer,
      `statusOverTime { period status people { value } }`,
      `{ region: "35", from: "2025-01-01", to: "2025-12-31", granularity: QUARTER }`,
    );
    const at = (period: string, status: string) => figure(r.statusOverTime, { period, status }, 'people').value;
    // 31 March: A6 and B1 shackled, A4 re-shackled, A1 and A5 freed, A2 in care.
    expect(at('2025-Q1', 'MASIH_TERPASUNG')).toBe(2);
    expect(at('2025-Q1', 'REPASUNG')).toBe(1);
    expect(at('2025-Q1', 'BEBAS_PASUNG')).toBe(2);
    expect(at('2025-Q1', 'PERAWATAN')).toBe(1);
    // 30 June: A4's release and rehabilitation the same day leave it in REHABILITASI.
    expect(at('2025-Q2', 'REHABILITASI')).toBe(1);
    expect(at('2025-Q2', 'REPASUNG')).toBe(0);
    expect(at('2025-Q4', 'MENINGGAL')).toBe(1);
    expect(at('2025-Q4', 'REPASUNG')).toBe(2);
  });

  it('gives the re-shackling rate of the people released within the period', async () => {
    const r = await pasung(
      officer,
      `reshackling { regionCode released { value } reshackled { value } reshacklingRate { value } }`,
    );
    // Kediri: A1, A2, A4, A6 released in 2025 (A5's release was in 2024); A1 and A6 shackled again: 50 %.
    expect((r.reshackling as { regionCode: string }[]).find((x) => x.regionCode === '3571')).toEqual({
      regionCode: '3571',
      released: { value: 4 },
      reshackled: { value: 2 },
      reshacklingRate: { value: 50 },
    });
    expect((r.reshackling as { regionCode: string }[]).find((x) => x.regionCode === '3518')).toEqual({
      regionCode: '3518',
      released: { value: 1 },
      reshackled: { value: 0 },
      reshacklingRate: { value: 0 },
    });
    expect((r.reshackling as { regionCode: string }[]).find((x) => x.regionCode === '3501')).toMatchObject({
      released: { value: 0 },
      reshacklingRate: { value: null },
    });
  });

  it('drills down to the district where people were found', async () => {
    const r = await pasung(
      officer,
      `byStatus { regionCode status people { value } }`,
      `{ region: "3571", from: "2025-01-01", to: "2025-12-31" }`,
    );
    expect(figure(r.byStatus, { regionCode: '357101', status: 'REPASUNG' }, 'people').value).toBe(2);
    expect(figure(r.byStatus, { regionCode: '357102', status: 'REPASUNG' }, 'people').value).toBe(0);
  });

  it('gives people in shackles, releases and re-shacklings as time series', async () => {
    const filter = `{ region: "35", from: "2025-01-01", to: "2025-12-31", granularity: QUARTER }`;
    const series = async (measure: string) => {
      const r = await pasung(officer, `series(measure: ${measure}) { period value }`, filter);
      return (r.series as { period: string; value: number }[]).map((p) => `${p.period}=${p.value}`);
    };
    expect(await series('IN_SHACKLES')).toEqual(['2025-Q1=3', '2025-Q2=2', '2025-Q3=3', '2025-Q4=3']);
    expect(await series('RELEASES')).toEqual(['2025-Q1=2', '2025-Q2=2', '2025-Q3=1', '2025-Q4=0']);
    // A4's first REPASUNG opens its case (no recorded release before it): not a re-shackling.
    expect(await series('RESHACKLINGS')).toEqual(['2025-Q1=0', '2025-Q2=0', '2025-Q3=2', '2025-Q4=0']);
    const byRegion = await pasung(
      officer,
      `series(measure: IN_SHACKLES, byRegion: true) { period regionCode value }`,
      filter,
    );
    expect(
      (byRegion.series as { period: string; regionCode: string; value: number }[])
        .filter((p) => p.value > 0)
        .map((p) => `${p.regionCode}/${p.period}=${p.value}`)
        .sort(),
    ).toEqual(['3518/2025-Q1=1', '3571/2025-Q1=2', '3571/2025-Q2=2', '3571/2025-Q3=3', '3571/2025-Q4=3']);
  });

  it('suppresses small counts for an analyst, with the rate about them and the cells that give them away', async () => {
    const r = await pasung(
      analyst,
      `byStatus { regionCode status people { value suppressed } }
       reshackling { regionCode released { value suppressed } reshackled { value suppressed } reshacklingRate { value suppressed } }`,
    );
    const hidden = { value: null, suppressed: true };
    expect(figure(r.byStatus, { regionCode: '3571', status: 'REPASUNG' }, 'people')).toEqual(hidden);
    expect(figure(r.byStatus, { regionCode: '3518', status: 'BEBAS_PASUNG' }, 'people')).toEqual(hidden);
    expect(linesWithOneSuppressed(r.byStatus as Record<string, unknown>[], ['regionCode', 'status'], 'people')).toEqual(
      [],
    );
    const kediri = (r.reshackling as { regionCode: string }[]).find((x) => x.regionCode === '3571');
    expect(kediri).toMatchObject({ released: hidden, reshackled: hidden, reshacklingRate: hidden });
    // Nganjuk's 1 release is hidden, so its 0 re-shackled and 0 % are too (0 of 1 would name the one).
    const nganjuk = (r.reshackling as { regionCode: string }[]).find((x) => x.regionCode === '3518');
    expect(nganjuk).toMatchObject({ released: hidden, reshackled: hidden, reshacklingRate: hidden });
    expect(linesWithOneSuppressed(r.reshackling as Record<string, unknown>[], ['regionCode'], 'released')).toEqual([]);
  });

  it('answers its documented query (docs/analytics-queries/pasung.graphql) for an analyst, within the GraphQL limits', async () => {
    const query = readFileSync(join(__dirname, '../docs/analytics-queries/pasung.graphql'), 'utf8');
    const res = await t.http.post('/graphql').set(analyst.auth).send({ query }).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.analytics.pasung).toBeTruthy();
  });
});
