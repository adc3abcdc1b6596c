import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededOrganizationId } from '../src/common/ids';
import { aggregateResponses, computeSkm } from '../src/surveys/skm';
import { analyticsQuery, figure, roles } from './helpers/analytics-fixture';
import { linesWithOneSuppressed } from './helpers/analytics-fixture-referrals';
import { SurveysFixture } from './helpers/analytics-fixture-surveys';
import { ensurePartnerOrganization, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * The surveys (SKM) report against a small fixed data set; every figure is computed by hand from the responses
 * below. IKM = 25 × (sum of all scores) ÷ (9 × responses), two decimals; a respondent's level from their own total.
 */
describe('analytics: surveys report', () => {
  let t: TestApp;
  let analyst: TestPrincipal;
  let officer: TestPrincipal;
  let ngo: string;
  let s1: string;
  let s2: string;
  let s3: string;
  const nganjuk = seededOrganizationId('DINSOS-3518');
  const all = (score: number) => Array.from({ length: 9 }, () => score);

  beforeAll(async () => {
    t = await createTestApp();
    ({ analyst, officer } = await roles(t));
    const fx = new SurveysFixture(t);
    ngo = await ensurePartnerOrganization(t, 'TEST-NGO-KEDIRI', '3571011010');
    const a = await fx.survey(ngo, 'MENTAL_HEALTH_CARE');
    const b = await fx.survey(ngo, 'FAMILY_SUPPORT');
    const c = await fx.survey(nganjuk, 'SOCIAL_REHABILITATION');
    [s1, s2, s3] = [a.serviceId, b.serviceId, c.serviceId];
    // S1, February: 3 × all 4 (36: SANGAT_PUAS), 2 × all 3 (27 → 75.00: CUKUP_PUAS), 1 × all 1 (9: TIDAK_PUAS).
    // Sum 171 over 6: IKM 25 × 171 / 54 = 79.1666… → 79.17 (B).
    await fx.responses(a.surveyId, all(4), '2025-02-10T03:00:00Z', 3);
    await fx.responses(a.surveyId, all(3), '2025-02-10T03:00:00Z', 2);
    await fx.responses(a.surveyId, all(1), '2025-02-10T03:00:00Z', 1);
    // S2, May: 2 × total 30 (83.33: PUAS). IKM 83.33 (B).
    await fx.responses(b.surveyId, [4, 4, 4, 3, 3, 3, 3, 3, 3], '2025-05-10T03:00:00Z', 2);
    // S3 (Nganjuk), August: 5 × all 4. IKM 100.00 (A).
    await fx.responses(c.surveyId, all(4), '2025-08-10T03:00:00Z', 5);
    // Not counted: 1 January 2026 in WIB.
    await fx.responses(c.surveyId, all(1), '2025-12-31T18:00:00Z');
  });

  afterAll(() => t.close());

  const surveys = (who: TestPrincipal, selection: string, filter?: string) =>
    analyticsQuery(t, who, `surveys { ${selection} }`, filter).then((a) => a.surveys as Record<string, unknown>);

  it('gives the SKM index and its category per organisation, service and area, exactly, for a province officer', async () => {
    const r = await surveys(
      officer,
      `byOrganization { organizationId responses { value } ikm { value } category }
       byService { serviceId serviceCategory organizationId responses { value } ikm { value } category }
       byArea { regionCode responses { value } ikm { value } category }`,
    );
    expect(r.byOrganization).toEqual(
      expect.arrayContaining([
        // NGO: 8 responses, sum 171 + 60 = 231: 25 × 231 / 72 = 80.208… → 80.21.
        { organizationId: ngo, responses: { value: 8 }, ikm: { value: 80.21 }, category: 'B' },
        { organizationId: nganjuk, responses: { value: 5 }, ikm: { value: 100 }, category: 'A' },
      ]),
    );
    expect(r.byOrganization).toHaveLength(2);
    expect(figure(r.byService, { serviceId: s1 }, 'ikm').value).toBe(79.17);
    expect(figure(r.byService, { serviceId: s1 }, 'responses').value).toBe(6);
    expect(figure(r.byService, { serviceId: s2 }, 'ikm').value).toBe(83.33);
    expect(figure(r.byService, { serviceId: s3 }, 'ikm').value).toBe(100);
    expect((r.byService as { serviceId: string; category: string }[]).find((s) => s.serviceId === s2)).toMatchObject({
      serviceCategory: 'FAMILY_SUPPORT',
      organizationId: ngo,
      category: 'B',
    });
    expect(figure(r.byArea, { regionCode: '3571' }, 'ikm').value).toBe(80.21);
    expect(figure(r.byArea, { regionCode: '3518' }, 'responses').value).toBe(5);
    expect(figure(r.byArea, { regionCode: '3501' }, 'responses').value).toBe(0);
    expect(figure(r.byArea, { regionCode: '3501' }, 'ikm').value).toBeNull();
  });

  it('gives the distribution of satisfaction levels per organisation and service', async () => {
    const r = await surveys(
      officer,
      `distributionByOrganization { organizationId level respondents { value } percent { value } }
       distributionByService { serviceId level respondents { value } percent { value } }`,
    );
    const line = (rows: unknown, key: string, id: string) =>
      (rows as Record<string, unknown>[])
        .filter((row) => row[key] === id)
        .map(
          (row) =>
            `${row.level}=${(row.respondents as { value: number }).value}/${(row.percent as { value: number }).value}`,
        );
    expect(line(r.distributionByService, 'serviceId', s1)).toEqual([
      'SANGAT_PUAS=3/50',
      'PUAS=0/0',
      'CUKUP_PUAS=2/33.33',
      'TIDAK_PUAS=1/16.67',
    ]);
    expect(line(r.distributionByService, 'serviceId', s2)).toEqual([
      'SANGAT_PUAS=0/0',
      'PUAS=2/100',
      'CUKUP_PUAS=0/0',
      'TIDAK_PUAS=0/0',
    ]);
    expect(line(r.distributionByOrganization, 'organizationId', ngo)).toEqual([
      'SANGAT_PUAS=3/37.5',
      'PUAS=2/25',
      'CUKUP_PUAS=2/25',
      'TIDAK_PUAS=1/12.5',
    ]);
    expect(line(r.distributionByOrganization, 'organizationId', nganjuk)).toEqual([
      'SANGAT_PUAS=5/100',
      'PUAS=0/0',
      'CUKUP_PUAS=0/0',
      'TIDAK_PUAS=0/0',
    ]);
  });

  it('drills down to the district of the organisation', async () => {
    const r = await surveys(
      officer,
      `byArea { regionCode responses { value } } byOrganization { organizationId responses { value } }`,
      `{ region: "3571", from: "2025-01-01", to: "2025-12-31" }`,
    );
    expect(figure(r.byArea, { regionCode: '357101' }, 'responses').value).toBe(8);
    expect(figure(r.byArea, { regionCode: '357102' }, 'responses').value).toBe(0);
    expect(r.byOrganization).toEqual([{ organizationId: ngo, responses: { value: 8 } }]);
  });

  it('gives responses as a time series', async () => {
    const r = await surveys(
      officer,
      `series(measure: RESPONSES) { period value }`,
      `{ region: "35", from: "2025-01-01", to: "2025-12-31", granularity: QUARTER }`,
    );
    expect((r.series as { period: string; value: number }[]).map((p) => `${p.period}=${p.value}`)).toEqual([
      '2025-Q1=6',
      '2025-Q2=2',
      '2025-Q3=5',
      '2025-Q4=0',
    ]);
  });

  it('suppresses small counts for an analyst, with the index about them and the cells that give them away', async () => {
    const r = await surveys(
      analyst,
      `byService { serviceId responses { value suppressed } ikm { value suppressed } category }
       distributionByOrganization { organizationId level respondents { value suppressed } percent { value suppressed } }`,
    );
    const hidden = { value: null, suppressed: true };
    // S2's 2 responses are primary; S3's 5, the smallest other, is hidden too; both indexes go with them.
    expect(figure(r.byService, { serviceId: s2 }, 'responses')).toEqual(hidden);
    expect(figure(r.byService, { serviceId: s3 }, 'responses')).toEqual(hidden);
    expect(figure(r.byService, { serviceId: s3 }, 'ikm')).toEqual(hidden);
    expect(
      (r.byService as { serviceId: string; category: string | null }[]).find((s) => s.serviceId === s3),
    ).toMatchObject({ category: null });
    expect(figure(r.byService, { serviceId: s1 }, 'responses')).toEqual({ value: 6, suppressed: false });
    expect(figure(r.byService, { serviceId: s1 }, 'ikm')).toEqual({ value: 79.17, suppressed: false });
    const dist = r.distributionByOrganization as Record<string, unknown>[];
    // The NGO's 3/2/2/1 are all primary; Nganjuk's 5 SANGAT_PUAS would give the NGO's 3 away, and then its zeros.
    expect(figure(dist, { organizationId: ngo, level: 'TIDAK_PUAS' }, 'percent')).toEqual(hidden);
    expect(figure(dist, { organizationId: nganjuk, level: 'SANGAT_PUAS' }, 'respondents')).toEqual(hidden);
    expect(linesWithOneSuppressed(dist, ['organizationId', 'level'], 'respondents')).toEqual([]);
    expect(linesWithOneSuppressed(r.byService as Record<string, unknown>[], ['serviceId'], 'responses')).toEqual([]);
  });

  it('gives exactly what computeSkm gives for the same responses, at a rounding tie too', async () => {
    // 2024, S1 only: 31 × all 1 and 9 × all 2 — every element sums to 49 over 40 responses: 25 × 441 / 360 is
    // 30.625 exactly; skm.ts (the surveys module's own results) publishes 30.62, and so must analytics.
    const fx = new SurveysFixture(t);
    const [{ id: survey }] = await t.sql<{ id: string }>(`SELECT id FROM surveys WHERE service_id = $1`, [s1]);
    await fx.responses(survey, all(1), '2024-06-10T03:00:00Z', 31);
    await fx.responses(survey, all(2), '2024-06-10T03:00:00Z', 9);
    const expected = computeSkm(
      aggregateResponses([...Array.from({ length: 31 }, () => all(1)), ...Array.from({ length: 9 }, () => all(2))]),
    );
    const r = await surveys(
      officer,
      `byService { serviceId ikm { value } } distributionByService { serviceId level percent { value } }`,
      `{ from: "2024-01-01", to: "2024-12-31" }`,
    );
    expect(figure(r.byService, { serviceId: s1 }, 'ikm').value).toBe(expected.ikm);
    expect(expected.ikm).toBe(30.62);
    for (const d of expected.distribution)
      expect(figure(r.distributionByService, { serviceId: s1, level: d.level }, 'percent').value).toBe(d.percent);
  });

  it('answers its documented query (docs/analytics-queries/surveys.graphql) for an analyst, within the GraphQL limits', async () => {
    const query = readFileSync(join(__dirname, '../docs/analytics-queries/surveys.graphql'), 'utf8');
    const res = await t.http.post('/graphql').set(analyst.auth).send({ query }).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.analytics.surveys).toBeTruthy();
  });
});
