import { todayIn } from '../src/common/dates';
import { Role } from '../src/identity/permissions';
import { ImportRetention } from '../src/imports/import-retention.service';
import { nikFor } from '../src/persons/nik';
import { PiiCipher } from '../src/persons/pii/pii-cipher';
import { PII_CONTEXTS } from '../src/persons/pii/pii-columns';
import { asRole, TestPrincipal } from './helpers/auth';
import { csv, importFile, PERSON_HEADER, personRow, upload } from './helpers/imports';
import { createTestApp, TestApp } from './helpers/test-app';

const TODAY = todayIn('Asia/Jakarta');
const KEDIRI_VILLAGE = '3571011010';

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
function month(offset: number): string {
  const [y, m] = TODAY.split('-').map(Number);
  const total = y * 12 + (m - 1) + offset;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

const CASE_HEADER = [...PERSON_HEADER, 'tanggal_mulai', 'tahap', 'tingkat_keparahan'];
const REPORT_HEADER = ['id_usaha', 'periode', 'omzet', 'laba_bersih', 'tenaga_kerja', 'buka', 'catatan'];
const ATTENDANCE_HEADER = ['id_pelatihan', 'tanggal_sesi', 'nik', 'id_pendaftaran', 'hadir'];

describe('imports of each kind (e2e)', () => {
  let t: TestApp;
  let operator: TestPrincipal; // Dinas Sosial Kota Kediri
  let otherRegency: TestPrincipal; // Dinas Sosial Kabupaten Kediri
  let cipher: PiiCipher;

  beforeAll(async () => {
    t = await createTestApp();
    operator = await asRole(t, Role.REGENCY_OPERATOR);
    otherRegency = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3506');
    cipher = t.app.get(PiiCipher);
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await t.sql<{ n: string }>(sql, params))[0].n);
  const personId = async (nik: string): Promise<string | undefined> =>
    (
      await t.sql<{ id: string }>(`SELECT id FROM persons WHERE nik_index = $1`, [
        cipher.blindIndex(nik, PII_CONTEXTS.nik),
      ])
    )[0]?.id;

  describe('eks-klien: people with a COMMUNITY case at the office', () => {
    const CASE_DEFAULTS = { tanggal_mulai: shift(TODAY, -30), tahap: '', tingkat_keparahan: 'RINGAN' };
    const eksKlien = (serial: number, cells: Partial<Record<string, string>> = {}) => {
      const person = personRow(serial, { nama_lengkap: `Eks Klien ${serial}`, ...cells });
      const extra: Record<string, string> = { ...CASE_DEFAULTS, ...cells };
      return [...person, extra.tanggal_mulai, extra.tahap, extra.tingkat_keparahan];
    };

    it('valid-rows-only: creates people and opens cases, links a person whose case is open, refuses bad rows', async () => {
      const known = personRow(100);
      const existing = await t.http
        .post('/api/v1/persons')
        .set(operator.auth)
        .send({ fullName: 'Eks Klien Lama', sex: 'F', nik: known[2] })
        .expect(201);
      await t.http
        .post('/api/v1/cases')
        .set(operator.auth)
        .send({ personId: existing.body.id, kind: 'COMMUNITY', stage: 'BIMBINGAN_LANJUT' })
        .expect(201);
      const file = csv([
        CASE_HEADER,
        eksKlien(101),
        eksKlien(102, { tahap: 'INTERVENSI', tingkat_keparahan: 'sedang' }),
        eksKlien(103, { tanggal_mulai: '' }),
        eksKlien(100),
        eksKlien(104, { tahap: 'TIDAK_ADA' }),
        eksKlien(105, { tanggal_mulai: shift(TODAY, 10) }),
        eksKlien(106, { nik: '1234', tingkat_keparahan: 'PARAH' }),
        // The same person twice: one case.
        eksKlien(101),
      ]);
      const job = await importFile(t, operator, file, { kind: 'eks-klien' });
      expect(job).toMatchObject({
        status: 'COMPLETED',
        progress: { rowsRead: 8, rowsValid: 5, rowsRejected: 3, rowsImported: 5 },
        results: { personsCreated: 3, personsUpdated: 1, casesOpened: 3, casesLinked: 2 },
      });
      expect(job.errorReport.firstErrors).toEqual([
        { row: 6, column: 'tahap', code: 'CASE_UNKNOWN_STAGE', message: 'tahap tidak dikenal' },
        { row: 7, column: 'tanggal_mulai', code: 'CASE_DATE_INVALID', message: 'tidak boleh di masa depan' },
        { row: 8, column: 'nik', code: 'PERSON_NIK_INVALID', message: expect.any(String) },
        { row: 8, column: 'tingkat_keparahan', code: 'VALIDATION_FAILED', message: expect.stringContaining('BERAT') },
      ]);
      const cases = await t.sql<{
        full_name: string;
        kind: string;
        stage_code: string;
        severity: string;
        opened_on: string;
        managing: string;
      }>(
        `SELECT p.full_name, c.kind, c.stage_code, c.severity, c.opened_on::text, c.managing_organization_id AS managing
           FROM cases c JOIN persons p ON p.id = c.person_id
          WHERE p.full_name IN ('Eks Klien 101', 'Eks Klien 102', 'Eks Klien 103') ORDER BY p.full_name`,
      );
      expect(cases).toEqual([
        {
          full_name: 'Eks Klien 101',
          kind: 'COMMUNITY',
          stage_code: 'BIMBINGAN_LANJUT',
          severity: 'RINGAN',
          opened_on: shift(TODAY, -30),
          managing: operator.organizationId,
        },
        {
          full_name: 'Eks Klien 102',
          kind: 'COMMUNITY',
          stage_code: 'INTERVENSI',
          severity: 'SEDANG',
          opened_on: shift(TODAY, -30),
          managing: operator.organizationId,
        },
        {
          full_name: 'Eks Klien 103',
          kind: 'COMMUNITY',
          stage_code: 'BIMBINGAN_LANJUT',
          severity: 'RINGAN',
          opened_on: TODAY,
          managing: operator.organizationId,
        },
      ]);
      // The known person kept their one case; its timeline and the audit trail have the new ones.
      expect(await count(`SELECT count(*) AS n FROM cases WHERE person_id = $1`, [existing.body.id])).toBe(1);
      expect(
        await count(
          `SELECT count(*) AS n FROM case_events e JOIN cases c ON c.id = e.case_id JOIN persons p ON p.id = c.person_id
            WHERE e.type = 'OPENED' AND p.full_name IN ('Eks Klien 101', 'Eks Klien 102', 'Eks Klien 103')`,
        ),
      ).toBe(3);
      expect(
        await count(
          `SELECT count(*) AS n FROM audit_events WHERE action = 'CREATE' AND resource_type = 'case' AND request_id = $1`,
          [`import:${job.id}`],
        ),
      ).toBe(3);
      expect(await personId(personRow(104)[2])).toBeUndefined();
    });

    it('keeps a row whole: a case the database refuses takes its person back with it', async () => {
      await t.sql(`CREATE FUNCTION refuse_case() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF (SELECT full_name FROM persons WHERE id = NEW.person_id) = 'Eks Klien 201' THEN
          RAISE EXCEPTION 'no' USING ERRCODE = '23514'; END IF; RETURN NEW; END $$`);
      await t.sql(`CREATE TRIGGER refuse_case BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION refuse_case()`);
      const job = await importFile(t, operator, csv([CASE_HEADER, eksKlien(200), eksKlien(201), eksKlien(202)]), {
        kind: 'eks-klien',
      });
      await t.sql(`DROP TRIGGER refuse_case ON cases`);
      expect(job).toMatchObject({
        progress: { rowsValid: 2, rowsRejected: 1 },
        results: { personsCreated: 2, casesOpened: 2 },
      });
      expect(job.errorReport.firstErrors).toEqual([
        { row: 3, column: null, code: 'BAD_REQUEST', message: expect.any(String) },
      ]);
      expect(await personId(personRow(201)[2])).toBeUndefined();
      expect(await personId(personRow(200)[2])).toBeDefined();
    });

    it('all-or-nothing: one bad row, no person and no case', async () => {
      const cases = await count(`SELECT count(*) AS n FROM cases`);
      const job = await importFile(t, operator, csv([CASE_HEADER, eksKlien(300), eksKlien(301, { tahap: 'SALAH' })]), {
        kind: 'eks-klien',
        mode: 'all-or-nothing',
      });
      expect(job).toMatchObject({
        status: 'FAILED',
        error: { code: 'IMPORT_ROWS_REJECTED' },
        progress: { rowsImported: 0 },
      });
      expect(await personId(personRow(300)[2])).toBeUndefined();
      expect(await count(`SELECT count(*) AS n FROM cases`)).toBe(cases);
      const done = await importFile(t, operator, csv([CASE_HEADER, eksKlien(300), eksKlien(301)]), {
        kind: 'eks-klien',
        mode: 'all-or-nothing',
      });
      expect(done).toMatchObject({ status: 'COMPLETED', results: { casesOpened: 2 } });
      expect(await count(`SELECT count(*) AS n FROM cases`)).toBe(cases + 2);
    });

    it('validate-only: reports what would happen, writes nothing', async () => {
      const cases = await count(`SELECT count(*) AS n FROM cases`);
      const job = await importFile(t, operator, csv([CASE_HEADER, eksKlien(400), eksKlien(401)]), {
        kind: 'eks-klien',
        mode: 'validate-only',
      });
      expect(job).toMatchObject({ status: 'COMPLETED', results: { casesOpened: 2 }, progress: { rowsImported: 0 } });
      expect(await count(`SELECT count(*) AS n FROM cases`)).toBe(cases);
      expect(await personId(personRow(400)[2])).toBeUndefined();
    });
  });

  describe('business-reports', () => {
    let business: string;
    let foreign: string;

    async function newBusiness(who: TestPrincipal, village: string): Promise<string> {
      const person = await t.http
        .post('/api/v1/persons')
        .set(who.auth)
        .send({
          fullName: `Pemilik ${Math.random().toString(36).slice(2, 7)}`,
          sex: 'F',
          domicile: { villageCode: village },
        })
        .expect(201);
      const res = await t.http
        .post('/api/v1/businesses')
        .set(who.auth)
        .send({
          personId: person.body.id,
          sector: 'KERAJINAN',
          name: 'Keset Perca',
          villageCode: village,
          startDate: `${month(-6)}-01`,
          workers: 0,
        })
        .expect(201);
      return res.body.id as string;
    }

    beforeAll(async () => {
      business = await newBusiness(operator, KEDIRI_VILLAGE);
      foreign = await newBusiness(otherRegency, '3506012001');
      await t.http
        .post(`/api/v1/businesses/${business}/reports`)
        .set(operator.auth)
        .send({ period: month(-5), revenueIdr: 1, netIncomeIdr: 1, workers: 0, open: true })
        .expect(201);
    });

    it('valid-rows-only: writes each month through the reports service and refuses bad rows', async () => {
      const file = csv([
        REPORT_HEADER,
        [business, month(-4), '3.000.000', '1.800.000', '1', 'YA', 'Pesanan seragam'],
        [business, month(-3), 'Rp 2.500.000', '-200.000', '0', 'ya', ''],
        [business, `${month(-2)}-01`, '2000000', '900000', '2', 'TIDAK', ''],
        [business, month(-5), '1', '1', '0', 'YA', ''],
        [business, month(1), '1', '1', '0', 'YA', ''],
        [foreign, month(-4), '1', '1', '0', 'YA', ''],
        [business, month(-1), '=1+1', '1', '0', 'MUNGKIN', ''],
        ['bukan-uuid', month(-1), '1', '1', '0', 'YA', ''],
        [business, month(-4), '5', '5', '0', 'YA', 'lagi'],
      ]);
      const job = await importFile(t, operator, file, { kind: 'business-reports' });
      expect(job).toMatchObject({
        status: 'COMPLETED',
        progress: { rowsRead: 9, rowsValid: 3, rowsRejected: 6, rowsImported: 3 },
        results: { reportsCreated: 3 },
      });
      expect(job.errorReport.firstErrors).toEqual([
        { row: 5, column: 'periode', code: 'BUSINESS_REPORT_DUPLICATE', message: expect.any(String) },
        { row: 6, column: 'periode', code: 'BUSINESS_REPORT_PERIOD_INVALID', message: 'di masa depan' },
        { row: 7, column: 'id_usaha', code: 'BUSINESS_NOT_FOUND', message: expect.any(String) },
        { row: 8, column: 'omzet', code: 'VALIDATION_FAILED', message: expect.stringContaining('bilangan bulat') },
        { row: 8, column: 'buka', code: 'VALIDATION_FAILED', message: 'harus YA atau TIDAK' },
        { row: 9, column: 'id_usaha', code: 'VALIDATION_FAILED', message: 'harus berupa UUID' },
        { row: 10, column: 'periode', code: 'BUSINESS_REPORT_DUPLICATE', message: expect.any(String) },
      ]);
      const reports = await t.sql<{
        period: string;
        revenue_idr: string;
        net_income_idr: string;
        open: boolean;
        notes: string | null;
      }>(
        `SELECT period, revenue_idr, net_income_idr, open, notes FROM business_reports WHERE business_id = $1 ORDER BY period`,
        [business],
      );
      expect(reports.slice(1)).toEqual([
        { period: month(-4), revenue_idr: '3000000', net_income_idr: '1800000', open: true, notes: 'Pesanan seragam' },
        { period: month(-3), revenue_idr: '2500000', net_income_idr: '-200000', open: true, notes: null },
        { period: month(-2), revenue_idr: '2000000', net_income_idr: '900000', open: false, notes: null },
      ]);
      expect(await count(`SELECT count(*) AS n FROM business_reports WHERE business_id = $1`, [foreign])).toBe(0);
      expect(
        await count(
          `SELECT count(*) AS n FROM audit_events WHERE resource_type = 'business-report' AND action = 'CREATE' AND request_id = $1`,
          [`import:${job.id}`],
        ),
      ).toBe(3);
    });

    it('all-or-nothing and validate-only write no report', async () => {
      const reports = await count(`SELECT count(*) AS n FROM business_reports`);
      const rows = [
        REPORT_HEADER,
        [business, month(-1), '1', '1', '0', 'YA', ''],
        [business, month(1), '1', '1', '0', 'YA', ''],
      ];
      const failed = await importFile(t, operator, csv(rows), { kind: 'business-reports', mode: 'all-or-nothing' });
      expect(failed).toMatchObject({ status: 'FAILED', progress: { rowsValid: 1, rowsRejected: 1, rowsImported: 0 } });
      const checked = await importFile(t, operator, csv(rows.slice(0, 2)), {
        kind: 'business-reports',
        mode: 'validate-only',
      });
      expect(checked).toMatchObject({
        status: 'COMPLETED',
        results: { reportsCreated: 1 },
        progress: { rowsImported: 0 },
      });
      expect(await count(`SELECT count(*) AS n FROM business_reports`)).toBe(reports);
      const done = await importFile(t, operator, csv(rows.slice(0, 2)), {
        kind: 'business-reports',
        mode: 'all-or-nothing',
      });
      expect(done).toMatchObject({ status: 'COMPLETED', progress: { rowsImported: 1 } });
      expect(await count(`SELECT count(*) AS n FROM business_reports`)).toBe(reports + 1);
    });
  });

  describe('attendance', () => {
    let training: { id: string; sessions: { id: string; date: string }[] };
    let nikPerson: string;
    let nikEnrolment: string;
    let plainEnrolment: string;
    const nik = nikFor({ districtCode: '357101', birthDate: '1980-08-17', sex: 'M', serial: 555 });

    beforeAll(async () => {
      const withNik = await t.http
        .post('/api/v1/persons')
        .set(operator.auth)
        .send({ fullName: 'Peserta Ber-NIK', sex: 'M', nik })
        .expect(201);
      nikPerson = withNik.body.id as string;
      const withoutNik = await t.http
        .post('/api/v1/persons')
        .set(operator.auth)
        .send({ fullName: 'Peserta Tanpa NIK', sex: 'F' })
        .expect(201);
      const startsOn = shift(TODAY, -14);
      const res = await t.http
        .post('/api/v1/trainings')
        .set(operator.auth)
        .send({
          skill: 'MENJAHIT',
          title: 'Menjahit dasar',
          venue: { villageCode: KEDIRI_VILLAGE, place: 'Balai Kelurahan Ngampel' },
          startsOn,
          endsOn: shift(startsOn, 27),
          weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'],
          capacity: 10,
          facilitators: ['Bu Sri'],
        })
        .expect(201);
      training = res.body as typeof training;
      const enrol = async (id: string) =>
        (
          await t.http
            .post(`/api/v1/trainings/${training.id}/enrolments`)
            .set(operator.auth)
            .send({ personId: id, overrideReason: 'Peserta uji impor kehadiran' })
            .expect(201)
        ).body.id as string;
      nikEnrolment = await enrol(nikPerson);
      plainEnrolment = await enrol(withoutNik.body.id as string);
    });

    it('valid-rows-only: records presence by NIK or enrolment id, refuses what does not match', async () => {
      const [first, second] = training.sessions.filter((s) => s.date < TODAY);
      const future = training.sessions.find((s) => s.date > TODAY)!;
      const stranger = nikFor({ districtCode: '357101', birthDate: '1981-01-01', sex: 'F', serial: 556 });
      const file = csv([
        ATTENDANCE_HEADER,
        [training.id, first.date, nik, '', 'YA'],
        [training.id, first.date, '', plainEnrolment, 'TIDAK'],
        [training.id, second.date, nik, '', 'hadir'],
        [training.id, shift(TODAY, -400), nik, '', 'YA'],
        [training.id, first.date, stranger, '', 'YA'],
        [training.id, future.date, nik, '', 'YA'],
        ['5d1e2f3a-4b5c-4d6e-8f70-abcdef012345', first.date, nik, '', 'YA'],
        [training.id, first.date, nik, plainEnrolment, 'YA'],
      ]);
      const job = await importFile(t, operator, file, { kind: 'attendance' });
      expect(job).toMatchObject({
        status: 'COMPLETED',
        progress: { rowsRead: 8, rowsValid: 3, rowsRejected: 5 },
        results: { attendanceRecorded: 3 },
      });
      expect(job.errorReport.firstErrors).toEqual([
        {
          row: 5,
          column: 'tanggal_sesi',
          code: 'VALIDATION_FAILED',
          message: 'pelatihan ini tidak punya sesi pada tanggal itu',
        },
        {
          row: 6,
          column: 'nik',
          code: 'VALIDATION_FAILED',
          message: 'tidak ada peserta pelatihan ini dengan NIK tersebut',
        },
        { row: 7, column: 'tanggal_sesi', code: 'TRAINING_SESSION_IN_FUTURE', message: expect.any(String) },
        { row: 8, column: 'id_pelatihan', code: 'TRAINING_NOT_FOUND', message: expect.any(String) },
        { row: 9, column: 'id_pendaftaran', code: 'VALIDATION_FAILED', message: expect.stringContaining('salah satu') },
      ]);
      const attendance = await t.sql<{ session_id: string; enrolment_id: string; present: boolean }>(
        `SELECT session_id, enrolment_id, present FROM training_attendance ORDER BY present DESC, session_id`,
      );
      expect(attendance).toEqual(
        expect.arrayContaining([
          { session_id: first.id, enrolment_id: nikEnrolment, present: true },
          { session_id: second.id, enrolment_id: nikEnrolment, present: true },
          { session_id: first.id, enrolment_id: plainEnrolment, present: false },
        ]),
      );
      expect(attendance).toHaveLength(3);
      // Recorded again, it overwrites (as the API does).
      const again = await importFile(
        t,
        operator,
        csv([ATTENDANCE_HEADER, [training.id, first.date, nik, '', 'TIDAK']]),
        {
          kind: 'attendance',
          mode: 'all-or-nothing',
        },
      );
      expect(again).toMatchObject({ status: 'COMPLETED', results: { attendanceRecorded: 1 } });
      const [row] = await t.sql<{ present: boolean }>(
        `SELECT present FROM training_attendance WHERE session_id = $1 AND enrolment_id = $2`,
        [first.id, nikEnrolment],
      );
      expect(row.present).toBe(false);
    });

    it("validate-only records nothing; another office's training is not found", async () => {
      const [first] = training.sessions.filter((s) => s.date < TODAY);
      const before = await count(`SELECT count(*) AS n FROM training_attendance`);
      const checked = await importFile(
        t,
        operator,
        csv([ATTENDANCE_HEADER, [training.id, first.date, '', plainEnrolment, 'YA']]),
        {
          kind: 'attendance',
          mode: 'validate-only',
        },
      );
      expect(checked).toMatchObject({ status: 'COMPLETED', results: { attendanceRecorded: 1 } });
      const foreign = await importFile(
        t,
        otherRegency,
        csv([ATTENDANCE_HEADER, [training.id, first.date, '', plainEnrolment, 'YA']]),
        {
          kind: 'attendance',
        },
      );
      expect(foreign.errorReport.firstErrors).toEqual([
        { row: 2, column: 'id_pelatihan', code: 'TRAINING_NOT_FOUND', message: expect.any(String) },
      ]);
      expect(await count(`SELECT count(*) AS n FROM training_attendance`)).toBe(before);
    });
  });

  it('deletes finished jobs and their reports after IMPORT_RETENTION_DAYS', async () => {
    const job = await importFile(t, operator, csv([PERSON_HEADER, personRow(900, { nama_lengkap: '' })]), {
      mode: 'validate-only',
    });
    expect(job.errorReport.count).toBe(1);
    await t.sql(`UPDATE import_jobs SET finished_at = now() - interval '31 days' WHERE id = $1`, [job.id]);
    const deleted = await t.app.get(ImportRetention).purge();
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await count(`SELECT count(*) AS n FROM import_jobs WHERE id = $1`, [job.id])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM import_row_errors WHERE job_id = $1`, [job.id])).toBe(0);
    await t.http.get(`/api/v1/imports/${job.id}`).set(operator.auth).expect(404);
  });
});

describe('import limits (e2e)', () => {
  let t: TestApp;
  let operator: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp({ IMPORT_MAX_ROWS: '5' });
    operator = await asRole(t, Role.REGENCY_OPERATOR);
  });
  afterAll(async () => {
    await t.close();
  });

  it('stops a file over IMPORT_MAX_ROWS: the job fails naming the limit, nothing is written', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => personRow(i, { nama_lengkap: `Batas ${i}` }));
    const job = await importFile(t, operator, csv([PERSON_HEADER, ...rows]), { mode: 'valid-rows-only' });
    expect(job).toMatchObject({
      status: 'FAILED',
      error: { code: 'IMPORT_TOO_MANY_ROWS', message: expect.stringContaining('5') },
      progress: { rowsImported: 0 },
    });
    expect(
      Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM persons WHERE full_name LIKE 'Batas %'`))[0].n),
    ).toBe(0);
    const five = await importFile(t, operator, csv([PERSON_HEADER, ...rows.slice(0, 5)]));
    expect(five).toMatchObject({ status: 'COMPLETED', progress: { rowsImported: 5 } });
  });

  it('shows a queued job with no progress yet', async () => {
    const res = await upload(t, operator, csv([PERSON_HEADER, personRow(10)]), {
      kind: 'persons',
      mode: 'validate-only',
    }).expect(202);
    const queued = await t.http
      .get(`/api/v1/imports/${res.body.id as string}`)
      .set(operator.auth)
      .expect(200);
    expect(queued.body).toMatchObject({ status: 'QUEUED', progress: { rowsRead: 0, percent: 0 }, startedAt: null });
  });
});
