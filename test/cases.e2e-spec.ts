import { seededOrganizationId } from '../src/common/ids';
import { todayIn } from '../src/common/dates';
import { Role } from '../src/identity/permissions';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

const KEDIRI_UPT = seededOrganizationId('UPT-RSBL-KEDIRI');
const NGANJUK_OFFICE = seededOrganizationId('DINSOS-3518');
/** A desa in Kabupaten Nganjuk (3518). */
const NGANJUK_VILLAGE = '3518012001';

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

describe('cases (e2e)', () => {
  let t: TestApp;
  let upt: TestPrincipal;
  let nganjuk: TestPrincipal;
  let kediriOperator: TestPrincipal;
  let officer: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    upt = await asRole(t, Role.UPT_STAFF);
    nganjuk = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3518');
    kediriOperator = await asRole(t, Role.REGENCY_OPERATOR);
    officer = await asRole(t, Role.PROVINCE_OFFICER);
  });
  afterAll(async () => {
    await t.close();
  });

  async function person(who: TestPrincipal, body: Record<string, unknown> = {}): Promise<string> {
    const res = await t.http
      .post('/api/v1/persons')
      .set(who.auth)
      .send({ fullName: `Penerima ${Math.random().toString(36).slice(2, 8)}`, sex: 'M', ...body })
      .expect(201);
    return res.body.id as string;
  }

  async function residentialCase(personId: string, who = upt): Promise<string> {
    const res = await t.http
      .post('/api/v1/cases')
      .set(who.auth)
      .send({ personId, kind: 'RESIDENTIAL', severity: 'SEDANG', ppksCategory: 'PPKS-09', openedOn: daysAgo(500) })
      .expect(201);
    return res.body.id as string;
  }

  it('runs the jejaring path: admit, assess, stages, discharge to Nganjuk, handover, overdue visit, relapse', async () => {
    const personId = await person(upt, { birthDate: '1988-05-10', disabilities: ['MENTAL'] });
    const caseId = await residentialCase(personId);

    const admitted = await t.http
      .post(`/api/v1/cases/${caseId}/admit`)
      .set(upt.auth)
      .send({ date: daysAgo(200), ward: 'Wisma Melati' })
      .expect(200);
    expect(admitted.body.residence).toMatchObject({
      organizationId: KEDIRI_UPT,
      ward: 'Wisma Melati',
      dischargedOn: null,
    });

    await t.http
      .post(`/api/v1/cases/${caseId}/assessments`)
      .set(upt.auth)
      .send({
        kind: 'STABILITY',
        result: 'STABLE',
        assessorName: 'Psikolog UPT',
        assessedOn: daysAgo(30),
        notes: 'Tenang, minum obat teratur',
      })
      .expect(201);

    for (const to of ['ASESMEN', 'RENCANA_INTERVENSI', 'INTERVENSI', 'RESOSIALISASI', 'TERMINASI']) {
      await t.http
        .post(`/api/v1/cases/${caseId}/stage`)
        .set(upt.auth)
        .send({ to, note: `Maju ke ${to}` })
        .expect(200);
    }

    // Nganjuk cannot see the resident yet.
    await t.http.get(`/api/v1/cases/${caseId}`).set(nganjuk.auth).expect(404);

    const discharged = await t.http
      .post(`/api/v1/cases/${caseId}/discharge`)
      .set(upt.auth)
      .send({
        date: daysAgo(40),
        destinationVillageCode: NGANJUK_VILLAGE,
        destinationAddress: 'Dusun Krajan RT 01',
        receivingFamily: { name: 'Suparmi', relation: 'IBU', phone: '+62 812 1234 5678' },
        reason: 'Stabil, keluarga siap menerima',
      })
      .expect(200);
    expect(discharged.body.residentialCase).toMatchObject({ status: 'CLOSED', outcome: 'RETURNED_TO_FAMILY' });
    const community = discharged.body.communityCase;
    expect(community).toMatchObject({
      kind: 'COMMUNITY',
      managingOrganizationId: NGANJUK_OFFICE,
      parentCaseId: caseId,
      stage: 'BIMBINGAN_LANJUT',
      status: 'OPEN',
      personId,
    });

    // The Nganjuk office sees the new case, its schedule, and the person, at once.
    const listed = await t.http.get('/api/v1/cases?status=OPEN').set(nganjuk.auth).expect(200);
    expect(listed.body.data.map((c: { id: string }) => c.id)).toContain(community.id);
    const seen = await t.http.get(`/api/v1/persons/${personId}`).set(nganjuk.auth).expect(200);
    expect(seen.body.domicile.villageCode).toBe(NGANJUK_VILLAGE);
    const schedule = await t.http.get(`/api/v1/cases/${community.id}/follow-ups`).set(nganjuk.auth).expect(200);
    expect(schedule.body.data).toHaveLength(6);

    // The first monthly visit (due 10 days ago) was missed: overdue.
    const overdue = await t.http.get('/api/v1/follow-ups?status=overdue').set(nganjuk.auth).expect(200);
    expect(overdue.body.data.map((f: { caseId: string }) => f.caseId)).toContain(community.id);

    const handover = await t.sql<{ type: string; organization_ids: string[] }>(
      `SELECT type, organization_ids FROM outbox_events WHERE aggregate_id = $1`,
      [community.id],
    );
    expect(handover).toEqual([
      { type: 'case.handover', organization_ids: expect.arrayContaining([KEDIRI_UPT, NGANJUK_OFFICE]) },
    ]);

    const visit = await t.http
      .post(`/api/v1/cases/${community.id}/visits`)
      .set(nganjuk.auth)
      .send({
        visitedOn: daysAgo(2),
        officerName: 'Pendamping Nganjuk',
        findings: 'Gelisah, tidak tidur, berhenti minum obat',
        medicationAdherence: 'NO',
        livingSituation: 'Tinggal dengan ibu',
        relapse: true,
        suggestedDestination: 'PUSKESMAS',
      })
      .expect(201);
    expect(visit.body.relapse).toBe(true);
    const escalations = await t.http.get(`/api/v1/cases/${community.id}/escalations`).set(nganjuk.auth).expect(200);
    expect(escalations.body.data).toEqual([
      expect.objectContaining({ status: 'OPEN', suggestedDestination: 'PUSKESMAS' }),
    ]);

    const timeline = await t.http.get(`/api/v1/cases/${caseId}/timeline`).set(upt.auth).expect(200);
    expect(timeline.body.data.map((e: { type: string }) => e.type)).toEqual([
      'OPENED',
      'ADMITTED',
      'ASSESSED',
      'STAGE_CHANGED',
      'STAGE_CHANGED',
      'STAGE_CHANGED',
      'STAGE_CHANGED',
      'STAGE_CHANGED',
      'DISCHARGED',
      'HANDED_OVER',
      'CLOSED',
    ]);
    const communityTimeline = await t.http.get(`/api/v1/cases/${community.id}/timeline`).set(nganjuk.auth).expect(200);
    expect(communityTimeline.body.data.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['HANDOVER_RECEIVED', 'FOLLOW_UPS_SCHEDULED', 'VISITED', 'ESCALATED']),
    );
  });

  it('holds UPT capacity under concurrency: with one place left, one of 20 admissions succeeds', async () => {
    const cases: string[] = [];
    for (let i = 0; i < 20; i++) cases.push(await residentialCase(await person(upt)));
    const [{ residents }] = await t.sql<{ residents: number }>(
      `SELECT count(*)::int AS residents FROM case_residences WHERE organization_id = $1 AND discharged_on IS NULL`,
      [KEDIRI_UPT],
    );
    await t.sql(`UPDATE organizations SET capacity = $2 WHERE id = $1`, [KEDIRI_UPT, residents + 1]);
    const results = await Promise.all(
      cases.map((id) =>
        t.http
          .post(`/api/v1/cases/${id}/admit`)
          .set(upt.auth)
          .send({ date: daysAgo(1) }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(19);
    expect(refused.every((r) => r.body.code === 'UPT_FULL')).toBe(true);
    const occupancy = await t.http.get(`/api/v1/organizations/${KEDIRI_UPT}/occupancy`).set(upt.auth).expect(200);
    expect(occupancy.body).toMatchObject({ capacity: residents + 1, residents: residents + 1, available: 0 });
    await t.sql(`UPDATE organizations SET capacity = 300 WHERE id = $1`, [KEDIRI_UPT]);
  });

  it('reports occupancy by severity and sex, and flags stays over 12 months', async () => {
    const longId = await residentialCase(await person(upt, { sex: 'F' }));
    await t.http
      .post(`/api/v1/cases/${longId}/admit`)
      .set(upt.auth)
      .send({ date: daysAgo(400) })
      .expect(200);
    const flagged = await t.http.get(`/api/v1/cases/${longId}`).set(upt.auth).expect(200);
    expect(flagged.body.longStay).toBe(true);
    const occupancy = await t.http.get(`/api/v1/organizations/${KEDIRI_UPT}/occupancy`).set(officer.auth).expect(200);
    expect(occupancy.body.longStays).toBeGreaterThanOrEqual(1);
    expect(occupancy.body.bySex.F).toBeGreaterThanOrEqual(1);
    expect(occupancy.body.bySeverity.SEDANG).toBeGreaterThanOrEqual(1);
    const longStays = await t.http.get('/api/v1/cases?longStay=true').set(upt.auth).expect(200);
    expect(longStays.body.data.map((c: { id: string }) => c.id)).toEqual([longId]);
    // Another UPT's staff and a regency office cannot read Kediri's occupancy.
    const pasuruan = await asRole(t, Role.UPT_STAFF, 'UPT-RSBL-PASURUAN');
    await t.http.get(`/api/v1/organizations/${KEDIRI_UPT}/occupancy`).set(pasuruan.auth).expect(404);
    await t.http.get(`/api/v1/organizations/${NGANJUK_OFFICE}/occupancy`).set(officer.auth).expect(404);
  });

  it('refuses bad input with the broken rule, writing nothing', async () => {
    const personId = await person(upt);
    const caseId = await residentialCase(personId);
    const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM case_events`);

    const second = await t.http.post('/api/v1/cases').set(upt.auth).send({ personId, kind: 'RESIDENTIAL' }).expect(409);
    expect(second.body.code).toBe('CASE_OPEN_RESIDENTIAL_EXISTS');
    const notUpt = await t.http
      .post('/api/v1/cases')
      .set(kediriOperator.auth)
      .send({ personId: await person(kediriOperator), kind: 'RESIDENTIAL' })
      .expect(422);
    expect(notUpt.body.code).toBe('CASE_ORGANIZATION_KIND');
    await t.http.post('/api/v1/cases').set(upt.auth).send({ personId, kind: 'HOSPITAL' }).expect(400);
    await t.http.post('/api/v1/cases').set(upt.auth).send({ personId: 'nope', kind: 'RESIDENTIAL' }).expect(400);

    const jump = await t.http
      .post(`/api/v1/cases/${caseId}/stage`)
      .set(upt.auth)
      .send({ to: 'INTERVENSI', note: 'loncat' })
      .expect(409);
    expect(jump.body).toMatchObject({ code: 'CASE_STAGE_JUMP', allowed: ['ASESMEN'] });
    await t.http.post(`/api/v1/cases/${caseId}/stage`).set(upt.auth).send({ to: 'NIRVANA', note: 'x y z' }).expect(422);
    await t.http.post(`/api/v1/cases/${caseId}/stage`).set(upt.auth).send({ to: 'ASESMEN' }).expect(400);

    const early = await t.http
      .post(`/api/v1/cases/${caseId}/discharge`)
      .set(upt.auth)
      .send({
        date: daysAgo(1),
        destinationVillageCode: NGANJUK_VILLAGE,
        receivingFamily: { name: 'Ibu', relation: 'IBU' },
        reason: 'pulang',
      })
      .expect(409);
    expect(early.body.code).toBe('CASE_NOT_ADMITTED');
    const future = todayIn('Asia/Jakarta', new Date(Date.now() + 3 * 86_400_000));
    const futureAdmit = await t.http
      .post(`/api/v1/cases/${caseId}/admit`)
      .set(upt.auth)
      .send({ date: future })
      .expect(400);
    expect(futureAdmit.body.code).toBe('CASE_DATE_INVALID');
    await t.http.post(`/api/v1/cases/${caseId}/close`).set(upt.auth).send({}).expect(400);
    await t.http.post(`/api/v1/cases/${caseId}/close`).set(upt.auth).send({ outcome: 'VANISHED' }).expect(400);

    await t.http
      .post(`/api/v1/cases/${caseId}/admit`)
      .set(upt.auth)
      .send({ date: daysAgo(5) })
      .expect(200);
    const stillResident = await t.http
      .post(`/api/v1/cases/${caseId}/close`)
      .set(upt.auth)
      .send({ outcome: 'LEFT' })
      .expect(409);
    expect(stillResident.body.code).toBe('CASE_STILL_RESIDENT');
    await t.http
      .post(`/api/v1/cases/${caseId}/admit`)
      .set(upt.auth)
      .send({ date: daysAgo(4) })
      .expect(409);
    const beforeAdmission = await t.http
      .post(`/api/v1/cases/${caseId}/discharge`)
      .set(upt.auth)
      .send({
        date: daysAgo(9),
        destinationVillageCode: NGANJUK_VILLAGE,
        receivingFamily: { name: 'Ibu', relation: 'IBU' },
        reason: 'pulang',
      })
      .expect(400);
    expect(beforeAdmission.body.code).toBe('CASE_DATE_INVALID');
    const unknownVillage = await t.http
      .post(`/api/v1/cases/${caseId}/discharge`)
      .set(upt.auth)
      .send({
        date: daysAgo(1),
        destinationVillageCode: '3599999999',
        receivingFamily: { name: 'Ibu', relation: 'IBU' },
        reason: 'pulang',
      })
      .expect(422);
    expect(unknownVillage.body.code).toBe('UNKNOWN_REGION');

    const after = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM case_events`);
    // Only the successful admission wrote an event.
    expect(after[0].n).toBe(before[0].n + 1);
  });

  it('closes a case with an outcome, and a closed case cannot change', async () => {
    const caseId = (
      await t.http
        .post('/api/v1/cases')
        .set(kediriOperator.auth)
        .send({ personId: await person(kediriOperator), kind: 'COMMUNITY', stage: 'BIMBINGAN_LANJUT' })
        .expect(201)
    ).body.id;
    const closed = await t.http
      .post(`/api/v1/cases/${caseId}/close`)
      .set(kediriOperator.auth)
      .send({ outcome: 'MANDIRI', note: 'Usaha jahit berjalan' })
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', outcome: 'MANDIRI' });
    const again = await t.http
      .post(`/api/v1/cases/${caseId}/stage`)
      .set(kediriOperator.auth)
      .send({ to: 'TERMINASI', note: 'balik' })
      .expect(409);
    expect(again.body.code).toBe('CASE_CLOSED');
  });

  it('changes a case with If-Match and keeps workers to the managing organisation', async () => {
    const caseId = await residentialCase(await person(upt));
    await t.http.patch(`/api/v1/cases/${caseId}`).set(upt.auth).send({ severity: 'BERAT' }).expect(428);
    const changed = await t.http
      .patch(`/api/v1/cases/${caseId}`)
      .set(upt.auth)
      .set('If-Match', '"1"')
      .send({ severity: 'BERAT', assignedWorkerIds: [upt.userId] })
      .expect(200);
    expect(changed.body).toMatchObject({ severity: 'BERAT', assignedWorkerIds: [upt.userId] });
    const foreignWorker = await t.http
      .patch(`/api/v1/cases/${caseId}`)
      .set(upt.auth)
      .set('If-Match', '*')
      .send({ assignedWorkerIds: [nganjuk.userId] })
      .expect(422);
    expect(foreignWorker.body.code).toBe('CASE_UNKNOWN_WORKER');
  });

  it('keeps cases to their scope', async () => {
    const caseId = await residentialCase(await person(upt));
    await t.http.get(`/api/v1/cases/${caseId}`).set(nganjuk.auth).expect(404);
    await t.http
      .post(`/api/v1/cases/${caseId}/admit`)
      .set(nganjuk.auth)
      .send({ date: daysAgo(1) })
      .expect(404);
    await t.http.get(`/api/v1/cases/${caseId}/timeline`).set(kediriOperator.auth).expect(404);
    const pasuruan = await asRole(t, Role.UPT_STAFF, 'UPT-RSBL-PASURUAN');
    await t.http.get(`/api/v1/cases/${caseId}`).set(pasuruan.auth).expect(404);
    await t.http.get(`/api/v1/cases/${caseId}`).set(officer.auth).expect(200);
    const kaltim = await asRole(t, Role.PROVINCE_OFFICER, 'DINSOS-64');
    await t.http.get(`/api/v1/cases/${caseId}`).set(kaltim.auth).expect(404);
    const partner = await asRole(t, Role.PARTNER);
    await t.http.get('/api/v1/cases').set(partner.auth).expect(403);
    await t.http.get(`/api/v1/cases/not-a-uuid`).set(upt.auth).expect(404);
    // A regency office sees the case of a person living in its regency, though a UPT manages it.
    const local = await person(upt, { domicile: { villageCode: '3571011010' } });
    const uptCase = await residentialCase(local);
    await t.http.get(`/api/v1/cases/${uptCase}`).set(kediriOperator.auth).expect(200);
  });

  it('serves cases over GraphQL with person, timeline, assessments and visits, batched', async () => {
    const query = `{ cases(status: OPEN, limit: 20) { data { id kind stage person { fullName } timeline { type } assessments { kind result } visits { relapse } } } }`;
    const res = await t.http.post('/graphql').set(upt.auth).send({ query }).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.cases.data.length).toBeGreaterThan(0);
    expect(res.body.data.cases.data[0].person.fullName).toMatch(/Penerima/);
    expect(res.body.data.cases.data[0].timeline[0].type).toBe('OPENED');
  });
});
