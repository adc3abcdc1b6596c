import { todayIn } from '../src/common/dates';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/** A day `n` days before today in Jawa Timur (WIB), as YYYY-MM-DD. */
function daysAgo(n: number): string {
  const today = todayIn('Asia/Jakarta');
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - n);
  return date.toISOString().slice(0, 10);
}

const KEDIRI_VILLAGE = '3571011010'; // Kota Kediri, kec. Mojoroto
const KEDIRI_VILLAGE_2 = '3571011002'; // Bandar Kidul, same district
const KABUPATEN_KEDIRI_VILLAGE = '3506012001'; // Kabupaten Kediri
const KALTIM_VILLAGE = '6401012009';
const UPT_KEDIRI = seededOrganizationId('UPT-RSBL-KEDIRI');
const DINSOS_3571 = seededOrganizationId('DINSOS-3571');

interface Problem {
  code: string;
  status: number;
  detail: string;
  rule?: string;
  errors?: { field: string; message: string }[];
}

describe('pasung cases (e2e)', () => {
  let t: TestApp;
  let operator: TestPrincipal; // Dinas Sosial Kota Kediri
  let otherRegency: TestPrincipal; // Dinas Sosial Kabupaten Kediri
  let officer: TestPrincipal; // provincial officer
  let upt: TestPrincipal; // UPT RSBL Kediri
  let uptPasuruan: TestPrincipal;
  let partner: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    operator = await asRole(t, Role.REGENCY_OPERATOR);
    otherRegency = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3506');
    officer = await asRole(t, Role.PROVINCE_OFFICER);
    upt = await asRole(t, Role.UPT_STAFF);
    uptPasuruan = await asRole(t, Role.UPT_STAFF, 'UPT-RSBL-PASURUAN');
    partner = await asRole(t, Role.PARTNER);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A person without NIK (as people found in pasung often are), registered by `who`. */
  async function person(who: TestPrincipal, fullName: string, villageCode = KEDIRI_VILLAGE): Promise<string> {
    const res = await t.http
      .post('/api/v1/persons')
      .set(who.auth)
      .send({ fullName, sex: 'M', domicile: { villageCode } })
      .expect(201);
    return res.body.id as string;
  }

  const base = (personId: string, overrides: Record<string, unknown> = {}) => ({
    personId,
    villageCode: KEDIRI_VILLAGE,
    reportedOn: daysAgo(100),
    reportSource: 'NEIGHBOUR',
    shackledMonths: 204,
    restraintType: 'STOCKS',
    familyContact: { name: 'Sumarni', relation: 'IBU', phone: '+62 812 3456 7890' },
    ...overrides,
  });
  const create = (who: TestPrincipal, body: Record<string, unknown>) =>
    t.http.post('/api/v1/pasung-cases').set(who.auth).send(body);
  const addEvent = (who: TestPrincipal, id: string, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/pasung-cases/${id}/events`).set(who.auth).send(body);
  const count = async (table: string) =>
    Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  /** A rehabilitation case inserted directly: the cases API is another module's. */
  async function rehabCase(personId: string, organizationId: string): Promise<string> {
    const [row] = await t.sql<{ id: string }>(
      `INSERT INTO cases (person_id, managing_organization_id, kind, stage_code, opened_on)
       VALUES ($1, $2, 'COMMUNITY', 'PENDEKATAN_AWAL', $3) RETURNING id`,
      [personId, organizationId, daysAgo(30)],
    );
    return row.id;
  }

  describe('the Bebas Pasung path', () => {
    let personId: string;
    let id: string;

    it('registers a case for a person without NIK, with its first event MASIH_TERPASUNG on the report day', async () => {
      personId = await person(operator, 'Suyono');
      const res = await create(operator, { ...base(personId), note: 'Dipasung di bilik belakang rumah' }).expect(201);
      id = res.body.id;
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        person: { id: personId, fullName: 'Suyono', sex: 'M' },
        villageCode: KEDIRI_VILLAGE,
        regencyCode: '3571',
        reportedOn: daysAgo(100),
        reportSource: 'NEIGHBOUR',
        shackledMonths: 204,
        restraintType: 'STOCKS',
        familyContact: { name: 'Sumarni', relation: 'IBU', phone: '+62 812 3456 7890' },
        managingOrganizationId: DINSOS_3571,
        caseId: null,
        currentStatus: 'MASIH_TERPASUNG',
        currentStatusOn: daysAgo(100),
        nextStatuses: ['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'MENINGGAL'],
        currentEvent: { status: 'MASIH_TERPASUNG', occurredOn: daysAgo(100), note: 'Dipasung di bilik belakang rumah' },
      });
      const audit = await t.sql(
        `SELECT 1 FROM audit_events WHERE action = 'CREATE' AND resource_type = 'pasung-case' AND resource_id = $1 AND person_id = $2`,
        [id, personId],
      );
      expect(audit).toHaveLength(1);
    });

    it('accepts an unknown duration (null) and an initial REPASUNG', async () => {
      const other = await person(operator, 'Kasiman');
      const res = await create(operator, base(other, { shackledMonths: null, initialStatus: 'REPASUNG' })).expect(201);
      expect(res.body).toMatchObject({ shackledMonths: null, currentStatus: 'REPASUNG' });
      expect(res.body.nextStatuses).toEqual(['BEBAS_PASUNG', 'REPASUNG', 'MENINGGAL']);
    });

    it('moves through BEBAS_PASUNG → PERAWATAN → REHABILITASI → KEMBALI_KE_KELUARGA → REPASUNG', async () => {
      const steps: [string, string, Record<string, unknown>?][] = [
        ['BEBAS_PASUNG', daysAgo(90), { releaseTeam: 'JSC, Dinsos Kota Kediri, Puskesmas Campurejo, Babinsa' }],
        // Same day as the release: the later recorded is the current one.
        ['PERAWATAN', daysAgo(90), { hospitalName: 'RSJ Menur' }],
        ['REHABILITASI', daysAgo(60), { uptOrganizationId: UPT_KEDIRI }],
        ['KEMBALI_KE_KELUARGA', daysAgo(20)],
        ['REPASUNG', daysAgo(5)],
      ];
      let version = 1;
      for (const [status, occurredOn, details] of steps) {
        const res = await addEvent(operator, id, { status, occurredOn, note: `catatan ${status}`, details }).expect(
          201,
        );
        version += 1;
        expect(res.headers.etag).toBe(`"${version}"`);
        expect(res.body).toMatchObject({ currentStatus: status, currentStatusOn: occurredOn });
        expect(res.body.currentEvent).toMatchObject({ status, occurredOn, note: `catatan ${status}` });
      }
      const got = await t.http.get(`/api/v1/pasung-cases/${id}`).set(operator.auth).expect(200);
      expect(got.body).toMatchObject({ currentStatus: 'REPASUNG', currentStatusOn: daysAgo(5) });
      expect(got.body.nextStatuses).toEqual(['BEBAS_PASUNG', 'REPASUNG', 'MENINGGAL']);
    });

    it('answers the timeline oldest first, ties by order of recording, with the details of each status', async () => {
      const res = await t.http.get(`/api/v1/pasung-cases/${id}/timeline`).set(operator.auth).expect(200);
      expect(res.body.data.map((e: { status: string; occurredOn: string }) => [e.status, e.occurredOn])).toEqual([
        ['MASIH_TERPASUNG', daysAgo(100)],
        ['BEBAS_PASUNG', daysAgo(90)],
        ['PERAWATAN', daysAgo(90)],
        ['REHABILITASI', daysAgo(60)],
        ['KEMBALI_KE_KELUARGA', daysAgo(20)],
        ['REPASUNG', daysAgo(5)],
      ]);
      expect(res.body.data[1].details.releaseTeam).toContain('JSC');
      expect(res.body.data[2].details.hospitalName).toBe('RSJ Menur');
      expect(res.body.data[3].details.uptOrganizationId).toBe(UPT_KEDIRI);
      expect(res.body.data[1].seq).toBeLessThan(res.body.data[2].seq);
      expect(res.body.page.nextCursor).toBeNull();

      const first = await t.http.get(`/api/v1/pasung-cases/${id}/timeline?limit=4`).set(operator.auth).expect(200);
      const rest = await t.http
        .get(`/api/v1/pasung-cases/${id}/timeline?limit=4&cursor=${first.body.page.nextCursor}`)
        .set(operator.auth)
        .expect(200);
      expect([...first.body.data, ...rest.body.data].map((e: { id: string }) => e.id)).toEqual(
        res.body.data.map((e: { id: string }) => e.id),
      );
    });

    it('refuses a transition the rules do not allow, naming the rule, and writes nothing', async () => {
      const fresh = await person(operator, 'Paijo');
      const created = await create(operator, base(fresh)).expect(201);
      const before = await count('pasung_case_events');
      const cases: [string, string][] = [
        ['PERAWATAN', 'CARE_ONLY_AFTER_RELEASE'],
        ['REHABILITASI', 'CARE_ONLY_AFTER_RELEASE'],
        ['KEMBALI_KE_KELUARGA', 'RETURN_ONLY_FROM_RELEASE_OR_CARE'],
        ['REPASUNG', 'REPASUNG_ONLY_AFTER_RELEASE'],
      ];
      for (const [status, rule] of cases) {
        const res = await addEvent(operator, created.body.id, { status, occurredOn: daysAgo(50) }).expect(409);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body as Problem).toMatchObject({ code: 'PASUNG_TRANSITION_NOT_ALLOWED', rule });
        expect(res.body.allowed).toEqual(['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'MENINGGAL']);
      }
      await addEvent(operator, created.body.id, { status: 'BEBAS_PASUNG', occurredOn: daysAgo(50) }).expect(201);
      const again = await addEvent(operator, created.body.id, { status: 'BEBAS_PASUNG', occurredOn: daysAgo(49) })
        .set('Accept-Language', 'en')
        .expect(409);
      expect(again.body).toMatchObject({ rule: 'RELEASE_ONLY_WHEN_SHACKLED' });
      expect(again.body.detail).toContain('BEBAS_PASUNG cannot follow the current status BEBAS_PASUNG');
      const still = await addEvent(operator, created.body.id, { status: 'MASIH_TERPASUNG', occurredOn: daysAgo(49) });
      expect(still.status).toBe(409);
      expect(still.body.rule).toBe('STILL_SHACKLED_ONLY_BEFORE_RELEASE');
      expect(await count('pasung_case_events')).toBe(before + 1);
    });

    it('refuses bad events: future date (400), before the current status (409), details of another status (400)', async () => {
      const before = await count('pasung_case_events');
      const tomorrow = daysAgo(-1);
      const future = await addEvent(operator, id, { status: 'BEBAS_PASUNG', occurredOn: tomorrow }).expect(400);
      expect(future.body).toMatchObject({ code: 'PASUNG_DATE_INVALID', rule: 'FUTURE' });
      expect(future.body.errors).toEqual([expect.objectContaining({ field: 'occurredOn' })]);
      const early = await addEvent(operator, id, { status: 'BEBAS_PASUNG', occurredOn: daysAgo(6) }).expect(409);
      expect(early.body).toMatchObject({ code: 'PASUNG_EVENT_OUT_OF_ORDER', rule: 'NOT_BEFORE_CURRENT_STATUS' });
      const wrongDetail = await addEvent(operator, id, {
        status: 'BEBAS_PASUNG',
        occurredOn: daysAgo(1),
        details: { hospitalName: 'RSJ Lawang', caseId: '00000000-0000-4000-8000-000000000000' },
      }).expect(400);
      expect(wrongDetail.body.code).toBe('VALIDATION_FAILED');
      expect(wrongDetail.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'details.caseId',
        'details.hospitalName',
      ]);
      const shapes: Record<string, unknown>[] = [
        {},
        { status: 'BEBAS_PASUNG' },
        { status: 'FREED', occurredOn: daysAgo(1) },
        { status: 'BEBAS_PASUNG', occurredOn: '2026-02-30' },
        { status: 'BEBAS_PASUNG', occurredOn: '1989-12-31' },
        { status: 'BEBAS_PASUNG', occurredOn: daysAgo(1), extra: true },
        { status: 'BEBAS_PASUNG', occurredOn: daysAgo(1), note: 'x'.repeat(2001) },
        { status: 'BEBAS_PASUNG', occurredOn: daysAgo(1), details: 'tim' },
        { status: 'BEBAS_PASUNG', occurredOn: daysAgo(1), details: { releaseTeam: 'ok', other: 1 } },
        { status: 'REHABILITASI', occurredOn: daysAgo(1), details: { uptOrganizationId: 'not-a-uuid' } },
      ];
      for (const body of shapes) {
        const res = await addEvent(operator, id, body);
        expect([JSON.stringify(body).slice(0, 80), res.status]).toEqual([JSON.stringify(body).slice(0, 80), 400]);
      }
      expect(await count('pasung_case_events')).toBe(before);
    });

    it('refuses a UPT detail that is not a UPT (422)', async () => {
      await addEvent(operator, id, { status: 'BEBAS_PASUNG', occurredOn: daysAgo(3) }).expect(201);
      const res = await addEvent(operator, id, {
        status: 'REHABILITASI',
        occurredOn: daysAgo(2),
        details: { uptOrganizationId: DINSOS_3571 },
      }).expect(422);
      expect(res.body.code).toBe('PASUNG_UPT_INVALID');
    });

    it('audits reads with the person and the default purpose; X-Purpose wins', async () => {
      const [{ max }] = await t.sql<{ max: string }>(`SELECT coalesce(max(seq), 0) AS max FROM audit_events`);
      await t.http.get(`/api/v1/pasung-cases/${id}`).set(operator.auth).expect(200);
      await t.http.get(`/api/v1/pasung-cases/${id}/timeline`).set(operator.auth).expect(200);
      await t.http.get(`/api/v1/pasung-cases?personId=${personId}`).set(operator.auth).expect(200);
      await t.http
        .get(`/api/v1/pasung-cases/${id}`)
        .set(operator.auth)
        .set('X-Purpose', 'RAPAT_KOORDINASI')
        .expect(200);
      const rows = await t.sql<{ purpose: string; resource_id: string }>(
        `SELECT purpose, resource_id FROM audit_events WHERE action = 'READ' AND person_id = $1 AND seq > $2 ORDER BY seq`,
        [personId, max],
      );
      expect(rows).toEqual([
        { purpose: 'PASUNG_CASE_VIEW', resource_id: id },
        { purpose: 'PASUNG_CASE_VIEW', resource_id: id },
        { purpose: 'PASUNG_CASE_VIEW', resource_id: id },
        { purpose: 'RAPAT_KOORDINASI', resource_id: id },
      ]);
    });

    it('checks concurrent events one after the other: of two releases at once, one is refused', async () => {
      const p = await person(operator, 'Legiman');
      const created = await create(operator, base(p)).expect(201);
      const results = await Promise.all(
        [1, 2].map(() => addEvent(operator, created.body.id, { status: 'BEBAS_PASUNG', occurredOn: daysAgo(30) })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const events = await t.sql(`SELECT status FROM pasung_case_events WHERE pasung_case_id = $1`, [created.body.id]);
      expect(events).toHaveLength(2);
    });

    it('replays an event sent again with the same Idempotency-Key', async () => {
      const p = await person(operator, 'Sukirno');
      const created = await create(operator, base(p)).expect(201);
      const send = () =>
        addEvent(operator, created.body.id, { status: 'BEBAS_PASUNG', occurredOn: daysAgo(30) }).set(
          'Idempotency-Key',
          `pasung-${created.body.id}`,
        );
      const first = await send().expect(201);
      const replay = await send().expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.currentEvent.id).toBe(first.body.currentEvent.id);
      const events = await t.sql(`SELECT 1 FROM pasung_case_events WHERE pasung_case_id = $1`, [created.body.id]);
      expect(events).toHaveLength(2);
    });

    it('ends the timeline at MENINGGAL: any later event is 409', async () => {
      const p = await person(operator, 'Sarmin');
      const created = await create(operator, base(p)).expect(201);
      await addEvent(operator, created.body.id, { status: 'BEBAS_PASUNG', occurredOn: daysAgo(40) }).expect(201);
      const died = await addEvent(operator, created.body.id, {
        status: 'MENINGGAL',
        occurredOn: daysAgo(10),
        details: { causeOfDeath: 'Pneumonia' },
      }).expect(201);
      expect(died.body).toMatchObject({ currentStatus: 'MENINGGAL', nextStatuses: [] });
      expect(died.body.currentEvent.details.causeOfDeath).toBe('Pneumonia');
      for (const status of ['MENINGGAL', 'REPASUNG', 'KEMBALI_KE_KELUARGA']) {
        const res = await addEvent(operator, created.body.id, { status, occurredOn: daysAgo(1) }).expect(409);
        expect(res.body).toMatchObject({ code: 'PASUNG_CASE_FINAL', rule: 'MENINGGAL_IS_FINAL' });
      }
    });
  });

  describe('registering: bad input', () => {
    let personId: string;
    beforeAll(async () => {
      personId = await person(operator, 'Tukiman');
    });

    it('answers 400 for malformed or missing fields and unknown ones, writing nothing', async () => {
      const before = await count('pasung_cases');
      const bodies: Record<string, unknown>[] = [
        {},
        base(personId, { personId: 'not-a-uuid' }),
        base(personId, { villageCode: '357101' }),
        base(personId, { reportedOn: '02-03-2026' }),
        base(personId, { reportSource: 'TETANGGA' }),
        base(personId, { restraintType: 'HANDCUFFS' }),
        base(personId, { shackledMonths: -1 }),
        base(personId, { shackledMonths: 2.5 }),
        base(personId, { shackledMonths: 1201 }),
        base(personId, { shackledMonths: '12' }),
        base(personId, { familyContact: { name: 'Sumarni' } }),
        base(personId, { familyContact: { name: '123', relation: 'IBU' } }),
        base(personId, { familyContact: { name: 'Sumarni', relation: 'IBU', phone: 'call me' } }),
        base(personId, { initialStatus: 'BEBAS_PASUNG' }),
        base(personId, { reportSourceDetail: 'x'.repeat(301) }),
        base(personId, { caseId: '00000000-0000-4000-8000-000000000000' }),
        base(personId, { currentStatus: 'BEBAS_PASUNG' }),
      ];
      for (const body of bodies) {
        const res = await create(operator, body);
        expect([JSON.stringify(body).slice(0, 100), res.status]).toEqual([JSON.stringify(body).slice(0, 100), 400]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(await count('pasung_cases')).toBe(before);
    });

    it('requires words for OTHER (report source, restraint)', async () => {
      const res = await create(operator, base(personId, { reportSource: 'OTHER', restraintType: 'OTHER' }))
        .set('Accept-Language', 'en')
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'reportSourceDetail', message: 'is required when reportSource is OTHER' },
        { field: 'restraintDetail', message: 'is required when restraintType is OTHER' },
      ]);
      await create(
        operator,
        base(personId, {
          reportSource: 'OTHER',
          reportSourceDetail: 'Ketua RT',
          restraintType: 'OTHER',
          restraintDetail: 'Diikat kain',
        }),
      ).expect(201);
    });

    it('refuses a report date in the future (400)', async () => {
      const res = await create(operator, base(personId, { reportedOn: daysAgo(-1) })).expect(400);
      expect(res.body).toMatchObject({ code: 'PASUNG_DATE_INVALID', rule: 'FUTURE' });
      await create(operator, base(personId, { reportedOn: daysAgo(0) })).expect(201);
    });

    it('refuses an unknown village or one outside the province (422)', async () => {
      const unknown = await create(operator, base(personId, { villageCode: '3571019999' })).expect(422);
      expect(unknown.body.code).toBe('UNKNOWN_REGION');
      const kaltim = await create(operator, base(personId, { villageCode: KALTIM_VILLAGE })).expect(422);
      expect(kaltim.body.code).toBe('PASUNG_VILLAGE_INVALID');
    });

    it('refuses a person outside the caller’s scope (422), as if it did not exist', async () => {
      const foreign = await person(otherRegency, 'Warga Kabupaten', KABUPATEN_KEDIRI_VILLAGE);
      const res = await create(operator, base(foreign)).expect(422);
      expect(res.body.code).toBe('REFERENCE_NOT_FOUND');
      const missing = await create(operator, base('00000000-0000-4000-8000-000000000000')).expect(422);
      expect(missing.body.code).toBe('REFERENCE_NOT_FOUND');
    });

    it('lets only province roles choose the managing organisation', async () => {
      const forbidden = await create(
        operator,
        base(personId, { managingOrganizationId: seededOrganizationId('DINSOS-3506') }),
      ).expect(403);
      expect(forbidden.body.code).toBe('PASUNG_MANAGING_ORGANIZATION_FORBIDDEN');
      await create(operator, base(personId, { managingOrganizationId: DINSOS_3571 })).expect(201);
      const chosen = await create(officer, base(personId, { managingOrganizationId: DINSOS_3571 })).expect(201);
      expect(chosen.body.managingOrganizationId).toBe(DINSOS_3571);
      const kaltimOffice = await create(
        officer,
        base(personId, { managingOrganizationId: seededOrganizationId('DINSOS-64') }),
      ).expect(422);
      expect(kaltimOffice.body.code).toBe('PASUNG_MANAGING_ORGANIZATION_INVALID');
      const partnerOrg = await create(officer, base(personId, { managingOrganizationId: partner.organizationId }));
      expect(partnerOrg.status).toBe(422);
    });
  });

  describe('linking the rehabilitation case', () => {
    let personId: string;
    let id: string;
    let caseId: string;

    beforeAll(async () => {
      personId = await person(operator, 'Darmaji');
      id = (await create(operator, base(personId)).expect(201)).body.id;
      caseId = await rehabCase(personId, operator.organizationId);
    });

    it('links with PATCH and If-Match; missing If-Match is 428, a stale one 412', async () => {
      await t.http.patch(`/api/v1/pasung-cases/${id}`).set(operator.auth).send({ caseId }).expect(428);
      const stale = await t.http
        .patch(`/api/v1/pasung-cases/${id}`)
        .set(operator.auth)
        .set('If-Match', '"7"')
        .send({ caseId })
        .expect(412);
      expect(stale.body.code).toBe('PRECONDITION_FAILED');
      const res = await t.http
        .patch(`/api/v1/pasung-cases/${id}`)
        .set(operator.auth)
        .set('If-Match', '"1"')
        .send({ caseId })
        .expect(200);
      expect(res.body).toMatchObject({ caseId, version: 2 });
      expect(res.headers.etag).toBe('"2"');
      const audit = await t.sql<{ changed_fields: string[] }>(
        `SELECT changed_fields FROM audit_events WHERE action = 'UPDATE' AND resource_id = $1 AND person_id = $2`,
        [id, personId],
      );
      expect(audit).toEqual([{ changed_fields: ['caseId'] }]);
    });

    it('refuses a case of another person, a missing one and one outside the case scope (422)', async () => {
      const otherPerson = await person(operator, 'Wagiman');
      const otherCase = await rehabCase(otherPerson, operator.organizationId);
      const patch = (body: Record<string, unknown>) =>
        t.http.patch(`/api/v1/pasung-cases/${id}`).set(operator.auth).set('If-Match', '"2"').send(body);
      expect((await patch({ caseId: otherCase }).expect(422)).body.code).toBe('PASUNG_LINKED_CASE_OTHER_PERSON');
      expect((await patch({ caseId: '00000000-0000-4000-8000-000000000000' }).expect(422)).body.code).toBe(
        'PASUNG_LINKED_CASE_NOT_FOUND',
      );
      const foreignPerson = await person(otherRegency, 'Warga Lain', KABUPATEN_KEDIRI_VILLAGE);
      const foreignCase = await rehabCase(foreignPerson, otherRegency.organizationId);
      expect((await patch({ caseId: foreignCase }).expect(422)).body.code).toBe('PASUNG_LINKED_CASE_NOT_FOUND');
      const event = await addEvent(operator, id, { status: 'BEBAS_PASUNG', occurredOn: daysAgo(50) }).expect(201);
      expect(event.body.caseId).toBe(caseId);
      const onEvent = await addEvent(operator, id, {
        status: 'PERAWATAN',
        occurredOn: daysAgo(49),
        details: { caseId: otherCase },
      }).expect(422);
      expect(onEvent.body.code).toBe('PASUNG_LINKED_CASE_OTHER_PERSON');
      const row = await t.sql(`SELECT case_id FROM pasung_cases WHERE id = $1`, [id]);
      expect(row).toEqual([{ case_id: caseId }]);
    });

    it('refuses bad PATCH bodies (400) and clears optional fields with null', async () => {
      const patch = (body: Record<string, unknown>) =>
        t.http.patch(`/api/v1/pasung-cases/${id}`).set(operator.auth).set('If-Match', '*').send(body);
      for (const body of [
        { caseId: 'x' },
        { villageCode: null },
        { reportSource: null },
        { reportedOn: daysAgo(3) },
        { currentStatus: 'MENINGGAL' },
        { shackledMonths: -3 },
        { restraintType: 'OTHER' },
      ]) {
        const res = await patch(body);
        expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      }
      expect((await patch({ villageCode: '3571019999' }).expect(422)).body.code).toBe('UNKNOWN_REGION');
      const res = await patch({
        familyContact: null,
        shackledMonths: null,
        villageCode: KEDIRI_VILLAGE_2,
        caseId: null,
      }).expect(200);
      expect(res.body).toMatchObject({ familyContact: null, shackledMonths: null, villageCode: KEDIRI_VILLAGE_2 });
      expect(res.body.caseId).toBeNull();
    });

    it('links on a REHABILITASI event, and the UPT managing that case then sees the pasung case', async () => {
      await t.http.get(`/api/v1/pasung-cases/${id}`).set(upt.auth).expect(404);
      const uptCase = await rehabCase(personId, UPT_KEDIRI);
      const res = await addEvent(operator, id, {
        status: 'REHABILITASI',
        occurredOn: daysAgo(30),
        details: { uptOrganizationId: UPT_KEDIRI, caseId: uptCase },
      }).expect(201);
      expect(res.body.caseId).toBe(uptCase);
      expect(res.body.currentEvent.details).toMatchObject({ caseId: uptCase, uptOrganizationId: UPT_KEDIRI });
      const seen = await t.http.get(`/api/v1/pasung-cases/${id}`).set(upt.auth).expect(200);
      expect(seen.body.currentStatus).toBe('REHABILITASI');
      await t.http.get(`/api/v1/pasung-cases/${id}`).set(uptPasuruan.auth).expect(404);
      const listed = await t.http.get('/api/v1/pasung-cases').set(upt.auth).expect(200);
      expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([id]);
    });
  });

  describe('scope', () => {
    let id: string;

    beforeAll(async () => {
      const p = await person(operator, 'Slamet');
      id = (await create(operator, base(p)).expect(201)).body.id;
    });

    it('answers 404 to another regency’s operator on every endpoint, as for a missing case', async () => {
      const get = await t.http.get(`/api/v1/pasung-cases/${id}`).set(otherRegency.auth).expect(404);
      expect(get.body.code).toBe('PASUNG_CASE_NOT_FOUND');
      await t.http.get(`/api/v1/pasung-cases/${id}/timeline`).set(otherRegency.auth).expect(404);
      await addEvent(otherRegency, id, { status: 'BEBAS_PASUNG', occurredOn: daysAgo(1) }).expect(404);
      await t.http
        .patch(`/api/v1/pasung-cases/${id}`)
        .set(otherRegency.auth)
        .set('If-Match', '*')
        .send({ shackledMonths: 1 })
        .expect(404);
      const list = await t.http.get('/api/v1/pasung-cases').set(otherRegency.auth).expect(200);
      expect(list.body.data.map((c: { id: string }) => c.id)).not.toContain(id);
      await t.http.get('/api/v1/pasung-cases/not-a-uuid').set(operator.auth).expect(404);
      await t.http.get('/api/v1/pasung-cases/00000000-0000-4000-8000-000000000000').set(operator.auth).expect(404);
    });

    it('lets another regency see a case found in its regency', async () => {
      const p = await person(operator, 'Ngatini');
      const found = await create(operator, base(p, { villageCode: KABUPATEN_KEDIRI_VILLAGE })).expect(201);
      await t.http.get(`/api/v1/pasung-cases/${found.body.id}`).set(otherRegency.auth).expect(200);
    });

    it('lets the province see every case of its province', async () => {
      await t.http.get(`/api/v1/pasung-cases/${id}`).set(officer.auth).expect(200);
      await addEvent(officer, id, { status: 'BEBAS_PASUNG', occurredOn: daysAgo(2) }).expect(201);
    });

    it('answers 403 to a partner and to roles without cases:read on every endpoint', async () => {
      const analyst = await asRole(t, Role.ANALYST);
      for (const who of [partner, analyst]) {
        await t.http.get('/api/v1/pasung-cases').set(who.auth).expect(403);
        await t.http.get('/api/v1/pasung-cases/stats').set(who.auth).expect(403);
        await t.http.get(`/api/v1/pasung-cases/${id}`).set(who.auth).expect(403);
        await t.http.get(`/api/v1/pasung-cases/${id}/timeline`).set(who.auth).expect(403);
        await create(who, base(id)).expect(403);
        await addEvent(who, id, { status: 'MENINGGAL', occurredOn: daysAgo(1) }).expect(403);
        await t.http
          .patch(`/api/v1/pasung-cases/${id}`)
          .set(who.auth)
          .set('If-Match', '*')
          .send({ shackledMonths: 1 })
          .expect(403);
      }
      await t.http.get('/api/v1/pasung-cases').expect(401);
    });

    it('hides a person whose processing is restricted (409 on read, left out of lists)', async () => {
      const p = await person(operator, 'Rahayu');
      const restricted = (await create(operator, base(p)).expect(201)).body.id;
      await t.sql(`UPDATE persons SET restricted = true WHERE id = $1`, [p]);
      const res = await t.http.get(`/api/v1/pasung-cases/${restricted}`).set(operator.auth).expect(409);
      expect(res.body.code).toBe('PERSON_RESTRICTED');
      await addEvent(operator, restricted, { status: 'BEBAS_PASUNG', occurredOn: daysAgo(1) }).expect(409);
      const list = await t.http.get(`/api/v1/pasung-cases?personId=${p}`).set(operator.auth).expect(200);
      expect(list.body.data).toEqual([]);
    });
  });

  describe('lists and counts', () => {
    let t2: TestApp;
    let op: TestPrincipal;
    let op3506: TestPrincipal;
    let prov: TestPrincipal;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      // A database of its own, so the counts below are exact.
      t2 = await createTestApp();
      op = await asRole(t2, Role.REGENCY_OPERATOR);
      op3506 = await asRole(t2, Role.REGENCY_OPERATOR, 'DINSOS-3506');
      prov = await asRole(t2, Role.PROVINCE_OFFICER);
      const make = async (name: string, villageCode: string, path: [string, string][]) => {
        const p = await t2.http
          .post('/api/v1/persons')
          .set(op.auth)
          .send({ fullName: name, sex: 'F', domicile: { villageCode: KEDIRI_VILLAGE } })
          .expect(201);
        const c = await t2.http
          .post('/api/v1/pasung-cases')
          .set(op.auth)
          .send(base(p.body.id, { villageCode, reportedOn: daysAgo(200) }))
          .expect(201);
        for (const [status, occurredOn] of path) {
          await t2.http
            .post(`/api/v1/pasung-cases/${c.body.id}/events`)
            .set(op.auth)
            .send({ status, occurredOn })
            .expect(201);
        }
        ids[name] = c.body.id;
      };
      await make('A', KEDIRI_VILLAGE, []);
      await make('B', KEDIRI_VILLAGE, [['BEBAS_PASUNG', daysAgo(100)]]);
      await make('C', KEDIRI_VILLAGE_2, [
        ['BEBAS_PASUNG', daysAgo(100)],
        ['REPASUNG', daysAgo(10)],
      ]);
      await make('D', KEDIRI_VILLAGE, [
        ['BEBAS_PASUNG', daysAgo(100)],
        ['MENINGGAL', daysAgo(10)],
      ]);
      await make('E', KABUPATEN_KEDIRI_VILLAGE, []);
      await make('F', KABUPATEN_KEDIRI_VILLAGE, [
        ['BEBAS_PASUNG', daysAgo(100)],
        ['KEMBALI_KE_KELUARGA', daysAgo(50)],
      ]);
      // Found in Kabupaten Kediri but managed by Kabupaten Kediri's office itself, for the regency scope.
      const p = await t2.http
        .post('/api/v1/persons')
        .set(op3506.auth)
        .send({ fullName: 'G', sex: 'M', domicile: { villageCode: KABUPATEN_KEDIRI_VILLAGE } })
        .expect(201);
      ids.G = (
        await t2.http
          .post('/api/v1/pasung-cases')
          .set(op3506.auth)
          .send(base(p.body.id, { villageCode: KABUPATEN_KEDIRI_VILLAGE, reportedOn: daysAgo(150) }))
          .expect(201)
      ).body.id;
    });
    afterAll(async () => {
      await t2.close();
    });

    const listIds = async (who: TestPrincipal, query: string) => {
      const res = await t2.http.get(`/api/v1/pasung-cases${query}`).set(who.auth).expect(200);
      return (res.body.data as { id: string }[]).map((c) => c.id).sort();
    };
    const of = (...names: string[]) => names.map((n) => ids[n]).sort();

    it('filters by current status and by region at any level', async () => {
      expect(await listIds(prov, '')).toEqual(of('A', 'B', 'C', 'D', 'E', 'F', 'G'));
      expect(await listIds(prov, '?status=MASIH_TERPASUNG')).toEqual(of('A', 'E', 'G'));
      expect(await listIds(prov, '?status=BEBAS_PASUNG')).toEqual(of('B'));
      expect(await listIds(prov, '?status=REPASUNG')).toEqual(of('C'));
      expect(await listIds(prov, '?region=35')).toEqual(of('A', 'B', 'C', 'D', 'E', 'F', 'G'));
      expect(await listIds(prov, '?region=3571')).toEqual(of('A', 'B', 'C', 'D'));
      expect(await listIds(prov, '?region=357101')).toEqual(of('A', 'B', 'C', 'D'));
      expect(await listIds(prov, `?region=${KEDIRI_VILLAGE_2}`)).toEqual(of('C'));
      expect(await listIds(prov, '?region=3506&status=MASIH_TERPASUNG')).toEqual(of('E', 'G'));
      expect(await listIds(prov, '?region=64')).toEqual([]);
    });

    it('scopes the list: a regency sees cases found in it or managed by it', async () => {
      expect(await listIds(op, '')).toEqual(of('A', 'B', 'C', 'D', 'E', 'F'));
      expect(await listIds(op3506, '')).toEqual(of('E', 'F', 'G'));
    });

    it('pages with a cursor, in a stable order', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { data: { id: string }[]; page: { nextCursor: string | null } } } = await t2.http
          .get(`/api/v1/pasung-cases?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
          .set(prov.auth)
          .expect(200);
        expect(res.body.data.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.data.map((c) => c.id));
        cursor = res.body.page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(of('A', 'B', 'C', 'D', 'E', 'F', 'G'));
    });

    it('refuses bad list queries', async () => {
      for (const query of [
        '?status=FREED',
        '?region=357',
        '?limit=0',
        '?limit=201',
        '?cursor=!!!',
        '?foo=1',
        '?personId=x',
      ]) {
        const res = await t2.http.get(`/api/v1/pasung-cases${query}`).set(prov.auth);
        expect([query, res.status]).toEqual([query, 400]);
      }
      const unknown = await t2.http.get('/api/v1/pasung-cases?region=3599').set(prov.auth).expect(422);
      expect(unknown.body.code).toBe('UNKNOWN_REGION');
    });

    it('counts per regency and current status for the province, with no names', async () => {
      const res = await t2.http.get('/api/v1/pasung-cases/stats?province=35').set(prov.auth).expect(200);
      expect(JSON.stringify(res.body)).not.toMatch(/"(A|B|C|D|E|F|G)"/);
      expect(res.body.province).toBe('35');
      expect(res.body.regencies).toEqual([
        {
          regencyCode: '3506',
          regencyName: expect.stringContaining('Kediri'),
          byStatus: {
            MASIH_TERPASUNG: 2,
            BEBAS_PASUNG: 0,
            PERAWATAN: 0,
            REHABILITASI: 0,
            KEMBALI_KE_KELUARGA: 1,
            REPASUNG: 0,
            MENINGGAL: 0,
          },
          total: 3,
          everFreed: 1,
          everRepasung: 0,
        },
        {
          regencyCode: '3571',
          regencyName: expect.stringContaining('Kediri'),
          byStatus: {
            MASIH_TERPASUNG: 1,
            BEBAS_PASUNG: 1,
            PERAWATAN: 0,
            REHABILITASI: 0,
            KEMBALI_KE_KELUARGA: 0,
            REPASUNG: 1,
            MENINGGAL: 1,
          },
          total: 4,
          everFreed: 3,
          everRepasung: 1,
        },
      ]);
      expect(res.body.total).toMatchObject({ regencyCode: '35', total: 7, everFreed: 4, everRepasung: 1 });
      expect(res.body.total.byStatus).toMatchObject({ MASIH_TERPASUNG: 3, MENINGGAL: 1, KEMBALI_KE_KELUARGA: 1 });
      const byDefault = await t2.http.get('/api/v1/pasung-cases/stats').set(prov.auth).expect(200);
      expect(byDefault.body.regencies).toEqual(res.body.regencies);
    });

    it('scopes the counts like the list, and refuses a bad province', async () => {
      const regency = await t2.http.get('/api/v1/pasung-cases/stats').set(op3506.auth).expect(200);
      expect(regency.body.total.total).toBe(3);
      expect(regency.body.regencies.map((r: { regencyCode: string }) => r.regencyCode)).toEqual(['3506']);
      const kaltim = await t2.http.get('/api/v1/pasung-cases/stats?province=64').set(prov.auth).expect(200);
      expect(kaltim.body).toMatchObject({ regencies: [], total: { total: 0 } });
      await t2.http.get('/api/v1/pasung-cases/stats?province=3').set(prov.auth).expect(400);
      await t2.http.get('/api/v1/pasung-cases/stats?province=35&x=1').set(prov.auth).expect(400);
      const unknown = await t2.http.get('/api/v1/pasung-cases/stats?province=99').set(prov.auth).expect(422);
      expect(unknown.body.code).toBe('UNKNOWN_REGION');
    });
  });
});
