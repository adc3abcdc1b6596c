import { createTestApp, TestApp } from './helpers/test-app';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { nikFor } from '../src/persons/nik';
import { asRole, TestPrincipal } from './helpers/auth';

const HOUR = 60 * 60 * 1000;

describe('data-subject rights (e2e)', () => {
  let t: TestApp;
  let operator: TestPrincipal; // Dinas Sosial Kota Kediri: registers and reads people, holds persons:pii
  let officer: TestPrincipal; // provincial officer
  let otherRegency: TestPrincipal; // Dinas Sosial Kabupaten Kediri
  let dpo: TestPrincipal; // AUDITOR: the data-protection officer (persons:rights)
  let serial = 1;

  beforeAll(async () => {
    t = await createTestApp();
    operator = await asRole(t, Role.REGENCY_OPERATOR);
    officer = await asRole(t, Role.PROVINCE_OFFICER);
    otherRegency = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3506');
    dpo = await asRole(t, Role.AUDITOR);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A person of Kota Kediri with a NIK, a KK, a guardian and a street address. */
  async function register(fullName: string, idempotencyKey?: string) {
    const nik = nikFor({ districtCode: '357101', birthDate: '1985-03-12', sex: 'F', serial: serial++ });
    const kk = `357101010109${String(serial++).padStart(4, '0')}`;
    const res = await t.http
      .post('/api/v1/persons')
      .set(operator.auth)
      .set(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {})
      .send({
        fullName,
        aliases: [`Mbak ${fullName.split(' ')[0]}`],
        sex: 'F',
        birthDate: '1985-03-12',
        birthPlace: 'Kediri',
        nik,
        kk: { number: kk },
        phone: '+62 812 3456 7890',
        domicile: { villageCode: '3571011010', address: 'Jl. Ngampel 5' },
        disabilities: ['MENTAL'],
        guardian: { name: 'Suparman Wiryo', relation: 'AYAH', phone: '+62 813 1111 2222' },
        externalIds: { dtksId: 'DTKS-3571-0001' },
      });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, nik, kk };
  }

  const dsr = (personId: string, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/persons/${personId}/data-subject-requests`).set(dpo.auth).send(body);

  describe('requests and their 3×24-hour deadline', () => {
    let personId: string;
    beforeAll(async () => {
      personId = (await register('Rini Astuti')).id;
    });

    it('records a request with dueAt exactly 72 hours after receivedAt', async () => {
      const receivedAt = '2026-11-20T09:15:00.000+07:00';
      const res = await dsr(personId, {
        kind: 'ACCESS',
        receivedAt,
        channel: 'LETTER',
        description: 'Minta salinan data',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        personId,
        kind: 'ACCESS',
        channel: 'LETTER',
        status: 'OPEN',
        description: 'Minta salinan data',
        recordedBy: dpo.userId,
        changedFields: [],
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
      expect(new Date(res.body.receivedAt).getTime()).toBe(new Date(receivedAt).getTime());
      expect(new Date(res.body.dueAt).getTime() - new Date(res.body.receivedAt).getTime()).toBe(72 * HOUR);
      const got = await t.http.get(`/api/v1/data-subject-requests/${res.body.id}`).set(dpo.auth).expect(200);
      expect(got.body.id).toBe(res.body.id);
    });

    it('defaults receivedAt to now', async () => {
      const before = Date.now();
      const res = await dsr(personId, { kind: 'OBJECTION' }).expect(201);
      const received = new Date(res.body.receivedAt).getTime();
      expect(received).toBeGreaterThanOrEqual(before - 1000);
      expect(received).toBeLessThanOrEqual(Date.now() + 1000);
      expect(new Date(res.body.dueAt).getTime() - received).toBe(72 * HOUR);
      expect(res.body.overdue).toBe(false);
    });

    it('lists open and overdue requests by deadline, each with its overdue flag', async () => {
      const old = await dsr(personId, {
        kind: 'ACCESS',
        receivedAt: new Date(Date.now() - 4 * 24 * HOUR).toISOString(),
      });
      const older = await dsr(personId, {
        kind: 'CORRECTION',
        receivedAt: new Date(Date.now() - 5 * 24 * HOUR).toISOString(),
      });
      expect([old.status, older.status]).toEqual([201, 201]);
      expect(old.body.overdue).toBe(true);

      const overdue = await t.http
        .get('/api/v1/data-subject-requests?status=OPEN&overdue=true')
        .set(dpo.auth)
        .expect(200);
      const ids = overdue.body.data.map((r: { id: string }) => r.id);
      expect(ids).toEqual(expect.arrayContaining([old.body.id, older.body.id]));
      expect(ids.indexOf(older.body.id)).toBeLessThan(ids.indexOf(old.body.id));
      expect(
        overdue.body.data.every((r: { overdue: boolean; status: string }) => r.overdue && r.status === 'OPEN'),
      ).toBe(true);

      const open = await t.http.get(`/api/v1/data-subject-requests?status=OPEN&personId=${personId}`).set(dpo.auth);
      const dues = open.body.data.map((r: { dueAt: string }) => r.dueAt);
      expect(dues).toEqual([...dues].sort());
      expect(open.body.data.some((r: { overdue: boolean }) => !r.overdue)).toBe(true);
      const notOverdue = await t.http.get('/api/v1/data-subject-requests?overdue=false').set(dpo.auth).expect(200);
      expect(notOverdue.body.data.map((r: { id: string }) => r.id)).not.toContain(old.body.id);

      const first = await t.http.get(`/api/v1/data-subject-requests?personId=${personId}&limit=2`).set(dpo.auth);
      const second = await t.http
        .get(`/api/v1/data-subject-requests?personId=${personId}&limit=2&cursor=${first.body.page.nextCursor}`)
        .set(dpo.auth)
        .expect(200);
      const all = await t.http.get(`/api/v1/data-subject-requests?personId=${personId}`).set(dpo.auth);
      expect([...first.body.data, ...second.body.data].map((r: { id: string }) => r.id)).toEqual(
        all.body.data.slice(0, 4).map((r: { id: string }) => r.id),
      );
    });

    it('completes and refuses open requests, with the resolution; a resolved request stays resolved', async () => {
      const access = await dsr(personId, { kind: 'ACCESS' }).expect(201);
      const done = await t.http
        .post(`/api/v1/data-subject-requests/${access.body.id}/complete`)
        .set(dpo.auth)
        .send({ resolution: 'Salinan diserahkan langsung' })
        .expect(200);
      expect(done.body).toMatchObject({
        status: 'COMPLETED',
        resolution: 'Salinan diserahkan langsung',
        overdue: false,
      });
      expect(done.body.resolvedAt).not.toBeNull();
      expect(done.headers.etag).toBe('"2"');
      const again = await t.http
        .post(`/api/v1/data-subject-requests/${access.body.id}/refuse`)
        .set(dpo.auth)
        .send({ resolution: 'terlambat' })
        .expect(409);
      expect(again.body.code).toBe('DATA_SUBJECT_REQUEST_NOT_OPEN');

      const objection = await dsr(personId, { kind: 'OBJECTION' }).expect(201);
      await t.http.post(`/api/v1/data-subject-requests/${objection.body.id}/refuse`).set(dpo.auth).send({}).expect(400);
      const refused = await t.http
        .post(`/api/v1/data-subject-requests/${objection.body.id}/refuse`)
        .set(dpo.auth)
        .send({ resolution: 'Pemrosesan berdasarkan tugas pelayanan publik (Pasal 20)' })
        .expect(200);
      expect(refused.body.status).toBe('REFUSED');
      const open = await t.http.get(`/api/v1/data-subject-requests?status=OPEN&personId=${personId}`).set(dpo.auth);
      expect(open.body.data.map((r: { id: string }) => r.id)).not.toContain(objection.body.id);
    });

    it('refuses bad input, foreign people and callers without persons:rights', async () => {
      const future = new Date(Date.now() + 24 * HOUR).toISOString();
      const cases: [Record<string, unknown>, string][] = [
        [{ kind: 'FORGET_ME' }, 'kind'],
        [{}, 'kind'],
        [{ kind: 'ACCESS', receivedAt: future }, 'receivedAt'],
        [{ kind: 'ACCESS', receivedAt: '2026-11-20' }, 'receivedAt'],
        [{ kind: 'ACCESS', receivedAt: '2026-11-20T09:00:00' }, 'receivedAt'],
        [{ kind: 'ACCESS', channel: 'PIGEON' }, 'channel'],
        [{ kind: 'ACCESS', description: 'x'.repeat(2001) }, 'description'],
        [{ kind: 'ACCESS', status: 'COMPLETED' }, 'status'],
      ];
      const before = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM data_subject_requests`);
      for (const [body, field] of cases) {
        const res = await dsr(personId, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      await dsr(seededOrganizationId('no-person'), { kind: 'ACCESS' }).expect(404);
      await t.http.get('/api/v1/data-subject-requests/not-a-uuid').set(dpo.auth).expect(404);
      await t.http.get('/api/v1/data-subject-requests?status=DONE').set(dpo.auth).expect(400);
      await t.http.get('/api/v1/data-subject-requests?overdue=yes').set(dpo.auth).expect(400);
      await t.http
        .post(`/api/v1/data-subject-requests/${seededOrganizationId('no-request')}/complete`)
        .set(dpo.auth)
        .send({ resolution: 'selesai' })
        .expect(404);
      // Operators and officers do casework; answering requests is the DPO's (AUDITOR, PROVINCE_ADMIN).
      await t.http
        .post(`/api/v1/persons/${personId}/data-subject-requests`)
        .set(operator.auth)
        .send({ kind: 'ACCESS' })
        .expect(403);
      await t.http.get('/api/v1/data-subject-requests').set(officer.auth).expect(403);
      await t.http.get(`/api/v1/persons/${personId}/data-export`).set(operator.auth).expect(403);
      const after = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM data_subject_requests`);
      expect(after[0].n).toBe(before[0].n);

      // A province admin of another province is a DPO too, but not for Jawa Timur's people.
      const kaltim = await asRole(t, Role.PROVINCE_ADMIN, 'DINSOS-64');
      await dsr(personId, { kind: 'ACCESS' }).set(kaltim.auth).expect(404);
      await t.http.get(`/api/v1/persons/${personId}/data-export`).set(kaltim.auth).expect(404);
      const theirs = await t.http.get('/api/v1/data-subject-requests').set(kaltim.auth).expect(200);
      expect(theirs.body.data).toEqual([]);
      const [request] = await t.sql<{ id: string }>(
        `SELECT id FROM data_subject_requests WHERE person_id = $1 LIMIT 1`,
        [personId],
      );
      await t.http.get(`/api/v1/data-subject-requests/${request.id}`).set(kaltim.auth).expect(404);
      await t.http
        .post(`/api/v1/data-subject-requests/${request.id}/complete`)
        .set(kaltim.auth)
        .send({ resolution: 'selesai' })
        .expect(404);
    });
  });

  describe('data export', () => {
    it('holds the unmasked record, its histories, consents, requests and who read it, when and why', async () => {
      const { id, nik, kk } = await register('Dewi Kartika');
      await t.http.get(`/api/v1/persons/${id}`).set(officer.auth).set('X-Purpose', 'verifikasi bansos').expect(200);
      await t.http.get(`/api/v1/persons/${id}`).set(operator.auth).expect(200);
      await t.http
        .post(`/api/v1/persons/${id}/consents`)
        .set(operator.auth)
        .send({ purpose: 'REFERRAL', givenBy: 'SELF', givenOn: '2026-01-05', evidenceReference: 'FPS-1' })
        .expect(201);
      const access = await dsr(id, { kind: 'ACCESS' }).expect(201);

      const res = await t.http.get(`/api/v1/persons/${id}/data-export`).set(dpo.auth).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body.person).toMatchObject({
        id,
        fullName: 'Dewi Kartika',
        nik,
        kkNumbers: [expect.objectContaining({ number: kk })],
        domicileHistory: [expect.objectContaining({ villageCode: '3571011010', address: 'Jl. Ngampel 5' })],
        guardian: expect.objectContaining({ name: 'Suparman Wiryo' }),
      });
      expect(res.body.consents).toEqual([expect.objectContaining({ purpose: 'REFERRAL', evidenceReference: 'FPS-1' })]);
      expect(res.body.dataSubjectRequests).toEqual([expect.objectContaining({ id: access.body.id, kind: 'ACCESS' })]);
      const reads = res.body.accessLog.filter(
        (e: { action: string; resourceType: string }) => e.action === 'READ' && e.resourceType === 'person',
      );
      expect(reads).toEqual([
        expect.objectContaining({
          actorName: officer.username,
          organizationName: 'Dinas Sosial Provinsi Jawa Timur',
          role: 'PROVINCE_OFFICER',
          purpose: 'verifikasi bansos',
        }),
        expect.objectContaining({
          actorName: operator.username,
          role: 'REGENCY_OPERATOR',
          purpose: 'PERSON_RECORD_VIEW',
        }),
      ]);
      expect(res.body.accessLog[0]).toMatchObject({
        action: 'CREATE',
        resourceType: 'person',
        actorName: operator.username,
      });
      expect(res.body.accessLog.every((e: { occurredAt: string }) => !Number.isNaN(Date.parse(e.occurredAt)))).toBe(
        true,
      );

      const exported = await t.sql(
        `SELECT actor_id, purpose FROM audit_events WHERE person_id = $1 AND action = 'EXPORT'`,
        [id],
      );
      expect(exported).toEqual([{ actor_id: dpo.userId, purpose: 'DATA_SUBJECT_ACCESS' }]);
      // The export is itself in the next export's trail.
      const next = await t.http.get(`/api/v1/persons/${id}/data-export`).set(dpo.auth).expect(200);
      expect(next.body.accessLog.map((e: { action: string }) => e.action)).toContain('EXPORT');
    });
  });

  describe('corrections', () => {
    it('applies the changes of a CORRECTION request, keeps their names on it and completes it', async () => {
      const { id } = await register('Siti Chodijah');
      const request = await dsr(id, { kind: 'CORRECTION', description: 'Nama yang benar Siti Khodijah' }).expect(201);
      const res = await t.http
        .post(`/api/v1/data-subject-requests/${request.body.id}/corrections`)
        .set(dpo.auth)
        .send({ changes: { fullName: 'Siti Khodijah', phone: null } })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'COMPLETED', changedFields: ['fullName', 'phone'] });
      expect(res.body.resolution).toContain('fullName');
      const person = await t.http.get(`/api/v1/persons/${id}`).set(operator.auth).expect(200);
      expect(person.body).toMatchObject({ fullName: 'Siti Khodijah', phone: null, version: 2 });
      const audit = await t.sql(
        `SELECT action, resource_type, changed_fields FROM audit_events WHERE person_id = $1 AND action = 'UPDATE' ORDER BY seq`,
        [id],
      );
      expect(audit).toEqual([
        { action: 'UPDATE', resource_type: 'person', changed_fields: ['fullName', 'phone'] },
        expect.objectContaining({ resource_type: 'data-subject-request' }),
      ]);

      const again = await t.http
        .post(`/api/v1/data-subject-requests/${request.body.id}/corrections`)
        .set(dpo.auth)
        .send({ changes: { fullName: 'Siti K.' } })
        .expect(409);
      expect(again.body.code).toBe('DATA_SUBJECT_REQUEST_NOT_OPEN');
    });

    it('refuses corrections on another kind of request, empty or unknown changes, and nothing changes', async () => {
      const { id } = await register('Lilis Suryani');
      const access = await dsr(id, { kind: 'ACCESS' }).expect(201);
      const wrong = await t.http
        .post(`/api/v1/data-subject-requests/${access.body.id}/corrections`)
        .set(dpo.auth)
        .send({ changes: { fullName: 'Lilis S.' } })
        .expect(422);
      expect(wrong.body.code).toBe('DATA_SUBJECT_REQUEST_WRONG_KIND');
      const correction = await dsr(id, { kind: 'CORRECTION' }).expect(201);
      const url = `/api/v1/data-subject-requests/${correction.body.id}/corrections`;
      const bad: [Record<string, unknown>, number, string][] = [
        [{}, 400, 'changes'],
        [{ changes: {} }, 400, 'changes'],
        [{ changes: { nik: '3571015203850001' } }, 400, 'changes.nik'],
        [{ changes: { fullName: '   ' } }, 400, 'changes.fullName'],
        [{ changes: { fullName: null } }, 400, 'changes.fullName'],
        [{ changes: { sex: 'X' } }, 400, 'changes.sex'],
        [{ changes: { birthDate: '2999-01-01' } }, 400, ''],
      ];
      for (const [body, status, field] of bad) {
        const res = await t.http.post(url).set(dpo.auth).send(body);
        expect({ body, status: res.status }).toEqual({ body, status });
        if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const unknownVillage = await t.http
        .post(url)
        .set(dpo.auth)
        .send({ changes: { domicile: { villageCode: '3571999999' } } });
      expect(unknownVillage.status).toBe(422);
      const [row] = await t.sql(`SELECT full_name, version FROM persons WHERE id = $1`, [id]);
      expect(row).toEqual({ full_name: 'Lilis Suryani', version: 1 });
      const [still] = await t.sql(`SELECT status FROM data_subject_requests WHERE id = $1`, [correction.body.id]);
      expect(still.status).toBe('OPEN');
    });
  });

  describe('restriction', () => {
    it('blocks reading and listing the person until lifted; requests and the export still work', async () => {
      const { id } = await register('Ratna Sari');
      const request = await dsr(id, { kind: 'RESTRICTION' }).expect(201);
      const lift = await dsr(id, { kind: 'LIFT_RESTRICTION' }).expect(201);
      const wrongKind = await t.http
        .post(`/api/v1/persons/${id}/restrict`)
        .set(dpo.auth)
        .send({ reason: 'keberatan ybs.', requestId: lift.body.id })
        .expect(422);
      expect(wrongKind.body.code).toBe('DATA_SUBJECT_REQUEST_WRONG_KIND');
      const other = await register('Ratna Dewi');
      const otherRequest = await dsr(other.id, { kind: 'RESTRICTION' }).expect(201);
      const notTheirs = await t.http
        .post(`/api/v1/persons/${id}/restrict`)
        .set(dpo.auth)
        .send({ reason: 'keberatan ybs.', requestId: otherRequest.body.id })
        .expect(422);
      expect(notTheirs.body.code).toBe('DATA_SUBJECT_REQUEST_UNKNOWN');

      const res = await t.http
        .post(`/api/v1/persons/${id}/restrict`)
        .set(dpo.auth)
        .send({ reason: 'Keberatan ybs. atas pemrosesan', requestId: request.body.id })
        .expect(200);
      expect(res.body).toMatchObject({
        id,
        restricted: true,
        restrictionReason: 'Keberatan ybs. atas pemrosesan',
        completedRequest: expect.objectContaining({ id: request.body.id, status: 'COMPLETED' }),
      });
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      await t.http.post(`/api/v1/persons/${id}/restrict`).set(dpo.auth).send({ reason: 'lagi' }).expect(409);

      const read = await t.http.get(`/api/v1/persons/${id}`).set(operator.auth).expect(409);
      expect(read.body.code).toBe('PERSON_RESTRICTED');
      const list = await t.http.get('/api/v1/persons?q=ratna').set(operator.auth).expect(200);
      expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([other.id]);
      await dsr(id, { kind: 'ACCESS' }).expect(201);
      await t.http.get(`/api/v1/persons/${id}/data-export`).set(dpo.auth).expect(200);
      const audit = await t.sql(`SELECT 1 FROM audit_events WHERE person_id = $1 AND action = 'RESTRICT'`, [id]);
      expect(audit).toHaveLength(1);

      const lifted = await t.http
        .post(`/api/v1/persons/${id}/lift-restriction`)
        .set(dpo.auth)
        .send({ requestId: lift.body.id })
        .expect(200);
      expect(lifted.body).toMatchObject({ restricted: false, restrictedAt: null, restrictionReason: null });
      expect(lifted.body.completedRequest.status).toBe('COMPLETED');
      await t.http.get(`/api/v1/persons/${id}`).set(operator.auth).expect(200);
      const back = await t.http.get('/api/v1/persons?q=ratna').set(operator.auth).expect(200);
      expect(back.body.data.map((p: { id: string }) => p.id).sort()).toEqual([id, other.id].sort());
      // No body at all is fine: requestId and reason are optional.
      const notRestricted = await t.http.post(`/api/v1/persons/${id}/lift-restriction`).set(dpo.auth).expect(409);
      expect(notRestricted.body.code).toBe('PERSON_NOT_RESTRICTED');
      await t.http.post(`/api/v1/persons/${id}/restrict`).set(dpo.auth).send({}).expect(400);
      await t.http.post(`/api/v1/persons/${id}/restrict`).set(otherRegency.auth).send({ reason: 'x y z' }).expect(403);
    });
  });

  describe('erasure', () => {
    it('anonymises identifying fields, keeps aggregates true and completes the request', async () => {
      const subject = await register('Kartini Wulandari', 'erase-me-key-1');
      // The stored response for Idempotency-Key replays holds the name and the NIK in clear.
      const cached = `SELECT count(*)::int AS n FROM idempotency_keys WHERE response_body::text LIKE '%Kartini%'`;
      expect(await t.sql(cached)).toEqual([{ n: 1 }]);
      await register('Sumiati Rahayu');
      const countsByRegency = `SELECT domicile_regency_code AS regency, count(*)::int AS n, min(extract(year FROM birth_date))::int AS year
                                 FROM persons GROUP BY 1 ORDER BY 1`;
      const before = await t.sql(countsByRegency);
      const request = await dsr(subject.id, { kind: 'ERASURE', channel: 'IN_PERSON' }).expect(201);

      const res = await t.http
        .post(`/api/v1/persons/${subject.id}/erase`)
        .set(dpo.auth)
        .send({ reason: 'Permintaan penghapusan ybs.', requestId: request.body.id })
        .expect(200);
      expect(res.body).toMatchObject({
        id: subject.id,
        status: 'ERASED',
        completedRequest: expect.objectContaining({ status: 'COMPLETED', resolution: 'Permintaan penghapusan ybs.' }),
      });
      expect(res.body.erasedAt).not.toBeNull();

      const [person] = await t.sql(`SELECT * FROM persons WHERE id = $1`, [subject.id]);
      expect(person).toMatchObject({
        full_name: 'TERHAPUS',
        aliases: [],
        birth_date_precision: 'YEAR',
        birth_place: null,
        nik_encrypted: null,
        nik_index: null,
        identity_status: 'UNKNOWN',
        phone: null,
        guardian_name: null,
        guardian_relation: null,
        guardian_phone: null,
        guardian_nik_encrypted: null,
        dtks_id: null,
        status: 'ERASED',
        sex: 'F',
        disabilities: ['MENTAL'],
        domicile_village_code: '3571011010',
      });
      const [birth] = await t.sql<{ d: string }>(`SELECT birth_date::text AS d FROM persons WHERE id = $1`, [
        subject.id,
      ]);
      expect(birth.d).toBe('1985-01-01');
      expect(await t.sql(`SELECT 1 FROM person_kk_numbers WHERE person_id = $1`, [subject.id])).toEqual([]);
      expect(
        await t.sql(`SELECT village_code, address FROM person_domiciles WHERE person_id = $1`, [subject.id]),
      ).toEqual([{ village_code: '3571011010', address: null }]);
      // No trace of the name, the NIK or the KK anywhere in the person's rows.
      for (const table of ['persons', 'person_kk_numbers', 'person_domiciles', 'consents', 'data_subject_requests']) {
        const key = table === 'persons' ? 'id' : 'person_id';
        const rows = await t.sql<{ row: string }>(
          `SELECT row_to_json(x)::text AS row FROM ${table} x WHERE ${key} = $1`,
          [subject.id],
        );
        const text = rows.map((r) => r.row).join('\n');
        for (const needle of ['Kartini', 'Wulandari', 'Suparman', 'Ngampel', subject.nik, subject.kk]) {
          expect({ table, found: text.includes(needle) ? needle : null }).toEqual({ table, found: null });
        }
      }
      expect(await t.sql(cached)).toEqual([{ n: 0 }]);
      const byNik = await t.http.get(`/api/v1/persons?nik=${subject.nik}`).set(operator.auth).expect(200);
      expect(byNik.body.data).toEqual([]);
      expect(await t.sql(countsByRegency)).toEqual(before);
      const audit = await t.sql(`SELECT actor_id FROM audit_events WHERE person_id = $1 AND action = 'ERASE'`, [
        subject.id,
      ]);
      expect(audit).toEqual([{ actor_id: dpo.userId }]);

      const again = await t.http
        .post(`/api/v1/persons/${subject.id}/erase`)
        .set(dpo.auth)
        .send({ reason: 'lagi' })
        .expect(409);
      expect(again.body.code).toBe('PERSON_NOT_ACTIVE');
      // The subject can still be told what is left.
      const exported = await t.http.get(`/api/v1/persons/${subject.id}/data-export`).set(dpo.auth).expect(200);
      expect(exported.body.person).toMatchObject({ fullName: 'TERHAPUS', nik: null, kkNumbers: [] });
    });

    it('anonymises the records merged into the person too: they are the same human being', async () => {
      const survivor = await register('Maryam Ulfa');
      const duplicate = await register('Mariam Oelfa');
      await t.http
        .post(`/api/v1/persons/${survivor.id}/merge`)
        .set(operator.auth)
        .send({ duplicateId: duplicate.id })
        .expect(200);
      await t.http
        .post(`/api/v1/persons/${survivor.id}/erase`)
        .set(dpo.auth)
        .send({ reason: 'Permintaan ybs.' })
        .expect(200);
      const rows = await t.sql(
        `SELECT id, full_name, nik_index, status FROM persons WHERE id = ANY($1) ORDER BY full_name`,
        [[survivor.id, duplicate.id]],
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          { id: survivor.id, full_name: 'TERHAPUS', nik_index: null, status: 'ERASED' },
          { id: duplicate.id, full_name: 'TERHAPUS', nik_index: null, status: 'MERGED' },
        ]),
      );
      expect(
        await t.sql(`SELECT 1 FROM person_kk_numbers WHERE person_id = ANY($1)`, [[survivor.id, duplicate.id]]),
      ).toEqual([]);
    });

    it('is refused with the reason under a legal hold, until the hold is released', async () => {
      const { id } = await register('Yulia Pratiwi');
      const hold = await t.http
        .post(`/api/v1/persons/${id}/legal-hold`)
        .set(dpo.auth)
        .send({ reason: 'Perkara No. 12/Pid.Sus/2026/PN Kdr' })
        .expect(200);
      expect(hold.body).toMatchObject({ legalHold: true, legalHoldReason: 'Perkara No. 12/Pid.Sus/2026/PN Kdr' });
      await t.http.post(`/api/v1/persons/${id}/legal-hold`).set(dpo.auth).send({ reason: 'lagi lagi' }).expect(409);

      const refused = await t.http
        .post(`/api/v1/persons/${id}/erase`)
        .set(dpo.auth)
        .set('Accept-Language', 'en')
        .send({ reason: 'Permintaan ybs.' })
        .expect(409);
      expect(refused.body).toMatchObject({ code: 'PERSON_ERASURE_REFUSED', refusal: 'LEGAL_HOLD' });
      expect(refused.body.detail).toContain('legal hold');
      expect(refused.body.detail).toContain('Perkara No. 12/Pid.Sus/2026/PN Kdr');
      const [still] = await t.sql(`SELECT full_name, status FROM persons WHERE id = $1`, [id]);
      expect(still).toEqual({ full_name: 'Yulia Pratiwi', status: 'ACTIVE' });

      const released = await t.http.post(`/api/v1/persons/${id}/release-legal-hold`).set(dpo.auth).expect(200);
      expect(released.body).toMatchObject({ legalHold: false, legalHoldReason: null });
      await t.http.post(`/api/v1/persons/${id}/release-legal-hold`).set(dpo.auth).expect(409);
      await t.http.post(`/api/v1/persons/${id}/erase`).set(dpo.auth).send({ reason: 'Permintaan ybs.' }).expect(200);
    });

    it('refuses bad input, a wrong request and foreign callers', async () => {
      const { id } = await register('Nur Aini');
      const access = await dsr(id, { kind: 'ACCESS' }).expect(201);
      await t.http.post(`/api/v1/persons/${id}/erase`).set(dpo.auth).send({}).expect(400);
      await t.http
        .post(`/api/v1/persons/${id}/erase`)
        .set(dpo.auth)
        .send({ reason: 'ok ok', requestId: 'nope' })
        .expect(400);
      const wrong = await t.http
        .post(`/api/v1/persons/${id}/erase`)
        .set(dpo.auth)
        .send({ reason: 'ok ok', requestId: access.body.id })
        .expect(422);
      expect(wrong.body.code).toBe('DATA_SUBJECT_REQUEST_WRONG_KIND');
      await t.http
        .post(`/api/v1/persons/${id}/erase`)
        .set(dpo.auth)
        .send({ reason: 'ok ok', requestId: seededOrganizationId('no-request') })
        .expect(422);
      await t.http.post(`/api/v1/persons/${id}/erase`).set(operator.auth).send({ reason: 'ok ok' }).expect(403);
      await t.http
        .post(`/api/v1/persons/${seededOrganizationId('nobody')}/erase`)
        .set(dpo.auth)
        .send({ reason: 'ok ok' })
        .expect(404);
      await t.http.post(`/api/v1/persons/${id}/legal-hold`).set(dpo.auth).send({ reason: '' }).expect(400);
      const [row] = await t.sql(`SELECT full_name FROM persons WHERE id = $1`, [id]);
      expect(row.full_name).toBe('Nur Aini');
    });

    it('is refused while a case is open', async () => {
      const { id } = await register('Sulastri');
      const [org] = await t.sql<{ id: string }>(`SELECT id FROM organizations WHERE code = 'DINSOS-3571'`);
      await t.sql(
        `INSERT INTO cases (person_id, managing_organization_id, kind, stage_code, opened_on)
         VALUES ($1, $2, 'COMMUNITY', 'BIMBINGAN_LANJUT', current_date)`,
        [id, org.id],
      );
      const refused = await t.http
        .post(`/api/v1/persons/${id}/erase`)
        .set(dpo.auth)
        .send({ reason: 'Permintaan ybs.' })
        .expect(409);
      expect(refused.body).toMatchObject({ code: 'PERSON_ERASURE_REFUSED', refusal: 'OPEN_CASE' });
      expect(refused.body.detail).toContain('kasus');
      await t.sql(
        `UPDATE cases SET status = 'CLOSED', outcome = 'OTHER', closed_on = current_date, closed_at = now(),
                closing_note = 'Dijemput Pak Slamet' WHERE person_id = $1`,
        [id],
      );
      const exported = await t.http.get(`/api/v1/persons/${id}/data-export`).set(dpo.auth).expect(200);
      expect(exported.body.records.cases).toEqual([expect.objectContaining({ closing_note: 'Dijemput Pak Slamet' })]);
      await t.http.post(`/api/v1/persons/${id}/erase`).set(dpo.auth).send({ reason: 'Permintaan ybs.' }).expect(200);
      const [closed] = await t.sql<{ closing_note: string | null }>(
        `SELECT closing_note FROM cases WHERE person_id = $1`,
        [id],
      );
      expect(closed.closing_note).toBeNull();
    });
  });
});
