import { addMonths } from '../src/businesses/growth-status';
import { todayIn } from '../src/common/dates';
import { Role } from '../src/identity/permissions';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

const TODAY = todayIn('Asia/Jakarta');
const YEAR = Number(TODAY.slice(0, 4));
const CURRENT_MONTH = TODAY.slice(0, 7);
const KEDIRI_VILLAGE = '3571011010';
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The Kota Kediri story of issue 7, end to end over HTTP: 40 stable eks klien trained twice a week in doormats and
 * beadwork; one gets a sewing-machine grant, disbursed into two assets; her business reports for 8 months and is
 * growing; another business stalls and is flagged for intervention.
 */
describe('the Kediri story (e2e)', () => {
  let t: TestApp;
  let kediri: TestPrincipal;
  let officer: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    kediri = await asRole(t, Role.REGENCY_OPERATOR);
    officer = await asRole(t, Role.PROVINCE_OFFICER);
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs from training to a growing business', async () => {
    // 40 eks klien of Kota Kediri, each with an open after-care case and a recent STABLE assessment.
    const people: string[] = [];
    for (let i = 0; i < 40; i++) {
      const person = await t.http
        .post('/api/v1/persons')
        .set(kediri.auth)
        .send({
          fullName: `Peserta Keset ${i + 1}`,
          sex: i % 3 === 0 ? 'M' : 'F',
          domicile: { villageCode: KEDIRI_VILLAGE },
        })
        .expect(201);
      const caseRes = await t.http
        .post('/api/v1/cases')
        .set(kediri.auth)
        .send({ personId: person.body.id, kind: 'COMMUNITY', stage: 'BIMBINGAN_LANJUT', openedOn: shift(TODAY, -120) })
        .expect(201);
      await t.http
        .post(`/api/v1/cases/${caseRes.body.id}/assessments`)
        .set(kediri.auth)
        .send({
          kind: 'STABILITY',
          result: 'STABLE',
          assessorName: 'Psikolog Puskesmas',
          assessedOn: shift(TODAY, -60),
        })
        .expect(201);
      people.push(person.body.id as string);
    }

    // Tuesdays and Thursdays over six weeks, six facilitators, now finished.
    const training = await t.http
      .post('/api/v1/trainings')
      .set(kediri.auth)
      .send({
        skill: 'KESET_KAIN_PERCA',
        title: 'Keset kain perca dan meronce manik-manik',
        venue: { villageCode: KEDIRI_VILLAGE, place: 'Balai Kelurahan Ngampel' },
        startsOn: shift(TODAY, -56),
        endsOn: shift(TODAY, -15),
        weekdays: ['TUE', 'THU'],
        capacity: 40,
        facilitators: ['Bu Sri', 'Bu Wati', 'Pak Joko', 'Bu Ani', 'Pak Budi', 'Bu Rina'],
      })
      .expect(201);
    const sessions = (training.body.sessions as { id: string; date: string }[]).filter((s) => s.date <= TODAY);
    expect(sessions.length).toBe(12);
    for (const personId of people) {
      await t.http
        .post(`/api/v1/trainings/${training.body.id}/enrolments`)
        .set(kediri.auth)
        .send({ personId })
        .expect(201);
    }
    const enrolled = (
      await t.http.get(`/api/v1/trainings/${training.body.id}/participants`).set(kediri.auth).expect(200)
    ).body.data as { id: string; personId: string }[];
    expect(enrolled).toHaveLength(40);
    // Everyone attends, except that the last four miss half the sessions.
    const weak = new Set(enrolled.filter((e) => people.indexOf(e.personId) >= 36).map((e) => e.id));
    for (const [index, session] of sessions.entries()) {
      await t.http
        .post(`/api/v1/trainings/${training.body.id}/sessions/${session.id}/attendance`)
        .set(kediri.auth)
        .send({ entries: enrolled.map((e) => ({ enrolmentId: e.id, present: !(weak.has(e.id) && index % 2 === 0) })) })
        .expect(200);
    }
    const progress = (
      await t.http.get(`/api/v1/trainings/${training.body.id}/participants`).set(kediri.auth).expect(200)
    ).body.data as { personId: string; progress: { completed: boolean; certificate: boolean; sessionsHeld: number } }[];
    expect(progress.every((p) => p.progress.sessionsHeld === 12)).toBe(true);
    expect(progress.filter((p) => p.progress.completed && p.progress.certificate)).toHaveLength(36);
    expect(
      progress
        .filter((p) => !p.progress.completed)
        .map((p) => people.indexOf(p.personId))
        .sort(),
    ).toEqual([36, 37, 38, 39]);

    // A sewing machine and an overlocker for the first graduate of the training, within the regency's budget.
    const [siti, second] = people;
    await t.http
      .post('/api/v1/grant-budgets')
      .set(officer.auth)
      .send({ regencyCode: '3571', year: YEAR, amountIdr: 50_000_000 })
      .expect(201);
    const proposed = await t.http
      .post('/api/v1/grants')
      .set(kediri.auth)
      .send({
        personId: siti,
        businessPlan: 'Usaha keset kain perca dan jahit',
        items: [
          { kind: 'SEWING_MACHINE', description: 'Mesin jahit', quantity: 1, unitValueIdr: 2_500_000 },
          { kind: 'OVERLOCK_MACHINE', description: 'Mesin obras', quantity: 1, unitValueIdr: 2_000_000 },
        ],
      })
      .expect(201);
    // The completed training is what meets the skill criterion: no stated skill was given.
    expect(proposed.body.criteria.find((c: { code: string }) => c.code === 'SKILL')).toMatchObject({ passed: true });
    await t.http.post(`/api/v1/grants/${proposed.body.id}/approve`).set(officer.auth).send({}).expect(200);
    await t.http
      .post(`/api/v1/grants/${proposed.body.id}/disburse`)
      .set(kediri.auth)
      .send({
        date: TODAY,
        receiverName: 'Peserta Keset 1',
        witnessName: 'Lurah Ngampel',
        documentReference: 'BAST/2026/001',
      })
      .expect(200);
    const assets = await t.http.get(`/api/v1/assets?grantId=${proposed.body.id}`).set(kediri.auth).expect(200);
    expect(assets.body.data.map((a: { status: string }) => a.status)).toEqual(['IN_USE', 'IN_USE']);

    // Eight months of reports: a growing business, and one that stalls.
    const business = async (personId: string, name: string, grantId?: string) =>
      (
        await t.http
          .post('/api/v1/businesses')
          .set(kediri.auth)
          .send({
            personId,
            grantId,
            sector: 'KERAJINAN',
            name,
            villageCode: KEDIRI_VILLAGE,
            startDate: `${addMonths(CURRENT_MONTH, -8)}-01`,
            workers: 0,
          })
          .expect(201)
      ).body.id as string;
    const growing = await business(siti, 'Keset Siti', proposed.body.id);
    const stalling = await business(second, 'Manik Dua');
    for (let i = 8; i >= 1; i--) {
      const period = addMonths(CURRENT_MONTH, -i);
      await t.http
        .post(`/api/v1/businesses/${growing}/reports`)
        .set(kediri.auth)
        .send({
          period,
          revenueIdr: 1_500_000 + (8 - i) * 400_000,
          netIncomeIdr: 800_000 + (8 - i) * 300_000,
          workers: i <= 2 ? 2 : 0,
          open: true,
        })
        .expect(201);
      await t.http
        .post(`/api/v1/businesses/${stalling}/reports`)
        .set(kediri.auth)
        .send({ period, revenueIdr: 900_000, netIncomeIdr: 400_000, workers: 0, open: true })
        .expect(201);
    }
    const grown = await t.http.get(`/api/v1/businesses/${growing}`).set(kediri.auth).expect(200);
    expect(grown.body.growth.status).toBe('BERKEMBANG');
    const flagged = await t.http.get('/api/v1/businesses/needs-intervention').set(kediri.auth).expect(200);
    const ids = flagged.body.data.map((d: { business: { id: string } }) => d.business.id);
    expect(ids).toContain(stalling);
    expect(ids).not.toContain(growing);
  });
});
