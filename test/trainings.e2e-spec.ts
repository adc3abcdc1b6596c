import { DataSource } from 'typeorm';
import { todayIn } from '../src/common/dates';
import { Role } from '../src/identity/permissions';
import { TrainingsService } from '../src/trainings/trainings.service';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/** A kelurahan in Kota Kediri (3571). */
const KEDIRI_VILLAGE = '3571011001';
const DAY_CODES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const TODAY = todayIn('Asia/Jakarta');

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
function daysAgo(days: number): string {
  return shift(TODAY, -days);
}
/** Counted here independently of the service: every day of the period on one of the weekdays. */
function expectedDates(from: string, to: string, weekdays: string[]): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = shift(d, 1)) {
    if (weekdays.includes(DAY_CODES[new Date(`${d}T00:00:00Z`).getUTCDay()])) out.push(d);
  }
  return out;
}

interface Session {
  id: string;
  date: string;
  status: string;
}
interface Participant {
  id: string;
  personId: string;
  personName: string;
  progress: {
    sessionsHeld: number;
    sessionsAttended: number;
    percent: number;
    completed: boolean;
    certificate: boolean;
  };
}

describe('trainings (e2e)', () => {
  let t: TestApp;
  let kediri: TestPrincipal;
  let nganjuk: TestPrincipal;
  let analyst: TestPrincipal;
  let partner: TestPrincipal;
  let officer: TestPrincipal;
  const eligible: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    kediri = await asRole(t, Role.REGENCY_OPERATOR);
    nganjuk = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3518');
    analyst = await asRole(t, Role.ANALYST);
    partner = await asRole(t, Role.PARTNER);
    officer = await asRole(t, Role.PROVINCE_OFFICER);
    for (let i = 0; i < 41; i++) eligible.push(await eligiblePerson());
  });
  afterAll(async () => {
    await t.close();
  });

  async function person(): Promise<string> {
    const res = await t.http
      .post('/api/v1/persons')
      .set(kediri.auth)
      .send({ fullName: `Peserta ${Math.random().toString(36).slice(2, 8)}`, sex: 'F' })
      .expect(201);
    return res.body.id as string;
  }

  async function communityCase(personId: string, openedOn = daysAgo(200)): Promise<string> {
    const res = await t.http
      .post('/api/v1/cases')
      .set(kediri.auth)
      .send({ personId, kind: 'COMMUNITY', stage: 'BIMBINGAN_LANJUT', openedOn })
      .expect(201);
    return res.body.id as string;
  }

  async function assess(caseId: string, result: string, assessedOn: string): Promise<void> {
    await t.http
      .post(`/api/v1/cases/${caseId}/assessments`)
      .set(kediri.auth)
      .send({ kind: 'STABILITY', result, assessorName: 'Psikolog Puskesmas', assessedOn })
      .expect(201);
  }

  async function eligiblePerson(): Promise<string> {
    const id = await person();
    await assess(await communityCase(id), 'STABLE', daysAgo(20));
    return id;
  }

  function trainingBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      skill: 'KESET_KAIN_PERCA',
      title: 'Keset kain perca dan meronce manik-manik',
      venue: { villageCode: KEDIRI_VILLAGE, place: 'Balai Kelurahan Bandar Lor' },
      startsOn: daysAgo(14),
      endsOn: shift(daysAgo(14), 27),
      weekdays: ['TUE', 'THU'],
      capacity: 40,
      facilitators: ['Bu Sri', 'Bu Wati', 'Pak Joko', 'Bu Ani', 'Pak Budi', 'Bu Rina'],
      ...overrides,
    };
  }

  async function createTraining(overrides: Record<string, unknown> = {}, who = kediri) {
    const res = await t.http.post('/api/v1/trainings').set(who.auth).send(trainingBody(overrides)).expect(201);
    return res.body as { id: string; sessions: Session[]; enrolled: number; capacity: number };
  }

  function enrol(trainingId: string, personId: string, who = kediri, overrideReason?: string) {
    return t.http
      .post(`/api/v1/trainings/${trainingId}/enrolments`)
      .set(who.auth)
      .send({ personId, ...(overrideReason ? { overrideReason } : {}) });
  }

  it('lists the skills', async () => {
    const res = await t.http.get('/api/v1/training-skills').set(kediri.auth).expect(200);
    expect(res.body.data.map((s: { code: string }) => s.code)).toEqual(
      expect.arrayContaining(['KESET_KAIN_PERCA', 'MERONCE_MANIK_MANIK', 'MENJAHIT', 'MEMBATIK', 'OTHER']),
    );
  });

  it('runs the Kediri training: Tue/Thu sessions, 40 participants, 41st refused, bulk attendance, progress', async () => {
    const body = trainingBody();
    const training = await createTraining();
    const dates = expectedDates(body.startsOn as string, body.endsOn as string, ['TUE', 'THU']);
    expect(dates).toHaveLength(8);
    expect(training.sessions.map((s) => s.date)).toEqual(dates);
    expect(training.sessions.every((s) => s.status === 'SCHEDULED')).toBe(true);

    for (const personId of eligible.slice(0, 40)) {
      const res = await enrol(training.id, personId).expect(201);
      expect(res.body).toMatchObject({ personId, failedRules: [], overrideReason: null });
    }
    const full = await enrol(training.id, eligible[40]).expect(409);
    expect(full.body.code).toBe('TRAINING_FULL');
    const duplicate = await enrol(training.id, eligible[0]).expect(409);
    expect(duplicate.body.code).toBe('TRAINING_ALREADY_ENROLLED');

    const listed = await t.http.get(`/api/v1/trainings/${training.id}/participants`).set(kediri.auth).expect(200);
    const participants = listed.body.data as Participant[];
    expect(participants).toHaveLength(40);

    // Everyone at the first session, the first 30 at the second: 40 entries in one call each.
    const [first, second] = training.sessions.filter((s) => s.date <= TODAY);
    const entries = (present: (i: number) => boolean) =>
      participants.map((p, i) => ({ enrolmentId: p.id, present: present(i) }));
    const recorded = await t.http
      .post(`/api/v1/trainings/${training.id}/sessions/${first.id}/attendance`)
      .set(kediri.auth)
      .send({ entries: entries(() => true) })
      .expect(200);
    expect(recorded.body).toEqual({ sessionId: first.id, recorded: 40, present: 40 });
    await t.http
      .post(`/api/v1/trainings/${training.id}/sessions/${second.id}/attendance`)
      .set(kediri.auth)
      .send({ entries: entries((i) => i < 30) })
      .expect(200);
    // Recording again corrects (upsert), it does not add rows.
    await t.http
      .post(`/api/v1/trainings/${training.id}/sessions/${second.id}/attendance`)
      .set(kediri.auth)
      .send({ entries: entries((i) => i < 31) })
      .expect(200);
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM training_attendance WHERE session_id = $1`,
      [second.id],
    );
    expect(n).toBe(40);

    const held = dates.filter((d) => d <= TODAY).length;
    const after = await t.http.get(`/api/v1/trainings/${training.id}/participants`).set(kediri.auth).expect(200);
    const byId = new Map((after.body.data as Participant[]).map((p) => [p.id, p]));
    expect(byId.get(participants[0].id)?.progress).toEqual({
      sessionsHeld: held,
      sessionsAttended: 2,
      percent: Math.floor(200 / held),
      completed: false,
      certificate: false,
    });
    expect(byId.get(participants[39].id)?.progress.sessionsAttended).toBe(1);

    const one = await t.http
      .get(`/api/v1/trainings/${training.id}/enrolments/${participants[0].id}`)
      .set(kediri.auth)
      .expect(200);
    expect(one.body.personId).toBe(participants[0].personId);

    // Reading the participant list is audited per person.
    const audited = await t.sql<{ n: number }>(
      `SELECT count(DISTINCT person_id)::int AS n FROM audit_events
       WHERE resource_type = 'training-enrolment' AND action = 'READ' AND actor_id = $1`,
      [kediri.userId],
    );
    expect(audited[0].n).toBe(40);

    const gql = await t.http
      .post('/graphql')
      .set(kediri.auth)
      .send({
        query: `query($id: ID!) { training(id: $id) { title sessions { date } participants { personName sessionsAttended } } }`,
        variables: { id: training.id },
      })
      .expect(200);
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.training.sessions).toHaveLength(8);
    expect(gql.body.data.training.participants).toHaveLength(40);
    const list = await t.http
      .post('/graphql')
      .set(kediri.auth)
      .send({ query: `{ trainings(limit: 50) { data { id enrolled } } }` })
      .expect(200);
    expect(list.body.data.trainings.data).toContainEqual({ id: training.id, enrolled: 40 });
  });

  it('holds capacity under concurrency: one place left, 10 simultaneous enrolments, exactly 1', async () => {
    const training = await createTraining({ capacity: 2 });
    await enrol(training.id, eligible[0]).expect(201);
    const results = await Promise.all(eligible.slice(1, 11).map((personId) => enrol(training.id, personId)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM training_enrolments WHERE training_id = $1`,
      [training.id],
    );
    expect(n).toBe(2);
  });

  it('refuses an ineligible person naming each failed rule, unless overridden with a reason', async () => {
    const training = await createTraining();
    const noCase = await person();
    const refused = await enrol(training.id, noCase).expect(422);
    expect(refused.body.code).toBe('TRAINING_NOT_ELIGIBLE');
    expect(refused.body.rules).toEqual(['NO_OPEN_CASE', 'NO_RECENT_STABLE_ASSESSMENT']);

    // An old STABLE (older than 90 days) does not count; a newer UNSTABLE wins over an older STABLE.
    const stale = await person();
    await assess(await communityCase(stale), 'STABLE', daysAgo(120));
    expect((await enrol(training.id, stale).expect(422)).body.rules).toEqual(['NO_RECENT_STABLE_ASSESSMENT']);
    const relapsed = await person();
    const relapsedCase = await communityCase(relapsed);
    await assess(relapsedCase, 'STABLE', daysAgo(30));
    await assess(relapsedCase, 'UNSTABLE', daysAgo(5));
    expect((await enrol(training.id, relapsed).expect(422)).body.rules).toEqual(['NO_RECENT_STABLE_ASSESSMENT']);

    const [{ n: before }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM training_enrolments WHERE training_id = $1`,
      [training.id],
    );
    expect(before).toBe(0);

    // A partner may not override (403, before anything is looked up); the regency office may, with a reason.
    const partnerOverride = await enrol(training.id, noCase, partner, 'Rekomendasi pendamping desa').expect(403);
    expect(partnerOverride.body.code).toBe('TRAINING_OVERRIDE_NOT_ALLOWED');
    await t.http
      .post(`/api/v1/trainings/${training.id}/enrolments`)
      .set(kediri.auth)
      .send({ personId: noCase, overrideReason: 'short' })
      .expect(400);
    const overridden = await enrol(
      training.id,
      noCase,
      kediri,
      'Kasus sudah ditutup tetapi pendamping merekomendasikan',
    ).expect(201);
    expect(overridden.body).toMatchObject({
      failedRules: ['NO_OPEN_CASE', 'NO_RECENT_STABLE_ASSESSMENT'],
      overrideReason: 'Kasus sudah ditutup tetapi pendamping merekomendasikan',
    });
    const audit = await t.sql<{ purpose: string; changed_fields: string[] }>(
      `SELECT purpose, changed_fields FROM audit_events WHERE resource_type = 'training-enrolment' AND resource_id = $1`,
      [overridden.body.id],
    );
    expect(audit).toEqual([
      { purpose: 'TRAINING_OVERRIDE', changed_fields: expect.arrayContaining(['overrideReason', 'failedRules']) },
    ]);
  });

  it('computes completion and certificate once the period has ended; hasCompletedTraining agrees', async () => {
    const startsOn = daysAgo(30);
    const endsOn = daysAgo(3);
    const training = await createTraining({
      startsOn,
      endsOn,
      weekdays: ['MON', 'WED', 'FRI'],
      minAttendancePercent: 75,
    });
    const dates = expectedDates(startsOn, endsOn, ['MON', 'WED', 'FRI']);
    expect(training.sessions).toHaveLength(dates.length);
    const [diligent, absent] = [eligible[20], eligible[21]];
    const a = (await enrol(training.id, diligent).expect(201)).body.id as string;
    const b = (await enrol(training.id, absent).expect(201)).body.id as string;

    // One session cancelled: it no longer counts as held.
    const [cancelled, ...held] = training.sessions;
    await t.http
      .post(`/api/v1/trainings/${training.id}/sessions/${cancelled.id}/cancel`)
      .set(kediri.auth)
      .send({ reason: 'Banjir' })
      .expect(200);
    for (const [i, s] of held.entries()) {
      await t.http
        .post(`/api/v1/trainings/${training.id}/sessions/${s.id}/attendance`)
        .set(kediri.auth)
        .send({
          entries: [
            { enrolmentId: a, present: i > 0 },
            { enrolmentId: b, present: i % 2 === 0 },
          ],
        })
        .expect(200);
    }
    const res = await t.http.get(`/api/v1/trainings/${training.id}/participants`).set(kediri.auth).expect(200);
    const byId = new Map((res.body.data as Participant[]).map((p) => [p.id, p.progress]));
    expect(byId.get(a)).toMatchObject({
      sessionsHeld: held.length,
      sessionsAttended: held.length - 1,
      completed: true,
      certificate: true,
    });
    expect(byId.get(b)).toMatchObject({
      sessionsHeld: held.length,
      sessionsAttended: Math.ceil(held.length / 2),
      completed: false,
      certificate: false,
    });

    const em = t.app.get(DataSource).manager;
    const trainings = t.app.get(TrainingsService);
    expect(await trainings.hasCompletedTraining(em, diligent)).toBe(true);
    expect(await trainings.hasCompletedTraining(em, absent)).toBe(false);
  });

  it('refuses bad attendance: another training, another enrolment, a cancelled or a future session', async () => {
    const training = await createTraining();
    const other = await createTraining();
    const enrolment = (await enrol(training.id, eligible[30]).expect(201)).body.id as string;
    const foreign = (await enrol(other.id, eligible[31]).expect(201)).body.id as string;
    const past = training.sessions.filter((s) => s.date <= TODAY);
    const future = training.sessions.find((s) => s.date > TODAY)!;
    const url = (sessionId: string) => `/api/v1/trainings/${training.id}/sessions/${sessionId}/attendance`;
    const entries = [{ enrolmentId: enrolment, present: true }];

    const otherSession = other.sessions[0].id;
    expect((await t.http.post(url(otherSession)).set(kediri.auth).send({ entries }).expect(404)).body.code).toBe(
      'TRAINING_SESSION_NOT_FOUND',
    );
    await t.http.post(url('not-a-uuid')).set(kediri.auth).send({ entries }).expect(404);
    const mismatch = await t.http
      .post(url(past[0].id))
      .set(kediri.auth)
      .send({ entries: [...entries, { enrolmentId: foreign, present: true }] })
      .expect(422);
    expect(mismatch.body).toMatchObject({ code: 'TRAINING_ENROLMENT_MISMATCH', enrolmentIds: [foreign] });
    expect((await t.http.post(url(future.id)).set(kediri.auth).send({ entries }).expect(400)).body.code).toBe(
      'TRAINING_SESSION_IN_FUTURE',
    );
    await t.http
      .post(`/api/v1/trainings/${training.id}/sessions/${past[1].id}/cancel`)
      .set(kediri.auth)
      .send({})
      .expect(200);
    await t.http
      .post(`/api/v1/trainings/${training.id}/sessions/${past[1].id}/cancel`)
      .set(kediri.auth)
      .send({})
      .expect(409);
    expect((await t.http.post(url(past[1].id)).set(kediri.auth).send({ entries }).expect(409)).body.code).toBe(
      'TRAINING_SESSION_CANCELLED',
    );
    await t.http.post(url(past[0].id)).set(kediri.auth).send({ entries: [] }).expect(400);
    await t.http
      .post(url(past[0].id))
      .set(kediri.auth)
      .send({ entries: [...entries, ...entries] })
      .expect(400);
    await t.http
      .post(url(past[0].id))
      .set(kediri.auth)
      .send({ entries: [{ enrolmentId: enrolment, present: 'yes' }] })
      .expect(400);
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
       WHERE s.training_id IN ($1, $2)`,
      [training.id, other.id],
    );
    expect(n).toBe(0);
  });

  it('adds a session within the period, once per day', async () => {
    const training = await createTraining();
    const monday = expectedDates(daysAgo(14), shift(daysAgo(14), 27), ['MON'])[0];
    const added = await t.http
      .post(`/api/v1/trainings/${training.id}/sessions`)
      .set(kediri.auth)
      .send({ date: monday })
      .expect(201);
    expect(added.body).toMatchObject({ date: monday, status: 'SCHEDULED' });
    await t.http.post(`/api/v1/trainings/${training.id}/sessions`).set(kediri.auth).send({ date: monday }).expect(409);
    await t.http
      .post(`/api/v1/trainings/${training.id}/sessions`)
      .set(kediri.auth)
      .send({ date: shift(daysAgo(14), 40) })
      .expect(400);
    const got = await t.http.get(`/api/v1/trainings/${training.id}`).set(kediri.auth).expect(200);
    expect(got.body.sessions).toHaveLength(9);
  });

  it('refuses bad trainings with problem+json, writing nothing', async () => {
    const [{ n: before }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM trainings`);
    const bad: [Record<string, unknown>, number, string][] = [
      [{ endsOn: daysAgo(20) }, 400, 'TRAINING_DATE_INVALID'],
      [{ endsOn: shift(daysAgo(14), 400) }, 400, 'TRAINING_DATE_INVALID'],
      [{ weekdays: [] }, 400, 'VALIDATION_FAILED'],
      [{ weekdays: ['TUE', 'XYZ'] }, 400, 'VALIDATION_FAILED'],
      [{ capacity: 0 }, 400, 'VALIDATION_FAILED'],
      [{ capacity: 501 }, 400, 'VALIDATION_FAILED'],
      [{ facilitators: [] }, 400, 'VALIDATION_FAILED'],
      [{ facilitators: Array.from({ length: 21 }, (_, i) => `Fasilitator ${i}`) }, 400, 'VALIDATION_FAILED'],
      [{ minAttendancePercent: 101 }, 400, 'VALIDATION_FAILED'],
      [{ skill: 'ASTRONOMI' }, 422, 'TRAINING_UNKNOWN_SKILL'],
      [{ venue: { villageCode: '3571011999', place: 'Balai' } }, 422, 'TRAINING_VILLAGE_INVALID'],
      [{ venue: { villageCode: '3571', place: 'Balai' } }, 400, 'VALIDATION_FAILED'],
      [
        {
          startsOn: daysAgo(14),
          endsOn: daysAgo(14),
          weekdays: [DAY_CODES[new Date(`${daysAgo(13)}T00:00:00Z`).getUTCDay()]],
        },
        422,
        'TRAINING_NO_SESSIONS',
      ],
    ];
    for (const [overrides, status, code] of bad) {
      const res = await t.http.post('/api/v1/trainings').set(kediri.auth).send(trainingBody(overrides));
      expect({ overrides, status: res.status, code: res.body.code }).toEqual({ overrides, status, code });
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const [{ n: after }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM trainings`);
    expect(after).toBe(before);
  });

  it('keeps trainings in scope: another regency 404, analyst 403, province sees, a partner cannot enrol', async () => {
    const training = await createTraining();
    await t.http.get(`/api/v1/trainings/${training.id}`).set(nganjuk.auth).expect(404);
    await t.http.get(`/api/v1/trainings/${training.id}/participants`).set(nganjuk.auth).expect(404);
    expect((await enrol(training.id, eligible[0], nganjuk).expect(404)).body.code).toBe('TRAINING_NOT_FOUND');
    const nganjukList = await t.http.get('/api/v1/trainings').set(nganjuk.auth).expect(200);
    expect(nganjukList.body.data.map((x: { id: string }) => x.id)).not.toContain(training.id);
    await t.http.get(`/api/v1/trainings/${training.id}`).set(analyst.auth).expect(403);
    await t.http.get('/api/v1/trainings').set(analyst.auth).expect(403);
    await t.http.post('/api/v1/trainings').set(analyst.auth).send(trainingBody()).expect(403);
    await t.http.get(`/api/v1/trainings/${training.id}`).set(officer.auth).expect(200);
    // Nganjuk cannot run a training for the Kediri office.
    await t.http
      .post('/api/v1/trainings')
      .set(nganjuk.auth)
      .send(trainingBody({ providerOrganizationId: kediri.organizationId }))
      .expect(403);

    // A partner provides its own training; it cannot see the persons, so the regency office enrols them.
    const own = await createTraining({ capacity: 5 }, partner);
    expect((await enrol(own.id, eligible[5], partner).expect(404)).body.code).toBe('PERSON_NOT_FOUND');
    await enrol(own.id, eligible[5], kediri).expect(201);
    const seen = await t.http.get(`/api/v1/trainings/${own.id}/participants`).set(partner.auth).expect(200);
    expect(seen.body.data).toHaveLength(1);
    await t.http.get(`/api/v1/trainings/${training.id}`).set(partner.auth).expect(404);
  });
});
