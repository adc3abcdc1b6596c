import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { AnalyticsFixture, analyticsQuery, figure, roles } from './helpers/analytics-fixture';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * The analytics filter and the network report against a small fixed data set; every expected figure is counted by
 * hand from the rows below (Kota Kediri 3571: districts 357101 and 357102; Kab. Nganjuk 3518).
 */
describe('analytics: filter and network report', () => {
  let t: TestApp;
  let analyst: TestPrincipal;
  let officer: TestPrincipal;
  const KEDIRI_A = '3571011001'; // district 357101
  const KEDIRI_B = '3571021001'; // district 357102
  const NGANJUK = '3518012001';

  beforeAll(async () => {
    t = await createTestApp();
    ({ analyst, officer } = await roles(t));
    const fx = new AnalyticsFixture(t);
    const k: string[] = [];
    for (let i = 0; i < 6; i++)
      k.push(await fx.person({ village: KEDIRI_A, ppks: ['PPKS-09'], disabilities: ['MENTAL'] }));
    k.push(await fx.person({ village: KEDIRI_B, ppks: ['PPKS-09'], disabilities: ['MENTAL', 'FISIK'] }));
    k.push(await fx.person({ village: KEDIRI_B, ppks: ['PPKS-09'] }));
    const n: string[] = [];
    for (let i = 0; i < 3; i++) n.push(await fx.person({ village: NGANJUK, ppks: ['PPKS-24'] }));
    // Not counted: erased, and registered after the period.
    await fx.person({ village: KEDIRI_A, ppks: ['PPKS-09'], status: 'ERASED' });
    await fx.person({ village: KEDIRI_A, ppks: ['PPKS-09'], createdAt: '2026-02-01T03:00:00Z' });

    // Stays: K1 and K2 discharged home, K3 and K4 still in (K4 over a year), N1 through Pasuruan.
    await fx.residence(k[0], { admittedOn: '2024-03-01', dischargedOn: '2025-02-10' });
    await fx.residence(k[1], { admittedOn: '2025-01-15', dischargedOn: '2025-06-20' });
    await fx.residence(k[2], { admittedOn: '2025-03-01' });
    await fx.residence(k[3], { admittedOn: '2023-06-01' });
    await fx.residence(n[0], { upt: 'UPT-RSBL-PASURUAN', admittedOn: '2025-05-05', dischargedOn: '2025-09-09' });

    // After-care: open at 31 Dec 2025 are K1, K2, K6, K7, K8 (Kediri, 5) and N1, N2 (Nganjuk, 2); K5 closed.
    const c1 = await fx.communityCase(k[0], { openedOn: '2025-02-10' });
    const c2 = await fx.communityCase(k[1], { openedOn: '2025-06-20' });
    await fx.communityCase(k[4], { openedOn: '2025-01-05', closedOn: '2025-11-30' });
    const c6 = await fx.communityCase(k[5], { openedOn: '2024-12-01' });
    const c7 = await fx.communityCase(k[6], { openedOn: '2025-04-01' });
    await fx.communityCase(k[7], { openedOn: '2025-07-01' });
    const cn1 = await fx.communityCase(n[0], { office: 'DINSOS-3518', openedOn: '2025-09-09' });
    await fx.communityCase(n[1], { office: 'DINSOS-3518', openedOn: '2025-10-01' });

    // Overdue at 31 Dec 2025: C1's December follow-up, C6's November one (Kediri 2); CN1's (Nganjuk 1).
    await fx.followUp(c1, '2025-03-10', await fx.visit(c1, '2025-03-09'));
    await fx.followUp(c1, '2025-12-01');
    await fx.followUp(c6, '2025-11-15');
    await fx.followUp(c6, '2026-01-15');
    await fx.followUp(cn1, '2025-12-20');
    // Relapses in 2025: K2 once, K7 twice (one person), K6's is in 2024.
    await fx.visit(c2, '2025-08-01', true);
    await fx.visit(c7, '2025-09-01', true);
    await fx.visit(c7, '2025-10-01', true);
    await fx.visit(c6, '2024-12-15', true);
  });

  afterAll(() => t.close());

  const network = (who: TestPrincipal, selection: string, filter?: string) =>
    analyticsQuery(t, who, `network { ${selection} }`, filter).then((a) => a.network as Record<string, unknown>);

  it('counts a person once in a category removed and re-added on the last day of the period', async () => {
    const sel = `peopleByCategory { regionCode category people { value } }`;
    const before = figure(
      (await network(officer, sel)).peopleByCategory,
      { regionCode: '3571', category: 'PPKS-09' },
      'people',
    );
    // Two rows of one category valid on 2025-12-31: the old one ends that day, the new one starts it.
    const [row] = await t.sql<{ id: string; person_id: string }>(
      `SELECT c.id, c.person_id FROM person_ppks_categories c JOIN persons p ON p.id = c.person_id
       WHERE c.ppks_code = 'PPKS-09' AND c.until IS NULL AND p.domicile_village_code LIKE '3571%' LIMIT 1`,
    );
    await t.sql(`UPDATE person_ppks_categories SET until = '2025-12-31' WHERE id = $1`, [row.id]);
    await t.sql(
      `INSERT INTO person_ppks_categories (person_id, ppks_code, since) VALUES ($1, 'PPKS-09', '2025-12-31')`,
      [row.person_id],
    );
    try {
      const after = figure(
        (await network(officer, sel)).peopleByCategory,
        { regionCode: '3571', category: 'PPKS-09' },
        'people',
      );
      expect(after.value).toBe(before.value);
    } finally {
      await t.sql(`DELETE FROM person_ppks_categories WHERE person_id = $1 AND since = '2025-12-31'`, [row.person_id]);
      await t.sql(`UPDATE person_ppks_categories SET until = NULL WHERE id = $1`, [row.id]);
    }
  });

  it('counts people by PPKS category and disability per regency, exactly, for a province officer', async () => {
    const r = await network(
      officer,
      `peopleByCategory { regionCode regionName category categoryName people { value suppressed } }
       peopleByDisability { regionCode disability people { value suppressed } }`,
    );
    expect(figure(r.peopleByCategory, { regionCode: '3571', category: 'PPKS-09' }, 'people')).toEqual({
      value: 8,
      suppressed: false,
    });
    expect(figure(r.peopleByCategory, { regionCode: '3518', category: 'PPKS-24' }, 'people').value).toBe(3);
    expect(figure(r.peopleByCategory, { regionCode: '3571', category: 'PPKS-24' }, 'people').value).toBe(0);
    // Every regency of Jawa Timur is listed, with zeros where nobody is.
    const regencies = new Set((r.peopleByCategory as { regionCode: string }[]).map((row) => row.regionCode));
    expect(regencies.size).toBe(38);
    const dis = r.peopleByDisability;
    expect(figure(dis, { regionCode: '3571', disability: 'MENTAL' }, 'people').value).toBe(7);
    expect(figure(dis, { regionCode: '3571', disability: 'FISIK' }, 'people').value).toBe(1);
    expect(figure(dis, { regionCode: '3571', disability: 'NONE' }, 'people').value).toBe(1);
    expect(figure(dis, { regionCode: '3518', disability: 'NONE' }, 'people').value).toBe(3);
  });

  it('drills down from a regency to its districts, and to one district', async () => {
    const byDistrict = await network(
      officer,
      `peopleByCategory { regionCode category people { value } }`,
      `{ region: "3571", from: "2025-01-01", to: "2025-12-31" }`,
    );
    expect(figure(byDistrict.peopleByCategory, { regionCode: '357101', category: 'PPKS-09' }, 'people').value).toBe(6);
    expect(figure(byDistrict.peopleByCategory, { regionCode: '357102', category: 'PPKS-09' }, 'people').value).toBe(2);
    const one = await network(
      officer,
      `peopleByCategory { regionCode category people { value } }`,
      `{ region: "357102", from: "2025-01-01", to: "2025-12-31" }`,
    );
    expect(one.peopleByCategory).toEqual([{ regionCode: '357102', category: 'PPKS-09', people: { value: 2 } }]);
  });

  it('reports UPT residents against capacity at the end of the period', async () => {
    const r = await network(
      officer,
      `uptOccupancy { uptId uptName residents { value } longStays { value } capacity { value } occupancyPercent { value } }`,
    );
    const kediri = (r.uptOccupancy as { uptId: string }[]).find(
      (u) => u.uptId === seededOrganizationId('UPT-RSBL-KEDIRI'),
    );
    const [{ capacity }] = await t.sql<{ capacity: number }>(`SELECT capacity FROM organizations WHERE id = $1`, [
      seededOrganizationId('UPT-RSBL-KEDIRI'),
    ]);
    expect(kediri).toMatchObject({
      residents: { value: 2 },
      longStays: { value: 1 },
      capacity: { value: capacity },
      occupancyPercent: { value: Math.round((1000 * 2) / capacity) / 10 },
    });
    const pasuruan = (r.uptOccupancy as { uptId: string }[]).find(
      (u) => u.uptId === seededOrganizationId('UPT-RSBL-PASURUAN'),
    );
    expect(pasuruan).toMatchObject({ residents: { value: 0 }, longStays: { value: 0 } });
  });

  it('counts after-care, overdue follow-ups and relapses per regency', async () => {
    const r = await network(
      officer,
      `aftercare { regionCode underAftercare { value } overdueFollowUps { value } relapses { value } }`,
    );
    expect((r.aftercare as { regionCode: string }[]).find((a) => a.regionCode === '3571')).toEqual({
      regionCode: '3571',
      underAftercare: { value: 5 },
      overdueFollowUps: { value: 2 },
      relapses: { value: 2 },
    });
    expect((r.aftercare as { regionCode: string }[]).find((a) => a.regionCode === '3518')).toEqual({
      regionCode: '3518',
      underAftercare: { value: 2 },
      overdueFollowUps: { value: 1 },
      relapses: { value: 0 },
    });
  });

  it('gives each measure as a time series, in total and per regency', async () => {
    const filter = `{ region: "35", from: "2025-01-01", to: "2025-12-31", granularity: QUARTER }`;
    const values = async (measure: string) => {
      const r = await network(officer, `series(measure: ${measure}) { period value }`, filter);
      return (r.series as { period: string; value: number }[]).map((p) => `${p.period}=${p.value}`);
    };
    expect(await values('ADMISSIONS')).toEqual(['2025-Q1=2', '2025-Q2=1', '2025-Q3=0', '2025-Q4=0']);
    expect(await values('DISCHARGES')).toEqual(['2025-Q1=1', '2025-Q2=1', '2025-Q3=1', '2025-Q4=0']);
    expect(await values('UNDER_AFTERCARE')).toEqual(['2025-Q1=3', '2025-Q2=5', '2025-Q3=7', '2025-Q4=7']);
    expect(await values('RELAPSES')).toEqual(['2025-Q1=0', '2025-Q2=0', '2025-Q3=2', '2025-Q4=1']);
    const byRegion = await network(
      officer,
      `series(measure: ADMISSIONS, byRegion: true) { period regionCode regionName value }`,
      filter,
    );
    const points = byRegion.series as { period: string; regionCode: string; value: number }[];
    expect(points).toHaveLength(4 * 38);
    expect(
      points
        .filter((p) => p.value > 0)
        .map((p) => `${p.regionCode}/${p.period}=${p.value}`)
        .sort(),
    ).toEqual(['3518/2025-Q2=1', '3571/2025-Q1=2']);
  });

  it('suppresses counts of 1 to 4 for an analyst, and the cell that would give one away', async () => {
    const r = await network(
      analyst,
      `aftercare { regionCode underAftercare { value suppressed } overdueFollowUps { value suppressed } relapses { value suppressed } }`,
    );
    const row = (code: string) => (r.aftercare as { regionCode: string }[]).find((a) => a.regionCode === code)!;
    // 2 in Nganjuk is primary; Kediri's 5 would give it away by subtraction from the province total.
    expect(row('3518')).toMatchObject({ underAftercare: { value: null, suppressed: true } });
    expect(row('3571')).toMatchObject({ underAftercare: { value: null, suppressed: true } });
    // 2 and 1 overdue: both primary, no complement needed.
    expect(row('3571')).toMatchObject({ overdueFollowUps: { value: null, suppressed: true } });
    expect(row('3518')).toMatchObject({ overdueFollowUps: { value: null, suppressed: true } });
    // Kediri's 2 relapses are the only ones: a zero elsewhere (the first regency, Pacitan) is hidden with them.
    expect(row('3571')).toMatchObject({ relapses: { value: null, suppressed: true } });
    expect(row('3501')).toMatchObject({ relapses: { value: null, suppressed: true } });
    expect(row('3502')).toMatchObject({ relapses: { value: 0, suppressed: false } });
    const scope = await analyticsQuery(t, analyst, `scope { suppression regionCode breakdownLevel periods }`);
    expect(scope.scope).toMatchObject({ suppression: true, regionCode: '35', breakdownLevel: 'REGENCY' });
    const officerScope = await analyticsQuery(t, officer, `scope { suppression }`);
    expect(officerScope.scope).toEqual({ suppression: false });
  });

  it('defaults to the caller province and the last five calendar years', async () => {
    const a = await t.http
      .post('/graphql')
      .set(analyst.auth)
      .send({ query: `{ analytics { scope { regionCode from to granularity } } }` })
      .expect(200);
    const scope = a.body.data.analytics.scope;
    expect(scope.regionCode).toBe('35');
    expect(scope.granularity).toBe('MONTH');
    expect(Number(scope.to.slice(0, 4)) - Number(scope.from.slice(0, 4))).toBe(4);
    expect(scope.from.slice(4)).toBe('-01-01');
  });

  describe('bad input gets a coded error and no figures', () => {
    const cases: Array<[string, string, string]> = [
      ['an unknown region', `{ region: "3599" }`, 'ANALYTICS_UNKNOWN_REGION'],
      ['a village', `{ region: "3571011001" }`, 'ANALYTICS_REGION_LEVEL'],
      ['another province', `{ region: "64" }`, 'ANALYTICS_REGION_OUTSIDE_SCOPE'],
      ['a reversed period', `{ from: "2025-06-01", to: "2025-01-01" }`, 'ANALYTICS_PERIOD_REVERSED'],
      ['a period over ten years', `{ from: "2015-01-01", to: "2025-01-01" }`, 'ANALYTICS_PERIOD_TOO_LONG'],
      ['a malformed date', `{ from: "2025-13-01" }`, 'VALIDATION_FAILED'],
      ['a malformed region', `{ region: "35x" }`, 'VALIDATION_FAILED'],
    ];
    it.each(cases)('%s', async (_label, filter, code) => {
      const res = await t.http
        .post('/graphql')
        .set(analyst.auth)
        .send({ query: `{ analytics(filter: ${filter}) { network { aftercare { underAftercare { value } } } } }` })
        .expect(200);
      expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(res.body.data?.analytics ?? null).toBeNull();
    });

    it('a period of exactly ten years less a day is accepted', async () => {
      await analyticsQuery(t, analyst, `scope { from to }`, `{ from: "2015-01-02", to: "2025-01-01" }`);
    });

    it('an unknown measure is refused by GraphQL validation', async () => {
      const res = await t.http
        .post('/graphql')
        .set(analyst.auth)
        .send({ query: `{ analytics { network { series(measure: NAMES) { value } } } }` })
        .expect(400);
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  it('refuses callers outside the analytics roles', async () => {
    for (const role of [Role.REGENCY_OPERATOR, Role.UPT_STAFF, Role.PARTNER, Role.AUDITOR]) {
      const who = await asRole(t, role);
      const res = await t.http.post('/graphql').set(who.auth).send({ query: `{ analytics { scope { regionCode } } }` });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await t.http.post('/graphql').send({ query: `{ analytics { scope { regionCode } } }` });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  describe('CSV and XLSX exports', () => {
    const q = 'region=35&from=2025-01-01&to=2025-12-31';
    const csv = (text: string) => parse(text, { columns: true, bom: true }) as Record<string, string>[];

    it('gives a table as CSV with the same figures as GraphQL, suppressed cells empty and flagged', async () => {
      const res = await t.http.get(`/api/v1/analytics/network.csv?${q}&table=aftercare`).set(analyst.auth).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(
        /attachment; filename="network-aftercare-35-2025-01-01-2025-12-31\.csv"/,
      );
      const rows = csv(res.text);
      expect(rows).toHaveLength(38);
      const kediri = rows.find((r) => r.region_code === '3571')!;
      expect(kediri).toMatchObject({
        region_name: 'Kota Kediri',
        eks_klien_under_aftercare: '',
        eks_klien_under_aftercare_suppressed: 'true',
      });
      expect(rows.find((r) => r.region_code === '3502')).toMatchObject({
        people_with_relapse: '0',
        people_with_relapse_suppressed: 'false',
      });
      const asOfficer = csv(
        (await t.http.get(`/api/v1/analytics/network.csv?${q}&table=aftercare`).set(officer.auth).expect(200)).text,
      );
      expect(asOfficer.find((r) => r.region_code === '3571')).toMatchObject({
        eks_klien_under_aftercare: '5',
        overdue_follow_ups: '2',
        people_with_relapse: '2',
      });
      const [audit] = await t.sql<{ action: string; purpose: string }>(
        `SELECT action, purpose FROM audit_events WHERE resource_type = 'analytics-report' AND actor_id = $1`,
        [analyst.userId],
      );
      expect(audit).toMatchObject({ action: 'EXPORT' });
      expect(audit.purpose).toContain('network.csv aftercare');
    });

    it('gives a series as XLSX', async () => {
      const res = await t.http
        .get(`/api/v1/analytics/network.xlsx?${q}&granularity=QUARTER&table=series.UNDER_AFTERCARE`)
        .set(officer.auth)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      const sheet = book.worksheets[0];
      const values = [2, 3, 4, 5].map((r) => `${sheet.getRow(r).getCell(1).value}=${sheet.getRow(r).getCell(2).value}`);
      expect(values).toEqual(['2025-Q1=3', '2025-Q2=5', '2025-Q3=7', '2025-Q4=7']);
    });

    it('lists the reports and their tables', async () => {
      const res = await t.http.get('/api/v1/analytics').set(analyst.auth).expect(200);
      const network = (res.body as { name: string; tables: { name: string }[] }[]).find((r) => r.name === 'network')!;
      expect(network.tables.map((x) => x.name)).toEqual([
        'peopleByCategory',
        'peopleByDisability',
        'uptOccupancy',
        'aftercare',
      ]);
    });

    it.each([
      ['an unknown report', `/api/v1/analytics/names.csv?${q}`, 404, 'ANALYTICS_UNKNOWN_REPORT'],
      ['an unknown format', `/api/v1/analytics/network.pdf?${q}`, 404, 'ANALYTICS_UNKNOWN_REPORT'],
      ['an unknown table', `/api/v1/analytics/network.csv?${q}&table=people`, 400, 'ANALYTICS_UNKNOWN_TABLE'],
      ['an unknown region', `/api/v1/analytics/network.csv?region=3599`, 400, 'ANALYTICS_UNKNOWN_REGION'],
      [
        'a reversed period',
        `/api/v1/analytics/network.csv?from=2025-06-01&to=2025-01-01`,
        400,
        'ANALYTICS_PERIOD_REVERSED',
      ],
      ['a malformed date', `/api/v1/analytics/network.xlsx?from=yesterday`, 400, 'VALIDATION_FAILED'],
    ])('refuses %s with problem+json', async (_label, url, status, code) => {
      const res = await t.http.get(url).set(analyst.auth).expect(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe(code);
    });

    it('refuses callers outside the analytics roles', async () => {
      const operator = await asRole(t, Role.REGENCY_OPERATOR);
      await t.http.get(`/api/v1/analytics/network.csv?${q}`).set(operator.auth).expect(403);
      await t.http.get(`/api/v1/analytics/network.csv?${q}`).expect(401);
    });
  });
});
