import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededOrganizationId } from '../src/common/ids';
import { AnalyticsFixture, analyticsQuery, figure, roles } from './helpers/analytics-fixture';
import { linesWithOneSuppressed, ReferralsFixture } from './helpers/analytics-fixture-referrals';
import { ensurePartnerOrganization, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * The referrals report against a small fixed data set; every expected figure is counted by hand from the rows below.
 * Partners: an NGO in Kota Kediri district 357101, Dinas Sosial Nganjuk (3518), UPT Kediri (recorded at regency
 * level, 3571). Every referral is sent by Dinas Sosial Kota Kediri.
 */
describe('analytics: referrals report', () => {
  let t: TestApp;
  let analyst: TestPrincipal;
  let officer: TestPrincipal;
  let ngo: string;
  const nganjuk = seededOrganizationId('DINSOS-3518');
  const upt = seededOrganizationId('UPT-RSBL-KEDIRI');

  beforeAll(async () => {
    t = await createTestApp();
    ({ analyst, officer } = await roles(t));
    const people = new AnalyticsFixture(t);
    const fx = new ReferralsFixture(t);
    ngo = await ensurePartnerOrganization(t, 'TEST-NGO-KEDIRI', '3571011010');
    const person = await people.person({ village: '3571011001' });
    const mental = await fx.service(ngo, 'MENTAL_HEALTH_CARE');
    const rehab = await fx.service(upt, 'SOCIAL_REHABILITATION');
    // 1 March 2025, 09:00 WIB.
    const march = '2025-03-01T02:00:00Z';
    const toNgo = (story: Parameters<ReferralsFixture['referral']>[0]['story'], sentAt = march) =>
      fx.referral({ personId: person, to: ngo, serviceId: mental, sentAt, story });
    // NGO: 6 sent; accepted after 2, 4, 6 days (3; median 4.0); completed after 10 and 40 days (median 25.0);
    // one rejected, one expired, one still waiting: answered 5, acceptance 3/5 = 60.0 %.
    await toNgo({ acceptedAfterDays: 2, completedAfterDays: 10 });
    await toNgo({ acceptedAfterDays: 4, completedAfterDays: 40 });
    await toNgo({ acceptedAfterDays: 6 });
    await toNgo({ rejected: 'NO_CAPACITY' });
    await toNgo({ expiredAfterDays: 14 });
    await toNgo({});
    // Not counted: a withdrawn mistake, and one sent on 1 January 2026 WIB (31 December 2025 18:00 UTC).
    await toNgo({ acceptedAfterDays: 1, enteredInError: true });
    await toNgo({ acceptedAfterDays: 1 }, '2025-12-31T18:00:00Z');
    // Dinas Sosial Nganjuk, no service named: one accepted after 1 day, one rejected (50.0 %).
    await fx.referral({ personId: person, to: nganjuk, sentAt: march, story: { acceptedAfterDays: 1 } });
    await fx.referral({ personId: person, to: nganjuk, sentAt: march, story: { rejected: 'NOT_ELIGIBLE' } });
    // UPT Kediri: 5 sent on 1 May, all accepted after 3 days, none completed yet.
    for (let i = 0; i < 5; i++)
      await fx.referral({
        personId: person,
        to: upt,
        serviceId: rehab,
        sentAt: '2025-05-01T02:00:00Z',
        story: { acceptedAfterDays: 3 },
      });
  });

  afterAll(() => t.close());

  const referrals = (who: TestPrincipal, selection: string, filter?: string) =>
    analyticsQuery(t, who, `referrals { ${selection} }`, filter).then((a) => a.referrals as Record<string, unknown>);
  const FLOW = `sent { value suppressed } accepted { value suppressed } acceptanceRate { value suppressed }
    medianDaysToAccept { value suppressed } completed { value suppressed } medianDaysToComplete { value suppressed }`;
  const values = (row: Record<string, unknown>, keys: string[]) =>
    Object.fromEntries(keys.map((k) => [k, (row[k] as { value: number | null }).value]));
  const FLOW_KEYS = ['sent', 'accepted', 'acceptanceRate', 'medianDaysToAccept', 'completed', 'medianDaysToComplete'];

  it('gives volume, acceptance and median times per partner, exactly, for a province officer', async () => {
    const r = await referrals(officer, `byPartner { partnerId partnerName partnerType ${FLOW} }`);
    const rows = r.byPartner as Record<string, unknown>[];
    expect(rows).toHaveLength(3);
    const row = (id: string) => rows.find((p) => p.partnerId === id)!;
    expect(values(row(ngo), FLOW_KEYS)).toEqual({
      sent: 6,
      accepted: 3,
      acceptanceRate: 60,
      medianDaysToAccept: 4,
      completed: 2,
      medianDaysToComplete: 25,
    });
    expect(values(row(nganjuk), FLOW_KEYS)).toEqual({
      sent: 2,
      accepted: 1,
      acceptanceRate: 50,
      medianDaysToAccept: 1,
      completed: 0,
      medianDaysToComplete: null,
    });
    expect(values(row(upt), FLOW_KEYS)).toEqual({
      sent: 5,
      accepted: 5,
      acceptanceRate: 100,
      medianDaysToAccept: 3,
      completed: 0,
      medianDaysToComplete: null,
    });
    expect(row(ngo)).toMatchObject({ partnerName: 'Yayasan TEST-NGO-KEDIRI', partnerType: 'NGO' });
  });

  it('gives the same per service category and area of the partner, and reasons for not accepting', async () => {
    const r = await referrals(
      officer,
      `byCategory { regionCode regionName category categoryName ${FLOW} }
       notAccepted { regionCode reason status referrals { value } }`,
    );
    expect(values(figureRow(r.byCategory, { regionCode: '3571', category: 'MENTAL_HEALTH_CARE' }), FLOW_KEYS)).toEqual({
      sent: 6,
      accepted: 3,
      acceptanceRate: 60,
      medianDaysToAccept: 4,
      completed: 2,
      medianDaysToComplete: 25,
    });
    expect(figure(r.byCategory, { regionCode: '3571', category: 'SOCIAL_REHABILITATION' }, 'sent').value).toBe(5);
    expect(figure(r.byCategory, { regionCode: '3518', category: 'NONE' }, 'sent').value).toBe(2);
    expect(figure(r.byCategory, { regionCode: '3518', category: 'NONE' }, 'acceptanceRate').value).toBe(50);
    // Every regency is listed, zero where nothing was sent; a ratio of nothing is null.
    expect(figure(r.byCategory, { regionCode: '3501', category: 'NONE' }, 'sent').value).toBe(0);
    expect(figure(r.byCategory, { regionCode: '3501', category: 'NONE' }, 'acceptanceRate').value).toBeNull();
    const not = r.notAccepted;
    expect(figure(not, { regionCode: '3571', reason: 'NO_CAPACITY' }, 'referrals').value).toBe(1);
    expect(figure(not, { regionCode: '3571', reason: 'EXPIRED' }, 'referrals').value).toBe(1);
    expect(figure(not, { regionCode: '3518', reason: 'NOT_ELIGIBLE' }, 'referrals').value).toBe(1);
    expect(figure(not, { regionCode: '3518', reason: 'EXPIRED' }, 'referrals').value).toBe(0);
    expect((not as { status: string; reason: string }[]).find((n) => n.reason === 'EXPIRED')?.status).toBe('EXPIRED');
  });

  it('drills down to districts: the NGO in 357101; UPT Kediri, recorded at regency level, in no district', async () => {
    const r = await referrals(
      officer,
      `byCategory { regionCode category sent { value } } byPartner { partnerId sent { value } }`,
      `{ region: "3571", from: "2025-01-01", to: "2025-12-31" }`,
    );
    expect(figure(r.byCategory, { regionCode: '357101', category: 'MENTAL_HEALTH_CARE' }, 'sent').value).toBe(6);
    expect(figure(r.byCategory, { regionCode: '357102', category: 'MENTAL_HEALTH_CARE' }, 'sent').value).toBe(0);
    expect((r.byCategory as { category: string }[]).some((c) => c.category === 'SOCIAL_REHABILITATION')).toBe(false);
    // The partner table lists every receiving organisation in the regency, UPT Kediri included.
    expect((r.byPartner as { partnerId: string }[]).map((p) => p.partnerId).sort()).toEqual([ngo, upt].sort());
    const district = await referrals(
      officer,
      `byPartner { partnerId sent { value } }`,
      `{ region: "357101", from: "2025-01-01", to: "2025-12-31" }`,
    );
    expect(district.byPartner).toEqual([{ partnerId: ngo, sent: { value: 6 } }]);
  });

  it('gives sent, accepted, completed, rejected and expired as time series', async () => {
    const filter = `{ region: "35", from: "2025-01-01", to: "2025-12-31", granularity: QUARTER }`;
    const series = async (measure: string) => {
      const r = await referrals(officer, `series(measure: ${measure}) { period value }`, filter);
      return (r.series as { period: string; value: number }[]).map((p) => `${p.period}=${p.value}`);
    };
    expect(await series('REFERRALS_SENT')).toEqual(['2025-Q1=8', '2025-Q2=5', '2025-Q3=0', '2025-Q4=0']);
    expect(await series('ACCEPTED')).toEqual(['2025-Q1=4', '2025-Q2=5', '2025-Q3=0', '2025-Q4=0']);
    expect(await series('COMPLETED')).toEqual(['2025-Q1=1', '2025-Q2=1', '2025-Q3=0', '2025-Q4=0']);
    expect(await series('REJECTED')).toEqual(['2025-Q1=2', '2025-Q2=0', '2025-Q3=0', '2025-Q4=0']);
    expect(await series('EXPIRED')).toEqual(['2025-Q1=1', '2025-Q2=0', '2025-Q3=0', '2025-Q4=0']);
    const byRegion = await referrals(
      officer,
      `series(measure: REFERRALS_SENT, byRegion: true) { period regionCode value }`,
      filter,
    );
    expect(
      (byRegion.series as { period: string; regionCode: string; value: number }[])
        .filter((p) => p.value > 0)
        .map((p) => `${p.regionCode}/${p.period}=${p.value}`)
        .sort(),
    ).toEqual(['3518/2025-Q1=2', '3571/2025-Q1=6', '3571/2025-Q2=5']);
  });

  it('suppresses small counts for an analyst, with the figures about them and the cells that give them away', async () => {
    const r = await referrals(
      analyst,
      `byPartner { partnerId ${FLOW} } notAccepted { regionCode reason referrals { value suppressed } }`,
    );
    const rows = r.byPartner as Record<string, unknown>[];
    const row = (id: string) => rows.find((p) => p.partnerId === id)!;
    const hidden = { value: null, suppressed: true };
    // Nganjuk's 2 sent is primary; UPT's 5, the smallest other partner, is hidden so it cannot be subtracted out.
    expect(row(nganjuk).sent).toEqual(hidden);
    expect(row(upt).sent).toEqual(hidden);
    expect(row(ngo).sent).toEqual({ value: 6, suppressed: false });
    // The NGO's 3 accepted is primary; its rate and median go with it; its 2 completed is primary.
    expect(row(ngo)).toMatchObject({
      accepted: hidden,
      acceptanceRate: hidden,
      medianDaysToAccept: hidden,
      completed: hidden,
      medianDaysToComplete: hidden,
    });
    // UPT's accepted (5) follows its hidden sent (5 of 5 would give the total away), and every figure about it.
    expect(row(upt)).toMatchObject({ accepted: hidden, acceptanceRate: hidden, medianDaysToAccept: hidden });
    for (const measure of ['sent', 'accepted', 'completed'])
      expect(linesWithOneSuppressed(rows, ['partnerId'], measure)).toEqual([]);
    const not = r.notAccepted as Record<string, unknown>[];
    expect(figure(not, { regionCode: '3571', reason: 'NO_CAPACITY' }, 'referrals')).toEqual(hidden);
    expect(figure(not, { regionCode: '3518', reason: 'NOT_ELIGIBLE' }, 'referrals')).toEqual(hidden);
    expect(linesWithOneSuppressed(not, ['regionCode', 'reason'], 'referrals')).toEqual([]);
    // Zeros are published unless one is needed to protect a line.
    expect(not.filter((n) => (n.referrals as { value: number | null }).value === 0).length).toBeGreaterThan(50);
  });

  it('refuses a bad filter with a coded error and no figures', async () => {
    const res = await t.http
      .post('/graphql')
      .set(analyst.auth)
      .send({ query: `{ analytics(filter: { region: "3599" }) { referrals { byPartner { sent { value } } } } }` })
      .expect(200);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('ANALYTICS_UNKNOWN_REGION');
    expect(res.body.data?.analytics ?? null).toBeNull();
  });

  it('answers its documented query (docs/analytics-queries/referrals.graphql) for an analyst, within the GraphQL limits', async () => {
    const query = readFileSync(join(__dirname, '../docs/analytics-queries/referrals.graphql'), 'utf8');
    const res = await t.http.post('/graphql').set(analyst.auth).send({ query }).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.analytics.referrals).toBeTruthy();
  });
});

function figureRow(rows: unknown, match: Record<string, unknown>): Record<string, unknown> {
  const row = (rows as Record<string, unknown>[]).find((r) => Object.entries(match).every(([k, v]) => r[k] === v));
  if (!row) throw new Error(`No row ${JSON.stringify(match)}`);
  return row;
}
