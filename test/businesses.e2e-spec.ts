import { todayIn } from '../src/common/dates';
import { addMonths } from '../src/businesses/growth-status';
import { Role } from '../src/identity/permissions';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/** A kelurahan in Kota Kediri (3571) and a desa in Kabupaten Nganjuk (3518). */
const KEDIRI_VILLAGE = '3571011010';
const NGANJUK_VILLAGE = '3518012001';
const CURRENT = todayIn('Asia/Jakarta').slice(0, 7);
const month = (offset: number): string => addMonths(CURRENT, offset);

describe('businesses (e2e)', () => {
  let t: TestApp;
  let kediri: TestPrincipal;
  let nganjuk: TestPrincipal;
  let analyst: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    kediri = await asRole(t, Role.REGENCY_OPERATOR);
    nganjuk = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3518');
    analyst = await asRole(t, Role.ANALYST);
  });
  afterAll(async () => {
    await t.close();
  });

  async function person(): Promise<string> {
    const res = await t.http
      .post('/api/v1/persons')
      .set(kediri.auth)
      .send({ fullName: `Eks Klien ${Math.random().toString(36).slice(2, 8)}`, sex: 'F' })
      .expect(201);
    return res.body.id as string;
  }

  async function business(personId: string, startMonthsAgo: number, name = 'Keset Perca'): Promise<string> {
    const res = await t.http
      .post('/api/v1/businesses')
      .set(kediri.auth)
      .send({
        personId,
        sector: 'KERAJINAN',
        name,
        villageCode: KEDIRI_VILLAGE,
        startDate: `${month(-startMonthsAgo)}-01`,
        workers: 0,
      })
      .expect(201);
    return res.body.id as string;
  }

  async function report(id: string, period: string, netIncomeIdr: number, expected = 201) {
    return t.http
      .post(`/api/v1/businesses/${id}/reports`)
      .set(kediri.auth)
      .send({ period, revenueIdr: Math.max(netIncomeIdr, 0) * 2, netIncomeIdr, workers: 1, open: true })
      .expect(expected);
  }

  let grower: string;
  let growerPerson: string;
  let staller: string;
  let silent: string;

  it('a growing business is BERKEMBANG and proposed for graduation; graduating closes the case MANDIRI', async () => {
    growerPerson = await person();
    const [ppks] = await t.sql<{ code: string }>(`SELECT code FROM ppks_categories ORDER BY code LIMIT 1`);
    await t.sql(`INSERT INTO person_ppks_categories (person_id, ppks_code, since) VALUES ($1, $2, '2020-01-01')`, [
      growerPerson,
      ppks.code,
    ]);
    const kase = await t.http
      .post('/api/v1/cases')
      .set(kediri.auth)
      .send({ personId: growerPerson, kind: 'COMMUNITY', stage: 'BIMBINGAN_LANJUT', openedOn: `${month(-12)}-01` })
      .expect(201);
    grower = await business(growerPerson, 10);
    const incomes = [1_000_000, 1_200_000, 1_600_000, 1_700_000, 1_800_000, 2_000_000, 2_200_000, 2_400_000];
    for (const [i, income] of incomes.entries()) await report(grower, month(i - 8), income);

    const got = await t.http.get(`/api/v1/businesses/${grower}`).set(kediri.auth).expect(200);
    expect(got.body.growth).toMatchObject({
      status: 'BERKEMBANG',
      latestPeriod: month(-1),
      recentAverageIdr: 2_200_000,
      previousAverageIdr: 1_700_000,
      silentMonths: 0,
    });
    expect(got.body.graduationProposed).toBe(true);

    const graduated = await t.http
      .post(`/api/v1/businesses/${grower}/graduate`)
      .set(kediri.auth)
      .send({ note: 'Penghasilan stabil, mandiri' })
      .expect(200);
    expect(graduated.body).toMatchObject({
      graduationProposed: false,
      graduation: { note: 'Penghasilan stabil, mandiri' },
    });
    const closed = await t.http.get(`/api/v1/cases/${kase.body.id}`).set(kediri.auth).expect(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', outcome: 'MANDIRI' });
    const active = await t.sql(`SELECT 1 FROM person_ppks_categories WHERE person_id = $1 AND until IS NULL`, [
      growerPerson,
    ]);
    expect(active).toHaveLength(0);
    await t.http.post(`/api/v1/businesses/${grower}/graduate`).set(kediri.auth).send({ note: 'lagi' }).expect(409);
  });

  it('a stalling and a silent business appear in needs-intervention, silent first', async () => {
    staller = await business(await person(), 8, 'Warung Stagnan');
    for (let i = -6; i <= -1; i++) await report(staller, month(i), 1_000_000);
    silent = await business(await person(), 9, 'Jahit Sepi');
    for (let i = -8; i <= -6; i++) await report(silent, month(i), 800_000);

    const s = await t.http.get(`/api/v1/businesses/${staller}`).set(kediri.auth).expect(200);
    expect(s.body.growth.status).toBe('STAGNAN');
    expect(s.body.graduationProposed).toBe(false);

    const list = await t.http.get('/api/v1/businesses/needs-intervention').set(kediri.auth).expect(200);
    const ids = list.body.data.map((d: { business: { id: string } }) => d.business.id);
    expect(ids).not.toContain(grower);
    expect(list.body.data[ids.indexOf(silent)]).toMatchObject({
      reason: 'SILENT',
      business: { growth: { silentMonths: 5 } },
    });
    expect(list.body.data[ids.indexOf(staller)]).toMatchObject({ reason: 'STAGNAN' });
    expect(ids.indexOf(silent)).toBeLessThan(ids.indexOf(staller));

    const stagnant = await t.http.get('/api/v1/businesses?status=STAGNAN').set(kediri.auth).expect(200);
    expect(stagnant.body.data.map((b: { id: string }) => b.id)).toEqual([staller]);
  });

  it('a correction keeps the replaced version', async () => {
    const corrected = await t.http
      .put(`/api/v1/businesses/${staller}/reports/${month(-1)}`)
      .set(kediri.auth)
      .send({ revenueIdr: 2_100_000, netIncomeIdr: 1_050_000, workers: 2, open: true, reason: 'Salah ketik omzet' })
      .expect(200);
    expect(corrected.body).toMatchObject({ version: 2, netIncomeIdr: 1_050_000 });
    expect(corrected.body.revisions).toEqual([
      expect.objectContaining({ version: 1, netIncomeIdr: 1_000_000, reason: 'Salah ketik omzet' }),
    ]);
    const list = await t.http.get(`/api/v1/businesses/${staller}/reports`).set(kediri.auth).expect(200);
    expect(list.body.data[0]).toMatchObject({ period: month(-1), version: 2 });
    await t.http
      .put(`/api/v1/businesses/${staller}/reports/${month(-20)}`)
      .set(kediri.auth)
      .send({ revenueIdr: 1, netIncomeIdr: 1, workers: 0, open: true, reason: 'tidak ada' })
      .expect(404);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const before = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM business_reports WHERE business_id = $1`, [
      staller,
    ]);
    const future = await report(staller, month(1), 1_000_000, 400);
    expect(future.body.code).toBe('BUSINESS_REPORT_PERIOD_INVALID');
    expect(future.headers['content-type']).toContain('application/problem+json');
    expect((await report(staller, month(-1), 1_000_000, 409)).body.code).toBe('BUSINESS_REPORT_DUPLICATE');
    expect((await report(staller, month(-30), 1_000_000, 400)).body.code).toBe('BUSINESS_REPORT_PERIOD_INVALID');
    await t.http
      .post(`/api/v1/businesses/${staller}/reports`)
      .set(kediri.auth)
      .send({ period: month(-7), revenueIdr: 1000.5, netIncomeIdr: 500, workers: 1, open: true })
      .expect(400);
    await t.http
      .post(`/api/v1/businesses/${staller}/reports`)
      .set(kediri.auth)
      .send({ period: '2025-13', revenueIdr: 1000, netIncomeIdr: 500, workers: 1, open: true })
      .expect(400);
    const after = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM business_reports WHERE business_id = $1`, [
      staller,
    ]);
    expect(after[0].n).toBe(before[0].n);

    const notMet = await t.http
      .post(`/api/v1/businesses/${staller}/graduate`)
      .set(kediri.auth)
      .send({ note: 'Belum waktunya' })
      .expect(422);
    expect(notMet.body.code).toBe('BUSINESS_GRADUATION_NOT_MET');

    const owner = await person();
    const base = { personId: owner, sector: 'KULINER', name: 'Warung', startDate: `${month(-1)}-01`, workers: 0 };
    await t.http
      .post('/api/v1/businesses')
      .set(kediri.auth)
      .send({ ...base, villageCode: NGANJUK_VILLAGE })
      .expect(422);
    await t.http
      .post('/api/v1/businesses')
      .set(kediri.auth)
      .send({ ...base, villageCode: '3571011' })
      .expect(400);
    await t.http
      .post('/api/v1/businesses')
      .set(kediri.auth)
      .send({ ...base, villageCode: KEDIRI_VILLAGE, workers: -1 })
      .expect(400);
    await t.http
      .post('/api/v1/businesses')
      .set(kediri.auth)
      .send({ ...base, villageCode: KEDIRI_VILLAGE, sector: 'TAMBANG' })
      .expect(400);
  });

  it('changes a business with If-Match only', async () => {
    const got = await t.http.get(`/api/v1/businesses/${silent}`).set(kediri.auth).expect(200);
    await t.http.patch(`/api/v1/businesses/${silent}`).set(kediri.auth).send({ workers: 3 }).expect(428);
    const patched = await t.http
      .patch(`/api/v1/businesses/${silent}`)
      .set(kediri.auth)
      .set('If-Match', got.headers.etag as string)
      .send({ workers: 3 })
      .expect(200);
    expect(patched.body.workers).toBe(3);
    await t.http
      .patch(`/api/v1/businesses/${silent}`)
      .set(kediri.auth)
      .set('If-Match', got.headers.etag as string)
      .send({ workers: 4 })
      .expect(412);
  });

  it('is scoped: another regency gets 404, an analyst 403', async () => {
    await t.http.get(`/api/v1/businesses/${grower}`).set(nganjuk.auth).expect(404);
    await t.http
      .post(`/api/v1/businesses/${staller}/reports`)
      .set(nganjuk.auth)
      .send({
        period: month(-7),
        revenueIdr: 1,
        netIncomeIdr: 1,
        workers: 0,
        open: true,
      })
      .expect(404);
    const list = await t.http.get('/api/v1/businesses/needs-intervention').set(nganjuk.auth).expect(200);
    expect(list.body.total).toBe(0);
    await t.http.get('/api/v1/businesses').set(analyst.auth).expect(403);
    await t.http.get(`/api/v1/businesses/${grower}`).set(analyst.auth).expect(403);
  });

  it('answers over GraphQL with the growth status and reports', async () => {
    const res = await t.http
      .post('/graphql')
      .set(kediri.auth)
      .send({
        query: `query($id: ID!) { business(id: $id) { name growthStatus reports { period netIncomeIdr } }
          businesses(status: STAGNAN) { data { id growthStatus } } }`,
        variables: { id: grower },
      })
      .expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.business.growthStatus).toBe('BERKEMBANG');
    expect(res.body.data.business.reports).toHaveLength(8);
    expect(res.body.data.businesses.data).toEqual([{ id: staller, growthStatus: 'STAGNAN' }]);
  });
});
