import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RequestContext } from '../src/common/context/request-context';
import { todayIn } from '../src/common/dates';
import { AppException } from '../src/common/errors/app-exception';
import { seededOrganizationId } from '../src/common/ids';
import { permissionsOf, Role } from '../src/identity/permissions';
import { AftercareService } from '../src/cases/aftercare.service';
import { AssessmentsService } from '../src/cases/assessments.service';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

const KOTA_KEDIRI_VILLAGE = '3571011010';
/** Rawa Makmur, Palaran, Kota Samarinda (Kalimantan Timur: WITA). */
const SAMARINDA_VILLAGE = '6472011001';

/** `YYYY-MM-DD` plus whole days. */
function plus(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Today in Jawa Timur (WIB), the local day of the Kota Kediri office. */
const wibToday = () => todayIn('Asia/Jakarta');

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

describe('case assessments and after-care (e2e)', () => {
  let t: TestApp;
  let operator: TestPrincipal; // Dinas Sosial Kota Kediri: manages the community cases, holds persons:pii
  let officer: TestPrincipal; // provincial officer of Jawa Timur: cases:read/write, no persons:pii
  let otherRegency: TestPrincipal; // Dinas Sosial Kabupaten Kediri: outside the cases' scope
  let partner: TestPrincipal;
  let upt: TestPrincipal;
  let samarinda: TestPrincipal; // Dinas Sosial Kota Samarinda (WITA)
  let caseId: string;
  let personId: string;
  let openedOn: string;

  beforeAll(async () => {
    t = await createTestApp();
    operator = await asRole(t, Role.REGENCY_OPERATOR);
    officer = await asRole(t, Role.PROVINCE_OFFICER);
    otherRegency = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3506');
    partner = await asRole(t, Role.PARTNER);
    upt = await asRole(t, Role.UPT_STAFF);
    samarinda = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-6472');
    openedOn = plus(wibToday(), -120);
    ({ caseId, personId } = await communityCase(operator, KOTA_KEDIRI_VILLAGE, openedOn));
  });
  afterAll(async () => {
    await t.close();
  });

  async function registerPerson(who: TestPrincipal, villageCode: string): Promise<string> {
    const res = await t.http
      .post('/api/v1/persons')
      .set(who.auth)
      .send({
        fullName: `Eks Klien ${Math.random().toString(36).slice(2, 8)}`,
        sex: 'M',
        domicile: { villageCode },
      })
      .expect(201);
    return res.body.id as string;
  }

  async function communityCase(
    who: TestPrincipal,
    villageCode: string,
    opened?: string,
  ): Promise<{ caseId: string; personId: string }> {
    const person = await registerPerson(who, villageCode);
    const res = await t.http
      .post('/api/v1/cases')
      .set(who.auth)
      .send({ personId: person, kind: 'COMMUNITY', stage: 'BIMBINGAN_LANJUT', ...(opened ? { openedOn: opened } : {}) })
      .expect(201);
    return { caseId: res.body.id as string, personId: person };
  }

  /** The handover schedules follow-ups (the lead's path); here they are written directly. */
  async function scheduleFollowUps(id: string, dueOn: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, due] of dueOn.entries()) {
      const [row] = await t.sql<{ id: string }>(
        `INSERT INTO case_follow_ups (case_id, sequence, due_on) VALUES ($1, $2, $3) RETURNING id`,
        [id, i + 1, due],
      );
      ids.push(row.id);
    }
    return ids;
  }

  /** Everything an after-care write could leave behind, to prove a refused request wrote nothing. */
  async function footprint(id: string): Promise<Record<string, number>> {
    const [row] = await t.sql<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM case_assessments WHERE case_id = $1) AS assessments,
              (SELECT count(*)::int FROM case_visits WHERE case_id = $1) AS visits,
              (SELECT count(*)::int FROM case_escalations WHERE case_id = $1) AS escalations,
              (SELECT count(*)::int FROM case_escalations WHERE case_id = $1 AND status <> 'OPEN') AS settled,
              (SELECT count(*)::int FROM case_follow_ups WHERE case_id = $1 AND visit_id IS NOT NULL) AS fulfilled,
              (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS events,
              (SELECT version FROM cases WHERE id = $1) AS version`,
      [id],
    );
    return row;
  }

  async function timelineTypes(id: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
    const res = await t.http.get(`/api/v1/cases/${id}/timeline`).set(operator.auth).expect(200);
    return res.body.data as { type: string; data: Record<string, unknown> }[];
  }

  function expectProblem(body: Problem, status: number, code: string): void {
    expect({ status: body.status, code: body.code }).toEqual({ status, code });
  }

  describe('assessments', () => {
    const NOTES = 'Halusinasi berkurang; tidur 7 jam; minum risperidon teratur';

    it('records a stability assessment, with its notes kept out of the timeline', async () => {
      const res = await t.http
        .post(`/api/v1/cases/${caseId}/assessments`)
        .set(operator.auth)
        .send({
          kind: 'STABILITY',
          result: 'STABLE',
          score: 78.5,
          assessorName: 'dr. Ratna Wulandari, Sp.KJ',
          assessorUserId: operator.userId,
          assessedOn: plus(wibToday(), -30),
          notes: NOTES,
        })
        .expect(201);
      expect(res.body).toMatchObject({
        caseId,
        kind: 'STABILITY',
        result: 'STABLE',
        score: 78.5,
        assessorUserId: operator.userId,
        notes: NOTES,
        notesWithheld: false,
        recordedBy: operator.userId,
      });
      const assessed = (await timelineTypes(caseId)).filter((e) => e.type === 'ASSESSED');
      expect(assessed).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ assessmentId: res.body.id, result: 'STABLE' }) }),
      ]);
      expect(JSON.stringify(assessed)).not.toContain('risperidon');
      const [audit] = await t.sql<{ person_id: string; action: string }>(
        `SELECT person_id, action FROM audit_events WHERE resource_type = 'case-assessment' AND resource_id = $1`,
        [res.body.id],
      );
      expect(audit).toEqual({ person_id: personId, action: 'CREATE' });
    });

    it('lets a SEVERITY assessment set the case severity, unless a later one exists', async () => {
      await t.http
        .post(`/api/v1/cases/${caseId}/assessments`)
        .set(officer.auth)
        .send({ kind: 'SEVERITY', result: 'BERAT', assessorName: 'Tim Asesmen', assessedOn: plus(wibToday(), -20) })
        .expect(201);
      let found = await t.http.get(`/api/v1/cases/${caseId}`).set(operator.auth).expect(200);
      expect(found.body.severity).toBe('BERAT');
      // An older assessment recorded late does not undo the newer finding.
      await t.http
        .post(`/api/v1/cases/${caseId}/assessments`)
        .set(operator.auth)
        .send({ kind: 'SEVERITY', result: 'RINGAN', assessorName: 'Tim Asesmen', assessedOn: plus(wibToday(), -60) })
        .expect(201);
      found = await t.http.get(`/api/v1/cases/${caseId}`).set(operator.auth).expect(200);
      expect(found.body.severity).toBe('BERAT');
      await t.http
        .post(`/api/v1/cases/${caseId}/assessments`)
        .set(operator.auth)
        .send({ kind: 'SEVERITY', result: 'SEDANG', assessorName: 'Tim Asesmen', assessedOn: plus(wibToday(), -1) })
        .expect(201);
      found = await t.http.get(`/api/v1/cases/${caseId}`).set(operator.auth).expect(200);
      expect(found.body.severity).toBe('SEDANG');
      const events = (await timelineTypes(caseId)).filter((e) => e.type === 'ASSESSED').map((e) => e.data.severity);
      expect(events).toEqual([undefined, { from: null, to: 'BERAT' }, undefined, { from: 'BERAT', to: 'SEDANG' }]);
    });

    it('accepts free text for NEEDS and OTHER', async () => {
      const res = await t.http
        .post(`/api/v1/cases/${caseId}/assessments`)
        .set(operator.auth)
        .send({
          kind: 'NEEDS',
          result: 'Butuh modal usaha jahit',
          assessorName: 'Pekerja Sosial',
          assessedOn: openedOn,
        })
        .expect(201);
      expect(res.body).toMatchObject({
        result: 'Butuh modal usaha jahit',
        score: null,
        notes: null,
        notesWithheld: false,
      });
    });

    it('shows notes only to callers holding persons:pii, by date and page', async () => {
      const masked = await t.http.get(`/api/v1/cases/${caseId}/assessments?limit=10`).set(officer.auth).expect(200);
      const stability = masked.body.data.find((a: { kind: string }) => a.kind === 'STABILITY');
      expect(stability).toMatchObject({ notes: null, notesWithheld: true, result: 'STABLE' });
      expect(JSON.stringify(masked.body)).not.toContain('risperidon');

      const dates = masked.body.data.map((a: { assessedOn: string }) => a.assessedOn);
      expect(dates).toEqual([...dates].sort());

      const first = await t.http.get(`/api/v1/cases/${caseId}/assessments?limit=2`).set(operator.auth).expect(200);
      expect(first.body.data).toHaveLength(2);
      const rest = await t.http
        .get(`/api/v1/cases/${caseId}/assessments?limit=10&cursor=${first.body.page.nextCursor}`)
        .set(operator.auth)
        .expect(200);
      expect([...first.body.data, ...rest.body.data].map((a: { id: string }) => a.id)).toEqual(
        masked.body.data.map((a: { id: string }) => a.id),
      );
      expect(
        [...first.body.data, ...rest.body.data].find((a: { kind: string }) => a.kind === 'STABILITY'),
      ).toMatchObject({ notes: NOTES, notesWithheld: false });
      const [{ n }] = await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_events WHERE resource_type = 'case-assessment' AND action = 'READ'
         AND person_id = $1`,
        [personId],
      );
      expect(n).toBe(3);
    });

    it('refuses bad assessments, naming the rule, and writes nothing', async () => {
      const before = await footprint(caseId);
      const base = { kind: 'STABILITY', result: 'STABLE', assessorName: 'Psikolog', assessedOn: plus(wibToday(), -2) };
      const post = (body: Record<string, unknown>, who = operator) =>
        t.http.post(`/api/v1/cases/${caseId}/assessments`).set(who.auth).set('Accept-Language', 'en').send(body);

      const result = await post({ ...base, result: 'OK' }).expect(400);
      expectProblem(result.body, 400, 'ASSESSMENT_RESULT_NOT_ALLOWED');
      expect(result.body.detail).toContain('STABLE, UNSTABLE');
      expect(result.body.errors[0].field).toBe('result');
      expectProblem(
        (await post({ ...base, kind: 'SEVERITY', result: 'PARAH' }).expect(400)).body,
        400,
        'ASSESSMENT_RESULT_NOT_ALLOWED',
      );

      const future = await post({ ...base, assessedOn: plus(wibToday(), 2) }).expect(400);
      expectProblem(future.body, 400, 'CASE_DATE_INVALID');
      expect(future.body.detail).toBe('assessedOn: must not be in the future');
      const early = await post({ ...base, assessedOn: plus(openedOn, -1) }).expect(400);
      expect(early.body.detail).toBe('assessedOn: must not be before the case was opened');

      const unknown = await post({ ...base, assessorUserId: randomUUID() }).expect(422);
      expectProblem(unknown.body, 422, 'CASE_STAFF_USER_UNKNOWN');
      expect(unknown.body.errors[0].field).toBe('assessorUserId');
      // A real user, but of another organisation.
      expectProblem(
        (await post({ ...base, assessorUserId: otherRegency.userId }).expect(422)).body,
        422,
        'CASE_STAFF_USER_UNKNOWN',
      );

      for (const bad of [
        { ...base, kind: 'MOOD' },
        { ...base, score: 10000 },
        { ...base, score: -10000 },
        { ...base, score: 1.234 },
        { ...base, score: '12' },
        { ...base, notes: 'x'.repeat(4001) },
        { ...base, result: 'x'.repeat(101), kind: 'OTHER' },
        { ...base, assessorName: '' },
        { ...base, assessedOn: '2025-02-30' },
        { ...base, unknownField: 1 },
      ]) {
        const res = await post(bad);
        expect([JSON.stringify(bad).slice(0, 60), res.status, res.body.code]).toEqual([
          JSON.stringify(bad).slice(0, 60),
          400,
          'VALIDATION_FAILED',
        ]);
      }
      expect(await footprint(caseId)).toEqual(before);
    });

    it('answers 404 outside the scope, 403 to a partner', async () => {
      const before = await footprint(caseId);
      const body = { kind: 'STABILITY', result: 'STABLE', assessorName: 'Psikolog', assessedOn: wibToday() };
      for (const who of [otherRegency, upt]) {
        const res = await t.http.post(`/api/v1/cases/${caseId}/assessments`).set(who.auth).send(body).expect(404);
        expectProblem(res.body, 404, 'CASE_NOT_FOUND');
        await t.http.get(`/api/v1/cases/${caseId}/assessments`).set(who.auth).expect(404);
      }
      await t.http.post(`/api/v1/cases/${caseId}/assessments`).set(partner.auth).send(body).expect(403);
      await t.http.get(`/api/v1/cases/${caseId}/assessments`).set(partner.auth).expect(403);
      await t.http.get(`/api/v1/cases/not-a-uuid/assessments`).set(operator.auth).expect(404);
      expect(await footprint(caseId)).toEqual(before);
    });

    it('gives the trainings module the latest stability assessment of the person', async () => {
      const service = t.app.get(AssessmentsService);
      const em = t.app.get(DataSource).manager;
      const stable = await service.latestStability(em, personId, plus(wibToday(), -90));
      expect(stable).toMatchObject({ kind: 'STABILITY', result: 'STABLE', assessedOn: plus(wibToday(), -30) });
      expect(await service.latestStability(em, personId, plus(wibToday(), -29))).toBeNull();

      await t.http
        .post(`/api/v1/cases/${caseId}/assessments`)
        .set(operator.auth)
        .send({ kind: 'STABILITY', result: 'UNSTABLE', assessorName: 'Psikolog', assessedOn: plus(wibToday(), -3) })
        .expect(201);
      expect(await service.latestStability(em, personId, plus(wibToday(), -90))).toMatchObject({ result: 'UNSTABLE' });
      expect(await service.latestStability(em, randomUUID(), '2000-01-01')).toBeNull();
    });
  });

  describe('visits and the follow-up schedule', () => {
    let followUps: string[];
    let relapseVisitId: string;

    beforeAll(async () => {
      const today = wibToday();
      followUps = await scheduleFollowUps(caseId, [
        plus(today, -40),
        plus(today, -10),
        plus(today, 3),
        plus(today, 20),
        plus(today, 50),
      ]);
    });

    it("shows the schedule on the office's local day", async () => {
      const res = await t.http.get(`/api/v1/cases/${caseId}/follow-ups`).set(officer.auth).expect(200);
      expect(res.body.data.map((f: { status: string; daysOverdue: number }) => [f.status, f.daysOverdue])).toEqual([
        ['OVERDUE', 40],
        ['OVERDUE', 10],
        ['DUE', 0],
        ['SCHEDULED', 0],
        ['SCHEDULED', 0],
      ]);
    });

    it('fulfils the earliest pending follow-up, or the one named', async () => {
      const visit = (body: Record<string, unknown>) =>
        t.http
          .post(`/api/v1/cases/${caseId}/visits`)
          .set(operator.auth)
          .send({
            officerName: 'Sri Wahyuni',
            findings: 'Minum obat teratur, membantu usaha keluarga',
            medicationAdherence: 'YES',
            relapse: false,
            ...body,
          })
          .expect(201);

      const first = await visit({ visitedOn: plus(wibToday(), -5), officerUserId: operator.userId });
      expect(first.body).toMatchObject({ followUpId: followUps[0], relapse: false, escalationId: null });
      const named = await visit({ visitedOn: wibToday(), followUpId: followUps[3] });
      expect(named.body.followUpId).toBe(followUps[3]);
      // visitedOn + 15 days reaches the one due in 3 days only after the overdue one is done.
      const second = await visit({ visitedOn: plus(wibToday(), -1), livingSituation: 'Tinggal bersama ibu' });
      expect(second.body).toMatchObject({ followUpId: followUps[1], livingSituation: 'Tinggal bersama ibu' });
      const third = await visit({ visitedOn: wibToday(), medicationAdherence: 'PARTIAL' });
      expect(third.body.followUpId).toBe(followUps[2]);
      // The last one is due in 50 days: too far ahead for this visit to count.
      const extra = await visit({ visitedOn: wibToday() });
      expect(extra.body.followUpId).toBeNull();

      const schedule = await t.http.get(`/api/v1/cases/${caseId}/follow-ups`).set(operator.auth).expect(200);
      expect(schedule.body.data.map((f: { status: string; visitId: string | null }) => [f.status, f.visitId])).toEqual([
        ['DONE', first.body.id],
        ['DONE', second.body.id],
        ['DONE', third.body.id],
        ['DONE', named.body.id],
        ['SCHEDULED', null],
      ]);
      const visited = (await timelineTypes(caseId)).filter((e) => e.type === 'VISITED');
      expect(visited.map((e) => e.data.followUpId)).toEqual([
        followUps[0],
        followUps[3],
        followUps[1],
        followUps[2],
        null,
      ]);
      expect(JSON.stringify(visited)).not.toContain('usaha keluarga');
    });

    it('opens an escalation on a relapse', async () => {
      const res = await t.http
        .post(`/api/v1/cases/${caseId}/visits`)
        .set(operator.auth)
        .send({
          visitedOn: wibToday(),
          officerName: 'Sri Wahyuni',
          findings: 'Gelisah, tidak tidur tiga malam, berhenti minum obat',
          medicationAdherence: 'NO',
          relapse: true,
          relapseNote: 'Kambuh: perlu pemeriksaan psikiater',
          suggestedDestination: 'RSJ',
        })
        .expect(201);
      relapseVisitId = res.body.id;
      expect(res.body.escalationId).toEqual(expect.any(String));
      const escalations = await t.http.get(`/api/v1/cases/${caseId}/escalations`).set(operator.auth).expect(200);
      expect(escalations.body.data).toEqual([
        expect.objectContaining({
          id: res.body.escalationId,
          visitId: relapseVisitId,
          status: 'OPEN',
          reason: 'Kambuh: perlu pemeriksaan psikiater',
          suggestedDestination: 'RSJ',
          openedBy: operator.userId,
        }),
      ]);
      const events = await timelineTypes(caseId);
      expect(events.slice(-2)).toEqual([
        expect.objectContaining({
          type: 'VISITED',
          data: expect.objectContaining({ visitId: relapseVisitId, relapse: true }),
        }),
        expect.objectContaining({
          type: 'ESCALATED',
          data: expect.objectContaining({ escalationId: res.body.escalationId }),
        }),
      ]);

      // Without a note, the findings are the reason.
      const plain = await t.http
        .post(`/api/v1/cases/${caseId}/visits`)
        .set(operator.auth)
        .send({
          visitedOn: wibToday(),
          officerName: 'Sri',
          findings: 'Bicara sendiri',
          medicationAdherence: 'UNKNOWN',
          relapse: true,
        })
        .expect(201);
      const [row] = await t.sql<{ reason: string; suggested_destination: string | null }>(
        `SELECT reason, suggested_destination FROM case_escalations WHERE id = $1`,
        [plain.body.escalationId],
      );
      expect(row).toEqual({ reason: 'Bicara sendiri', suggested_destination: null });
    });

    it('lists the visits by date with their escalations', async () => {
      const res = await t.http.get(`/api/v1/cases/${caseId}/visits?limit=200`).set(officer.auth).expect(200);
      expect(res.body.data).toHaveLength(7);
      const dates = res.body.data.map((v: { visitedOn: string }) => v.visitedOn);
      expect(dates).toEqual([...dates].sort());
      expect(res.body.data.find((v: { id: string }) => v.id === relapseVisitId).escalationId).toEqual(
        expect.any(String),
      );
      const page = await t.http.get(`/api/v1/cases/${caseId}/visits?limit=3`).set(officer.auth).expect(200);
      expect(page.body.data).toHaveLength(3);
      expect(page.body.page.nextCursor).toEqual(expect.any(String));
    });

    it('refuses bad visits, naming the rule, and writes nothing', async () => {
      const other = await communityCase(operator, KOTA_KEDIRI_VILLAGE, openedOn);
      const [otherFollowUp] = await scheduleFollowUps(other.caseId, [wibToday()]);
      const before = await footprint(caseId);
      const base = {
        visitedOn: wibToday(),
        officerName: 'Sri Wahyuni',
        findings: 'Baik',
        medicationAdherence: 'YES',
        relapse: false,
      };
      const post = (body: Record<string, unknown>) =>
        t.http.post(`/api/v1/cases/${caseId}/visits`).set(operator.auth).set('Accept-Language', 'en').send(body);

      const future = await post({ ...base, visitedOn: plus(wibToday(), 1) }).expect(400);
      expectProblem(future.body, 400, 'CASE_DATE_INVALID');
      expect(future.body.detail).toBe('visitedOn: must not be in the future');
      expect(future.body.errors).toEqual([{ field: 'visitedOn', message: 'must not be in the future' }]);
      const early = await post({ ...base, visitedOn: plus(openedOn, -1) }).expect(400);
      expect(early.body.detail).toBe('visitedOn: must not be before the case was opened');

      const unknown = await post({ ...base, followUpId: randomUUID() }).expect(422);
      expectProblem(unknown.body, 422, 'FOLLOW_UP_NOT_FOUND');
      expect(unknown.body.errors[0].field).toBe('followUpId');
      // Another case's follow-up is not this case's.
      expectProblem((await post({ ...base, followUpId: otherFollowUp }).expect(422)).body, 422, 'FOLLOW_UP_NOT_FOUND');
      const done = await post({ ...base, followUpId: followUps[0] }).expect(409);
      expectProblem(done.body, 409, 'FOLLOW_UP_NOT_PENDING');
      expect(done.body.detail).toContain('DONE');

      const note = await post({ ...base, relapseNote: 'Kambuh' }).expect(400);
      expectProblem(note.body, 400, 'VISIT_RELAPSE_DETAILS_WITHOUT_RELAPSE');
      expect(note.body.errors[0].field).toBe('relapseNote');
      expectProblem(
        (await post({ ...base, suggestedDestination: 'RSJ' }).expect(400)).body,
        400,
        'VISIT_RELAPSE_DETAILS_WITHOUT_RELAPSE',
      );
      expectProblem(
        (await post({ ...base, officerUserId: randomUUID() }).expect(422)).body,
        422,
        'CASE_STAFF_USER_UNKNOWN',
      );

      const { relapse: _relapse, ...withoutRelapse } = base;
      for (const bad of [
        withoutRelapse,
        { ...base, relapse: 'yes' },
        { ...base, medicationAdherence: 'SOMETIMES' },
        { ...base, findings: '' },
        { ...base, findings: 'x'.repeat(4001) },
        { ...base, livingSituation: 'x'.repeat(501) },
        { ...base, officerName: '  ' },
        { ...base, relapse: true, suggestedDestination: 'DUKUN' },
        { ...base, followUpId: 'abc' },
        { ...base, visitedOn: '17-08-2025' },
      ]) {
        const res = await post(bad);
        expect([JSON.stringify(bad).slice(0, 80), res.status, res.body.code]).toEqual([
          JSON.stringify(bad).slice(0, 80),
          400,
          'VALIDATION_FAILED',
        ]);
      }
      expect(await footprint(caseId)).toEqual(before);
    });

    it('records after-care visits on COMMUNITY cases only, and on open cases only', async () => {
      const resident = await registerPerson(upt, KOTA_KEDIRI_VILLAGE);
      const residential = await t.http
        .post('/api/v1/cases')
        .set(upt.auth)
        .send({ personId: resident, kind: 'RESIDENTIAL' })
        .expect(201);
      const body = {
        visitedOn: wibToday(),
        officerName: 'Sri',
        findings: 'Baik',
        medicationAdherence: 'YES',
        relapse: false,
      };
      const refused = await t.http
        .post(`/api/v1/cases/${residential.body.id}/visits`)
        .set(upt.auth)
        .send(body)
        .expect(409);
      expectProblem(refused.body, 409, 'VISIT_CASE_NOT_COMMUNITY');

      const closing = await communityCase(operator, KOTA_KEDIRI_VILLAGE, openedOn);
      await scheduleFollowUps(closing.caseId, [plus(wibToday(), -3), plus(wibToday(), 30)]);
      await t.http
        .post(`/api/v1/cases/${closing.caseId}/close`)
        .set(operator.auth)
        .send({ outcome: 'MANDIRI' })
        .expect(200);
      const before = await footprint(closing.caseId);
      const closed = await t.http
        .post(`/api/v1/cases/${closing.caseId}/visits`)
        .set(operator.auth)
        .send(body)
        .expect(409);
      expectProblem(closed.body, 409, 'CASE_CLOSED');
      const assessment = await t.http
        .post(`/api/v1/cases/${closing.caseId}/assessments`)
        .set(operator.auth)
        .send({ kind: 'NEEDS', result: 'Modal', assessorName: 'Peksos', assessedOn: wibToday() })
        .expect(409);
      expectProblem(assessment.body, 409, 'CASE_CLOSED');
      expect(await footprint(closing.caseId)).toEqual(before);
      // Closing cancelled what was still scheduled; a closed case's visits are no longer due.
      const schedule = await t.http.get(`/api/v1/cases/${closing.caseId}/follow-ups`).set(operator.auth).expect(200);
      expect(schedule.body.data.map((f: { status: string }) => f.status)).toEqual(['CANCELLED', 'CANCELLED']);
      const overdue = await t.http.get('/api/v1/follow-ups?status=overdue&limit=200').set(operator.auth).expect(200);
      expect(overdue.body.data.map((f: { caseId: string }) => f.caseId)).not.toContain(closing.caseId);
    });

    it('answers 404 outside the scope, 403 to a partner', async () => {
      const before = await footprint(caseId);
      const body = {
        visitedOn: wibToday(),
        officerName: 'Sri',
        findings: 'Baik',
        medicationAdherence: 'YES',
        relapse: false,
      };
      for (const who of [otherRegency, upt, samarinda]) {
        expectProblem(
          (await t.http.post(`/api/v1/cases/${caseId}/visits`).set(who.auth).send(body).expect(404)).body,
          404,
          'CASE_NOT_FOUND',
        );
        for (const path of ['visits', 'follow-ups', 'escalations']) {
          await t.http.get(`/api/v1/cases/${caseId}/${path}`).set(who.auth).expect(404);
        }
      }
      await t.http.post(`/api/v1/cases/${caseId}/visits`).set(partner.auth).send(body).expect(403);
      for (const path of ['visits', 'follow-ups', 'escalations']) {
        await t.http.get(`/api/v1/cases/${caseId}/${path}`).set(partner.auth).expect(403);
      }
      await t.http.get('/api/v1/follow-ups').set(partner.auth).expect(403);
      expect(await footprint(caseId)).toEqual(before);
    });
  });

  describe('escalations', () => {
    let escalationIds: string[];

    beforeAll(async () => {
      const open = await t.app.get(AftercareService).openEscalations(t.app.get(DataSource).manager, caseId);
      escalationIds = open.map((e) => e.id);
    });

    it('offers the open escalations, oldest first, to the referrals module', () => {
      expect(escalationIds).toHaveLength(2);
    });

    it('resolves an open escalation once', async () => {
      const res = await t.http
        .post(`/api/v1/cases/${caseId}/escalations/${escalationIds[0]}/resolve`)
        .set(operator.auth)
        .send({ resolution: 'Kontrol ke Puskesmas, kembali stabil' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'RESOLVED', resolution: 'Kontrol ke Puskesmas, kembali stabil' });
      expect(res.body.resolvedAt).toEqual(expect.any(String));
      const last = (await timelineTypes(caseId)).slice(-1)[0];
      expect(last).toMatchObject({
        type: 'ESCALATION_RESOLVED',
        data: { escalationId: escalationIds[0], status: 'RESOLVED' },
      });
      expect(JSON.stringify(last)).not.toContain('Puskesmas');

      const before = await footprint(caseId);
      const again = await t.http
        .post(`/api/v1/cases/${caseId}/escalations/${escalationIds[0]}/resolve`)
        .set(operator.auth)
        .send({ resolution: 'Lagi' })
        .expect(409);
      expectProblem(again.body, 409, 'ESCALATION_NOT_OPEN');
      expect(await footprint(caseId)).toEqual(before);
    });

    it('refuses unknown escalations, empty resolutions and callers outside the scope', async () => {
      const other = await communityCase(operator, KOTA_KEDIRI_VILLAGE, openedOn);
      const before = await footprint(caseId);
      const resolve = (id: string, escalationId: string, who = operator, resolution: unknown = 'Selesai') =>
        t.http.post(`/api/v1/cases/${id}/escalations/${escalationId}/resolve`).set(who.auth).send({ resolution });
      expectProblem((await resolve(caseId, randomUUID()).expect(404)).body, 404, 'ESCALATION_NOT_FOUND');
      expectProblem((await resolve(caseId, 'nope').expect(404)).body, 404, 'ESCALATION_NOT_FOUND');
      // The escalation exists, but on another case.
      expectProblem((await resolve(other.caseId, escalationIds[1]).expect(404)).body, 404, 'ESCALATION_NOT_FOUND');
      expectProblem((await resolve(caseId, escalationIds[1], operator, '').expect(400)).body, 400, 'VALIDATION_FAILED');
      expectProblem((await resolve(caseId, escalationIds[1], operator, 42).expect(400)).body, 400, 'VALIDATION_FAILED');
      expectProblem((await resolve(caseId, escalationIds[1], otherRegency).expect(404)).body, 404, 'CASE_NOT_FOUND');
      await resolve(caseId, escalationIds[1], partner).expect(403);
      expect(await footprint(caseId)).toEqual(before);
    });

    it('is marked referred by the referrals module, within the caller scope', async () => {
      const service = t.app.get(AftercareService);
      const as = (who: TestPrincipal, regionCode: string) => {
        const ctx = new RequestContext(randomUUID(), 'en', '127.0.0.1', undefined);
        ctx.principal = {
          kind: 'user',
          id: who.userId,
          name: who.username,
          organizationId: who.organizationId,
          regionCode,
          role: Role.REGENCY_OPERATOR,
          permissions: permissionsOf(Role.REGENCY_OPERATOR),
        };
        return ctx;
      };
      const referralId = randomUUID();
      const foreign = await service
        .markReferred(as(otherRegency, '3506'), escalationIds[1], referralId)
        .catch((e) => e);
      expect(foreign).toBeInstanceOf(AppException);
      expect((foreign as AppException).code).toBe('ESCALATION_NOT_FOUND');

      const referred = await service.markReferred(as(operator, '3571'), escalationIds[1], referralId);
      expect(referred).toMatchObject({ status: 'REFERRED', referralId });
      const last = (await timelineTypes(caseId)).slice(-1)[0];
      expect(last).toMatchObject({ type: 'ESCALATION_RESOLVED', data: { status: 'REFERRED', referralId } });
      expect(await service.openEscalations(t.app.get(DataSource).manager, caseId)).toEqual([]);
      const twice = await service.markReferred(as(operator, '3571'), escalationIds[1], randomUUID()).catch((e) => e);
      expect((twice as AppException).code).toBe('ESCALATION_NOT_OPEN');

      const list = await t.http.get(`/api/v1/cases/${caseId}/escalations?limit=1`).set(operator.auth).expect(200);
      expect(list.body.data.map((e: { status: string }) => e.status)).toEqual(['RESOLVED']);
      const next = await t.http
        .get(`/api/v1/cases/${caseId}/escalations?cursor=${list.body.page.nextCursor}`)
        .set(operator.auth)
        .expect(200);
      expect(next.body.data.map((e: { status: string }) => e.status)).toEqual(['REFERRED']);
      expect(next.body.page.nextCursor).toBeNull();
    });
  });

  describe('pending follow-ups across provinces (WIB and WITA)', () => {
    // 16:30 UTC: 23:30 WIB in Kota Kediri, already 00:30 the next day WITA in Samarinda.
    const utcDay = new Date().toISOString().slice(0, 10);
    const moment = new Date(`${utcDay}T16:30:00Z`);
    const wib = utcDay;
    const wita = plus(utcDay, 1);
    let kediri: { caseId: string; personId: string };
    let samarindaCase: { caseId: string; personId: string };
    let kediriRows: string[];
    let samarindaRows: string[];

    beforeAll(async () => {
      kediri = await communityCase(operator, KOTA_KEDIRI_VILLAGE, openedOn);
      samarindaCase = await communityCase(samarinda, SAMARINDA_VILLAGE, plus(utcDay, -100));
      kediriRows = await scheduleFollowUps(kediri.caseId, [plus(wib, -1), wib, plus(wib, 8)]);
      // The same calendar days, but in Samarinda "today" is already wib + 1.
      samarindaRows = await scheduleFollowUps(samarindaCase.caseId, [wib, plus(wib, 8), plus(wib, 9)]);
      jest.spyOn(t.app.get(AftercareService), 'now').mockReturnValue(moment);
    });
    afterAll(() => {
      jest.restoreAllMocks();
    });

    type Pending = {
      id: string;
      caseId: string;
      personId: string;
      managingOrganizationId: string;
      dueOn: string;
      sequence: number;
      status: string;
      daysOverdue: number;
    };
    const pending = async (who: TestPrincipal, status?: string): Promise<Pending[]> => {
      const res = await t.http
        .get(`/api/v1/follow-ups?limit=200${status ? `&status=${status}` : ''}`)
        .set(who.auth)
        .expect(200);
      return res.body.data as Pending[];
    };

    it('judges overdue by each region local day', async () => {
      const jatim = (await pending(operator, 'overdue')).filter((f) => f.caseId === kediri.caseId);
      expect(jatim).toEqual([
        {
          id: kediriRows[0],
          caseId: kediri.caseId,
          personId: kediri.personId,
          managingOrganizationId: seededOrganizationId('DINSOS-3571'),
          dueOn: plus(wib, -1),
          sequence: 1,
          status: 'OVERDUE',
          daysOverdue: 1,
          visitId: null,
        },
      ]);
      // Due "today" by WIB, but the day has already passed in Samarinda.
      const kaltim = await pending(samarinda, 'overdue');
      expect(kaltim.map((f) => [f.id, f.status, f.daysOverdue, f.managingOrganizationId])).toEqual([
        [samarindaRows[0], 'OVERDUE', 1, seededOrganizationId('DINSOS-6472')],
      ]);
      expect(wita).toBe(plus(wib, 1));
    });

    it('judges due (today to 7 days ahead) by each region local day', async () => {
      const jatim = (await pending(operator, 'due')).filter((f) => f.caseId === kediri.caseId);
      expect(jatim.map((f) => [f.id, f.status])).toEqual([[kediriRows[1], 'DUE']]);
      const kaltim = await pending(samarinda, 'due');
      expect(kaltim.map((f) => [f.id, f.status])).toEqual([[samarindaRows[1], 'DUE']]);
      const all = await pending(samarinda);
      expect(all.map((f) => [f.id, f.status])).toEqual([
        [samarindaRows[0], 'OVERDUE'],
        [samarindaRows[1], 'DUE'],
        [samarindaRows[2], 'SCHEDULED'],
      ]);
      const schedule = await t.http
        .get(`/api/v1/cases/${samarindaCase.caseId}/follow-ups`)
        .set(samarinda.auth)
        .expect(200);
      expect(schedule.body.data.map((f: { status: string }) => f.status)).toEqual(['OVERDUE', 'DUE', 'SCHEDULED']);
    });

    it('lists only the caller scope, ordered by due day, and audits each row', async () => {
      const jatim = await pending(officer);
      const dues = jatim.map((f) => f.dueOn);
      expect(dues).toEqual([...dues].sort());
      expect(jatim.map((f) => f.caseId)).toContain(kediri.caseId);
      expect(jatim.map((f) => f.caseId)).not.toContain(samarindaCase.caseId);
      expect(await pending(otherRegency)).toEqual([]);
      expect((await pending(samarinda)).map((f) => f.caseId)).toEqual([
        samarindaCase.caseId,
        samarindaCase.caseId,
        samarindaCase.caseId,
      ]);
      const [{ n }] = await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_events WHERE resource_type = 'case-follow-up' AND resource_id = $1`,
        [samarindaRows[0]],
      );
      expect(n).toBeGreaterThanOrEqual(2);

      const bad = await t.http.get('/api/v1/follow-ups?status=late').set(operator.auth).expect(400);
      expectProblem(bad.body, 400, 'VALIDATION_FAILED');
      await t.http.get('/api/v1/follow-ups?limit=0').set(operator.auth).expect(400);
      await t.http.get('/api/v1/follow-ups?cursor=%%%').set(operator.auth).expect(400);
    });

    it('pages through the list by due day', async () => {
      const first = await t.http.get('/api/v1/follow-ups?limit=2').set(samarinda.auth).expect(200);
      const second = await t.http
        .get(`/api/v1/follow-ups?limit=2&cursor=${first.body.page.nextCursor}`)
        .set(samarinda.auth)
        .expect(200);
      expect([...first.body.data, ...second.body.data].map((f: { id: string }) => f.id)).toEqual(samarindaRows);
      expect(second.body.page.nextCursor).toBeNull();
    });
  });
});
