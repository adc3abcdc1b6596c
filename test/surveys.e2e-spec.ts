import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { asRole, ensurePartnerOrganization, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

const KEDIRI_NGO = seededOrganizationId('TEST-NGO-KEDIRI');

const serviceBody = (name: string) => ({
  name,
  category: 'FAMILY_SUPPORT',
  serviceArea: ['3571'],
});

const scores = (values: number[]) => Object.fromEntries(values.map((v, i) => [`U${i + 1}`, v]));
const all = (v: number) => scores(Array<number>(9).fill(v));

describe('satisfaction surveys (e2e)', () => {
  let t: TestApp;
  let partner: TestPrincipal;
  let otherPartner: TestPrincipal;
  let analyst: TestPrincipal;
  let kaltimOfficer: TestPrincipal;
  let serviceId: string;
  let secondServiceId: string;
  let survey: { id: string; token: string; link: string };

  const submit = (token: string, body: object) => t.http.post(`/api/v1/public/surveys/${token}/responses`).send(body);
  const resetLimits = () => t.sql(`DELETE FROM rate_limit_counters WHERE key LIKE 'survey-%'`);

  beforeAll(async () => {
    t = await createTestApp();
    partner = await asRole(t, Role.PARTNER);
    await ensurePartnerOrganization(t, 'TEST-NGO-MALANG', '3573');
    otherPartner = await asRole(t, Role.PARTNER, 'TEST-NGO-MALANG');
    analyst = await asRole(t, Role.ANALYST);
    kaltimOfficer = await asRole(t, Role.PROVINCE_OFFICER, 'DINSOS-64');
    const created = await t.http
      .post(`/api/v1/organizations/${KEDIRI_NGO}/services`)
      .set(partner.auth)
      .send(serviceBody('Pendampingan keluarga'))
      .expect(201);
    serviceId = created.body.id;
    const second = await t.http
      .post(`/api/v1/organizations/${KEDIRI_NGO}/services`)
      .set(partner.auth)
      .send(serviceBody('Konseling keluarga'))
      .expect(201);
    secondServiceId = second.body.id;
    await resetLimits();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets a partner open a survey for its own service, with a public link', async () => {
    const res = await t.http
      .post(`/api/v1/services/${serviceId}/surveys`)
      .set(partner.auth)
      .send({ title: 'SKM 2027' })
      .expect(201);
    expect(res.body).toMatchObject({ serviceId, organizationId: KEDIRI_NGO, active: true, title: 'SKM 2027' });
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(res.body.link).toBe(`/api/v1/public/surveys/${res.body.token}`);
    survey = res.body;
    const list = await t.http.get(`/api/v1/services/${serviceId}/surveys`).set(partner.auth).expect(200);
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([survey.id]);
  });

  it('serves the questionnaire anonymously', async () => {
    const res = await t.http.get(survey.link).expect(200);
    expect(res.body.elements.map((e: { code: string }) => e.code)).toEqual([
      'U1',
      'U2',
      'U3',
      'U4',
      'U5',
      'U6',
      'U7',
      'U8',
      'U9',
    ]);
    expect(res.body.elements[0]).toMatchObject({ name: 'Persyaratan', nameEn: 'Requirements' });
    expect(res.body.elements[0].question).toMatch(/persyaratan/);
    expect(res.body.serviceName).toBe('Pendampingan keluarga');
    expect(res.body.submitTo).toBe(`${survey.link}/responses`);
  });

  it('refuses bad answers with 400', async () => {
    for (const body of [
      { scores: { ...all(4), U3: 0 } },
      { scores: { ...all(4), U3: 5 } },
      { scores: { ...all(4), U3: 2.5 } },
      { scores: { ...all(4), U3: '4' } },
      { scores: (({ U9: _u9, ...rest }) => rest)(all(4)) },
      {},
      { scores: all(4), comment: 'x'.repeat(1001) },
      { scores: all(4), sex: 'OTHER' },
      { scores: all(4), name: 'Budi' },
    ]) {
      const res = await submit(survey.token, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect(await t.sql(`SELECT 1 FROM survey_responses`)).toHaveLength(0);
  });

  it('takes anonymous answers and computes the figures by the regulation', async () => {
    await submit(survey.token, { scores: all(4), ageBand: '30_39', sex: 'FEMALE', education: 'SMA' }).expect(201);
    await submit(survey.token, { scores: all(3), occupation: 'WIRAUSAHA', comment: 'Petugas ramah.' }).expect(201);
    await submit(survey.token, { scores: scores([4, 4, 4, 4, 4, 3, 3, 3, 3]) }).expect(201);
    await submit(survey.token, { scores: scores([2, 2, 2, 2, 2, 2, 2, 2, 1]) }).expect(201);
    // Nothing about the caller is kept beyond the optional profile.
    const [row] = await t.sql<Record<string, unknown>>(`SELECT * FROM survey_responses WHERE age_band = '30_39'`);
    expect(Object.keys(row).sort()).toEqual(
      [
        'id',
        'survey_id',
        ...Array.from({ length: 9 }, (_, i) => `u${i + 1}`),
        'age_band',
        'sex',
        'education',
        'occupation',
        'comment',
        'submitted_at',
      ].sort(),
    );

    const res = await t.http.get(`/api/v1/surveys/${survey.id}/results`).set(partner.auth).expect(200);
    // U1–U5: (4+3+4+2)/4 = 3.25; U6–U8: (4+3+3+2)/4 = 3.00; U9: (4+3+3+1)/4 = 2.75
    // IKM = (5 × 3.25 + 3 × 3 + 2.75) / 9 × 25 = 28 / 9 × 25 = 77.78 → B (76.61–88.30) Baik
    expect(res.body).toMatchObject({ surveyId: survey.id, serviceId, responses: 4, ikm: 77.78 });
    expect(res.body.elements.map((e: { average: number }) => e.average)).toEqual([
      3.25, 3.25, 3.25, 3.25, 3.25, 3, 3, 3, 2.75,
    ]);
    expect([res.body.category, res.body.categoryLabel]).toEqual(['B', 'Baik']);
    // Respondents' totals 36 and 32 (≥ 88.31), 27 (75.00), 17 (47.22)
    expect(res.body.distribution).toEqual([
      { level: 'SANGAT_PUAS', count: 2, percent: 50 },
      { level: 'PUAS', count: 0, percent: 0 },
      { level: 'CUKUP_PUAS', count: 1, percent: 25 },
      { level: 'TIDAK_PUAS', count: 1, percent: 25 },
    ]);
    // Province roles of the province read it too.
    await t.http.get(`/api/v1/surveys/${survey.id}/results`).set(analyst.auth).expect(200);
  });

  it("counts the answers of a period, in calendar days of the organisation's time zone", async () => {
    // 2020-12-31 17:30 UTC is 2021-01-01 00:30 in Kediri (WIB, UTC+7): a day later there than in UTC.
    await t.sql(`UPDATE survey_responses SET submitted_at = '2020-12-31T17:30:00Z' WHERE survey_id = $1 AND u9 = 1`, [
      survey.id,
    ]);
    const results = (query: string) =>
      t.http.get(`/api/v1/surveys/${survey.id}/results?${query}`).set(partner.auth).expect(200);
    const newYear = await results('from=2021-01-01&to=2021-01-01');
    expect(newYear.body).toMatchObject({ responses: 1, ikm: 47.22 }); // 17 / 36 × 100
    expect((await results('from=2020-01-01&to=2020-12-31')).body.responses).toBe(0);
    expect((await results('from=2021-01-02')).body.responses).toBe(3);
    expect((await results('to=2021-01-01')).body.responses).toBe(1);
    const org = await t.http
      .get(`/api/v1/organizations/${KEDIRI_NGO}/survey-results?from=2021-01-01&to=2021-01-01`)
      .set(partner.auth)
      .expect(200);
    expect(org.body).toMatchObject({ responses: 1, ikm: 47.22 });

    const reversed = await t.http
      .get(`/api/v1/surveys/${survey.id}/results?from=2021-02-01&to=2021-01-01`)
      .set(partner.auth)
      .expect(400);
    expect(reversed.body.code).toBe('SURVEY_INVALID_PERIOD');
    for (const bad of ['from=2021-02-30', 'to=01-01-2021', 'from=2021-01-01T00:00:00Z', 'since=2021-01-01'])
      await t.http.get(`/api/v1/surveys/${survey.id}/results?${bad}`).set(partner.auth).expect(400);
    await t.http
      .get(`/api/v1/organizations/${KEDIRI_NGO}/survey-results?from=2022-01-01&to=2021-01-01`)
      .set(partner.auth)
      .expect(400);
  });

  it("aggregates an organisation's services", async () => {
    const second = await t.http
      .post(`/api/v1/services/${secondServiceId}/surveys`)
      .set(partner.auth)
      .send({})
      .expect(201);
    await submit(second.body.token, { scores: all(1) }).expect(201);
    const res = await t.http.get(`/api/v1/organizations/${KEDIRI_NGO}/survey-results`).set(partner.auth).expect(200);
    // Sums U1–U5 14, U6–U8 13, U9 12 over 5: (5 × 2.8 + 3 × 2.6 + 2.4) / 9 × 25 = 24.2 / 9 × 25 = 67.22 → C
    expect(res.body).toMatchObject({
      organizationId: KEDIRI_NGO,
      responses: 5,
      ikm: 67.22,
      category: 'C',
      categoryLabel: 'Kurang Baik',
    });
    expect(res.body.distribution.map((d: { count: number }) => d.count)).toEqual([2, 0, 1, 2]);
    expect(
      res.body.services.map((s: { serviceId: string; ikm: number; responses: number }) => [
        s.serviceId,
        s.responses,
        s.ikm,
      ]),
    ).toEqual([
      [secondServiceId, 1, 25],
      [serviceId, 4, 77.78],
    ]);
  });

  it('produces a QR code that decodes to the absolute public link', async () => {
    const png = await t.http
      .get(`/api/v1/surveys/${survey.id}/qr.png`)
      .set(partner.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toBe('private, no-store');
    const image = PNG.sync.read(png.body as Buffer);
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    // Without PUBLIC_BASE_URL the base is the address the caller used (supertest: 127.0.0.1 on a random port).
    expect(decoded?.data).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${survey.link}$`));
    expect(png.headers.link).toBe(`<${decoded?.data}>; rel="describes"`);

    // The injected config is this object, so setting the base here is what PUBLIC_BASE_URL does at boot.
    t.config.publicBaseUrl = 'https://jejaring.jatimprov.go.id';
    try {
      const svg = await t.http.get(`/api/v1/surveys/${survey.id}/qr.svg`).set(analyst.auth).expect(200);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(svg.text ?? String(svg.body)).toContain('<svg');
      expect(svg.headers.link).toBe(`<https://jejaring.jatimprov.go.id${survey.link}>; rel="describes"`);
    } finally {
      t.config.publicBaseUrl = undefined;
    }

    await t.http.get(`/api/v1/surveys/${survey.id}/qr.svg`).set(otherPartner.auth).expect(404);
    await t.http.get(`/api/v1/surveys/${survey.id}/qr.svg`).set(kaltimOfficer.auth).expect(404);
    await t.http.get('/api/v1/surveys/not-a-uuid/qr.png').set(partner.auth).expect(404);
    await t.http.get(`/api/v1/surveys/${survey.id}/qr.svg`).expect(401);
  });

  it('answers 404 for a closed or unknown link', async () => {
    const closed = await t.http.post(`/api/v1/surveys/${survey.id}/close`).set(partner.auth).expect(200);
    expect(closed.body).toMatchObject({ active: false });
    expect(closed.body.closedAt).toEqual(expect.any(String));
    const res = await submit(survey.token, { scores: all(4) }).expect(404);
    expect(res.body.code).toBe('SURVEY_LINK_NOT_FOUND');
    await t.http.get(survey.link).expect(404);
    await t.http.get('/api/v1/public/surveys/not-a-real-token-at-all').expect(404);
    // Results stay readable after closing.
    const results = await t.http.get(`/api/v1/surveys/${survey.id}/results`).set(partner.auth).expect(200);
    expect(results.body.responses).toBe(4);
    // A closed survey has nothing left to print.
    const qr = await t.http.get(`/api/v1/surveys/${survey.id}/qr.svg`).set(partner.auth).expect(409);
    expect(qr.body.code).toBe('SURVEY_CLOSED');
  });

  it('keeps other organisations and read-only roles out', async () => {
    await t.http.post(`/api/v1/services/${serviceId}/surveys`).set(otherPartner.auth).send({}).expect(403);
    await t.http.get(`/api/v1/services/${serviceId}/surveys`).set(otherPartner.auth).expect(403);
    await t.http.get(`/api/v1/surveys/${survey.id}/results`).set(otherPartner.auth).expect(404);
    await t.http.post(`/api/v1/surveys/${survey.id}/close`).set(otherPartner.auth).expect(404);
    await t.http.get(`/api/v1/organizations/${KEDIRI_NGO}/survey-results`).set(otherPartner.auth).expect(403);
    await t.http.get(`/api/v1/surveys/${survey.id}/results`).set(kaltimOfficer.auth).expect(404);
    await t.http.post(`/api/v1/services/${serviceId}/surveys`).set(analyst.auth).send({}).expect(403);
    await t.http.post(`/api/v1/surveys/${survey.id}/close`).set(analyst.auth).expect(403);
    await t.http.post('/api/v1/services/not-a-uuid/surveys').set(partner.auth).send({}).expect(404);
    await t.http.post(`/api/v1/services/${serviceId}/surveys`).send({}).expect(401);
  });

  it('rate-limits anonymous submissions per IP address with 429 and Retry-After', async () => {
    await resetLimits();
    const open = await t.http.post(`/api/v1/services/${serviceId}/surveys`).set(partner.auth).send({}).expect(201);
    for (let i = 0; i < 10; i++) await submit(open.body.token, { scores: all(3) }).expect(201);
    const res = await submit(open.body.token, { scores: all(3) }).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Guessing links counts against the same limit.
    await submit('guessed-token-guessed-token', { scores: all(3) }).expect(429);
    await resetLimits();
  });

  it('limits one survey to 300 answers an hour from all addresses together', async () => {
    await resetLimits();
    const open = await t.http.post(`/api/v1/services/${serviceId}/surveys`).set(partner.auth).send({}).expect(201);
    // 299 answers already this hour (seeding the counter stands in for 299 requests from many addresses).
    await t.sql(`INSERT INTO rate_limit_counters (key, window_start, count) VALUES ($1, now(), 299)`, [
      `survey-token:${open.body.id}`,
    ]);
    await submit(open.body.token, { scores: all(2) }).expect(201);
    const res = await submit(open.body.token, { scores: all(2) }).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(60);
    const [{ count }] = await t.sql<{ count: string }>(`SELECT count(*) FROM survey_responses WHERE survey_id = $1`, [
      open.body.id,
    ]);
    expect(Number(count)).toBe(1);
    // Another survey is not affected.
    const other = await t.http
      .post(`/api/v1/services/${secondServiceId}/surveys`)
      .set(partner.auth)
      .send({})
      .expect(201);
    await submit(other.body.token, { scores: all(2) }).expect(201);
    await resetLimits();
  });
});
