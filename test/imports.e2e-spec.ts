import * as ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { request as httpRequest, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role } from '../src/identity/permissions';
import { ImportRunner } from '../src/imports/import-runner.service';
import { nikFor } from '../src/persons/nik';
import { PiiCipher } from '../src/persons/pii/pii-cipher';
import { PII_CONTEXTS } from '../src/persons/pii/pii-columns';
import { asRole, TestPrincipal } from './helpers/auth';
import { csv, importFile, JobView, PERSON_HEADER, personRow, runJob, upload, zipOf } from './helpers/imports';
import { createTestApp, TestApp } from './helpers/test-app';

const PROBLEM = /^application\/problem\+json/;
const MAX_BYTES = 1024 * 1024;

async function xlsx(rows: unknown[][], fill?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('data');
  for (const row of rows) sheet.addRow(row);
  fill?.(sheet);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('imports (e2e)', () => {
  let t: TestApp;
  let operator: TestPrincipal; // Dinas Sosial Kota Kediri (3571)
  let operatorColleague: TestPrincipal; // another user of the same office
  let otherRegency: TestPrincipal; // Dinas Sosial Kabupaten Kediri (3506)
  let officer: TestPrincipal; // provincial officer: province-wide
  let analyst: TestPrincipal; // province-wide, but no persons:write
  let partner: TestPrincipal;
  let upt: TestPrincipal;
  let cipher: PiiCipher;

  beforeAll(async () => {
    t = await createTestApp({ IMPORT_MAX_BYTES: String(MAX_BYTES) });
    operator = await asRole(t, Role.REGENCY_OPERATOR);
    operatorColleague = await asRole(t, Role.REGENCY_OPERATOR);
    otherRegency = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3506');
    officer = await asRole(t, Role.PROVINCE_OFFICER);
    analyst = await asRole(t, Role.ANALYST);
    partner = await asRole(t, Role.PARTNER);
    upt = await asRole(t, Role.UPT_STAFF);
    cipher = t.app.get(PiiCipher);
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await t.sql<{ n: string }>(sql, params))[0].n);
  const personsNamed = (prefix: string) =>
    count(`SELECT count(*) AS n FROM persons WHERE full_name LIKE $1`, [`${prefix}%`]);
  const nikIndex = (nik: string) => cipher.blindIndex(nik, PII_CONTEXTS.nik);

  describe('templates', () => {
    it('publishes a CSV template per kind: the header and a valid example row', async () => {
      for (const kind of ['persons', 'eks-klien', 'business-reports', 'attendance']) {
        const res = await t.http.get(`/api/v1/imports/templates/${kind}.csv`).set(operator.auth).expect(200);
        expect(res.headers['content-type']).toMatch(/^text\/csv/);
        expect(res.headers['content-disposition']).toBe(`attachment; filename="template-${kind}.csv"`);
        expect(res.text.split('\r\n')[0]).toMatch(/^\uFEFF[a-z_]+(,[a-z_]+)+$/);
      }
      const persons = await t.http.get('/api/v1/imports/templates/persons.csv').set(operator.auth).expect(200);
      expect(persons.text.split('\r\n')[0]).toContain('nama_lengkap,jenis_kelamin,nik,no_kk,tanggal_lahir');
    });

    it('publishes an XLSX template with identity columns formatted as text and a sheet describing the columns', async () => {
      const res = await t.http
        .get('/api/v1/imports/templates/eks-klien.xlsx')
        .set(operator.auth)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const book = new ExcelJS.Workbook();
      // exceljs types its argument as the old Buffer<ArrayBuffer>; any Node Buffer works.
      await book.xlsx.load(res.body as Parameters<typeof book.xlsx.load>[0]);
      const data = book.getWorksheet('data')!;
      const header = (data.getRow(1).values as string[]).slice(1);
      expect(header).toEqual(expect.arrayContaining(['nama_lengkap', 'nik', 'tanggal_mulai', 'tahap']));
      expect(data.getColumn(header.indexOf('nik') + 1).numFmt).toBe('@');
      expect(book.getWorksheet('kolom')!.rowCount).toBe(header.length + 1);
    });

    it('imports the templates as published (round trip), CSV and XLSX', async () => {
      const csvTemplate = await t.http.get('/api/v1/imports/templates/persons.csv').set(operator.auth).expect(200);
      const fromCsv = await importFile(t, operator, Buffer.from(csvTemplate.text, 'utf8'), { mode: 'validate-only' });
      expect(fromCsv).toMatchObject({
        status: 'COMPLETED',
        format: 'CSV',
        progress: { rowsValid: 1, rowsRejected: 0 },
      });
      const xlsxTemplate = await t.http
        .get('/api/v1/imports/templates/persons.xlsx')
        .set(operator.auth)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const fromXlsx = await importFile(t, operator, xlsxTemplate.body as Buffer, {
        mode: 'validate-only',
        fileName: 'template.xlsx',
      });
      expect(fromXlsx).toMatchObject({
        status: 'COMPLETED',
        format: 'XLSX',
        progress: { rowsValid: 1, rowsRejected: 0 },
      });
    });

    it('answers 404 for an unknown template and 401 without a token', async () => {
      const res = await t.http.get('/api/v1/imports/templates/grants.csv').set(operator.auth).expect(404);
      expect(res.body.code).toBe('IMPORT_TEMPLATE_NOT_FOUND');
      await t.http.get('/api/v1/imports/templates/persons.pdf').set(operator.auth).expect(404);
      await t.http.get('/api/v1/imports/templates/persons.csv').expect(401);
    });
  });

  describe('persons, valid-rows-only', () => {
    let job: JobView;
    const rows = Array.from({ length: 2300 }, (_, i) => personRow(i, { nama_lengkap: `Valid Satu ${i}` }));

    beforeAll(async () => {
      // Rows 2 and 1502 (second batch) are refused; every other row is imported.
      rows[0] = personRow(0, { nama_lengkap: 'Valid Satu 0', nik: '3571015203850000' });
      rows[1500] = personRow(1500, { nama_lengkap: 'Valid Satu 1500', tanggal_lahir: '31/02/1990' });
      const res = await upload(t, operator, csv([PERSON_HEADER, ...rows]), {
        kind: 'persons',
        mode: 'valid-rows-only',
      }).expect(202);
      expect(res.headers.location).toBe(`/api/v1/imports/${res.body.id}`);
      expect(res.body).toMatchObject({ status: 'QUEUED', kind: 'persons', mode: 'valid-rows-only', format: 'CSV' });
      job = await runJob(t, operator, res.body.id as string);
    });

    it('completes with counts, and reports the refused rows by row and column', () => {
      expect(job).toMatchObject({
        status: 'COMPLETED',
        progress: { rowsRead: 2300, rowsValid: 2298, rowsRejected: 2, rowsImported: 2298, percent: 100 },
        results: { personsCreated: 2298, personsUpdated: 0 },
        error: null,
      });
      expect(job.errorReport.firstErrors).toEqual([
        { row: 2, column: 'nik', code: 'PERSON_NIK_INVALID', message: expect.stringContaining('0000') },
        { row: 1502, column: 'tanggal_lahir', code: 'VALIDATION_FAILED', message: expect.any(String) },
      ]);
    });

    it('writes the registry as the API does: encrypted NIK and KK, blind indexes, histories, PPKS, scope', async () => {
      expect(await personsNamed('Valid Satu ')).toBe(2298);
      const nik = rows[7][2];
      const [person] = await t.sql<{ id: string; nik_encrypted: string; nik_index: string; registered_by: string }>(
        `SELECT id, nik_encrypted, nik_index, registered_by_organization_id AS registered_by FROM persons
          WHERE full_name = 'Valid Satu 7'`,
      );
      expect(person.nik_encrypted).not.toContain(nik);
      expect(cipher.decrypt(person.nik_encrypted, PII_CONTEXTS.nik)).toBe(nik);
      expect(person.nik_index).toBe(nikIndex(nik));
      expect(person.registered_by).toBe(operator.organizationId);
      expect(await count(`SELECT count(*) AS n FROM person_domiciles WHERE person_id = $1`, [person.id])).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM person_kk_numbers WHERE person_id = $1`, [person.id])).toBe(1);
      const ppks = await t.sql<{ ppks_code: string }>(
        `SELECT ppks_code FROM person_ppks_categories WHERE person_id = $1`,
        [person.id],
      );
      expect(ppks).toEqual([{ ppks_code: 'PPKS-09' }]);
      // Found through the API by NIK, unmasked for the office (persons:pii).
      const found = await t.http.get(`/api/v1/persons?nik=${nik}`).set(operator.auth).expect(200);
      expect(found.body.data).toEqual([expect.objectContaining({ id: person.id, nik, fullName: 'Valid Satu 7' })]);
    });

    it('audits one IMPORT event per person and one for the job, under the uploader', async () => {
      expect(
        await count(
          `SELECT count(*) AS n FROM audit_events
            WHERE action = 'IMPORT' AND resource_type = 'person' AND request_id = $1 AND actor_id = $2`,
          [`import:${job.id}`, operator.userId],
        ),
      ).toBe(2298);
      const [event] = await t.sql<{ changed_fields: string[]; organization_id: string }>(
        `SELECT changed_fields, organization_id FROM audit_events
          WHERE action = 'IMPORT' AND resource_type = 'person' AND request_id = $1 LIMIT 1`,
        [`import:${job.id}`],
      );
      expect(event.changed_fields).toEqual(expect.arrayContaining(['fullName', 'nik', 'domicile', 'kk']));
      expect(event.organization_id).toBe(operator.organizationId);
      expect(
        await count(`SELECT count(*) AS n FROM audit_events WHERE resource_type = 'import-job' AND resource_id = $1`, [
          job.id,
        ]),
      ).toBe(2);
    });

    it('drops the stored file once the job has ended', async () => {
      expect(await count(`SELECT count(*) AS n FROM import_file_chunks WHERE job_id = $1`, [job.id])).toBe(0);
    });

    it('lets the office and the province see the job, nobody else', async () => {
      await t.http.get(`/api/v1/imports/${job.id}`).set(operatorColleague.auth).expect(200);
      await t.http.get(`/api/v1/imports/${job.id}`).set(officer.auth).expect(200);
      for (const outsider of [otherRegency, analyst, partner, upt]) {
        for (const path of ['', '/errors', '/errors.csv']) {
          const res = await t.http.get(`/api/v1/imports/${job.id}${path}`).set(outsider.auth).expect(404);
          expect(res.body.code).toBe('IMPORT_NOT_FOUND');
        }
      }
      await t.http.get(`/api/v1/imports/${job.id}`).expect(401);
      await t.http.get('/api/v1/imports/not-a-uuid').set(operator.auth).expect(404);
    });
  });

  describe('the error report', () => {
    let job: JobView;

    beforeAll(async () => {
      const file = csv([
        PERSON_HEADER,
        personRow(3001, { nama_lengkap: '=HYPERLINK("http://contoh.test","Budi")' }),
        personRow(3002, { nama_lengkap: '' }),
        personRow(3003, { jenis_kelamin: 'X', tanggal_lahir: '=1+1' }),
        personRow(3004, { kode_desa: '3571019999' }),
        personRow(3005, { kode_desa: '3571', kategori_ppks: 'PPKS-99' }),
        personRow(3006, { no_kk: '1234' }),
        [...personRow(3007), 'surplus'],
      ]);
      const res = await upload(t, operator, file, { kind: 'persons', mode: 'valid-rows-only' }).expect(202);
      job = await runJob(t, operator, res.body.id as string);
    });

    it('lists each problem with its row, column, code and message', () => {
      expect(job.progress).toMatchObject({ rowsRead: 7, rowsValid: 1, rowsRejected: 6 });
      expect(job.errorReport.firstErrors).toEqual([
        { row: 3, column: 'nama_lengkap', code: 'VALIDATION_FAILED', message: 'wajib diisi' },
        {
          row: 4,
          column: 'jenis_kelamin',
          code: 'VALIDATION_FAILED',
          message: 'harus L (laki-laki) atau P (perempuan)',
        },
        { row: 4, column: 'tanggal_lahir', code: 'VALIDATION_FAILED', message: expect.stringContaining('YYYY-MM-DD') },
        { row: 5, column: 'kode_desa', code: 'UNKNOWN_REGION', message: expect.stringContaining('3571019999') },
        { row: 6, column: 'kode_desa', code: 'VALIDATION_FAILED', message: 'formatnya tidak sesuai' },
        {
          row: 6,
          column: 'kategori_ppks',
          code: 'PERSON_UNKNOWN_PPKS_CATEGORY',
          message: expect.stringContaining('PPKS-99'),
        },
        { row: 7, column: 'no_kk', code: 'PERSON_KK_INVALID', message: expect.any(String) },
        { row: 8, column: null, code: 'ROW_EXTRA_CELLS', message: expect.any(String) },
      ]);
      expect(job.errorReport.count).toBe(8);
    });

    it('keeps a formula-looking cell as text, never evaluated', async () => {
      const [person] = await t.sql<{ full_name: string }>(`SELECT full_name FROM persons WHERE nik_index = $1`, [
        nikIndex(personRow(3001)[2]),
      ]);
      expect(person.full_name).toBe('=HYPERLINK("http://contoh.test","Budi")');
    });

    it('pages through the report', async () => {
      const first = await t.http.get(`/api/v1/imports/${job.id}/errors?limit=3`).set(operator.auth).expect(200);
      expect(first.body.data).toHaveLength(3);
      const second = await t.http
        .get(`/api/v1/imports/${job.id}/errors?limit=10&cursor=${first.body.page.nextCursor as string}`)
        .set(operator.auth)
        .expect(200);
      expect(second.body.data).toHaveLength(5);
      expect(second.body.page.nextCursor).toBeNull();
      expect(second.body.data[0]).toMatchObject({ row: 5, column: 'kode_desa' });
    });

    it('downloads it as CSV, in Indonesian or English', async () => {
      const id = await t.http.get(`/api/v1/imports/${job.id}/errors.csv`).set(operator.auth).expect(200);
      expect(id.headers['content-type']).toMatch(/^text\/csv/);
      expect(id.headers['content-disposition']).toBe(`attachment; filename="import-${job.id}-errors.csv"`);
      const lines = id.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe('baris,kolom,kode,pesan');
      expect(lines).toHaveLength(9);
      expect(lines[1]).toBe('3,nama_lengkap,VALIDATION_FAILED,wajib diisi');
      const en = await t.http
        .get(`/api/v1/imports/${job.id}/errors.csv`)
        .set(operator.auth)
        .set('Accept-Language', 'en')
        .expect(200);
      const enLines = en.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(enLines[0]).toBe('row,column,code,message');
      expect(enLines[1]).toBe('3,nama_lengkap,VALIDATION_FAILED,is required');
    });
  });

  describe('NIK de-duplication', () => {
    it('updates a person already registered with the NIK, and a NIK met twice in a file gives one person', async () => {
      const known = personRow(4000);
      const created = await t.http
        .post('/api/v1/persons')
        .set(operator.auth)
        .send({ fullName: 'Dedup Lama', sex: known[1] === 'P' ? 'F' : 'M', nik: known[2], phone: '+62 811 0000 0000' })
        .expect(201);
      const twiceAcrossBatches = personRow(4001, { nama_lengkap: 'Dedup Dua A', kategori_ppks: 'PPKS-09' });
      const fillers = Array.from({ length: 1100 }, (_, i) => personRow(4100 + i, { nama_lengkap: `Dedup Isi ${i}` }));
      const rows = [
        personRow(4000, { nama_lengkap: 'Dedup Baru', telepon: '+62 812 9999 9999' }),
        twiceAcrossBatches,
        personRow(4002, { nama_lengkap: 'Dedup Tiga A' }),
        personRow(4002, { nama_lengkap: 'Dedup Tiga B', telepon: '' }),
        personRow(4002, { nama_lengkap: 'Dedup Tiga C', kategori_ppks: 'PPKS-10' }),
        ...fillers,
        // Row 1107: the NIK of row 3, in the second batch of 1000 rows.
        personRow(4001, { nama_lengkap: 'Dedup Dua B', kategori_ppks: 'PPKS-10' }),
      ];
      const job = await importFile(t, operator, csv([PERSON_HEADER, ...rows]));
      expect(job).toMatchObject({
        status: 'COMPLETED',
        progress: { rowsRead: rows.length, rowsValid: rows.length, rowsRejected: 0 },
        // Batch 1: 4000 (known), 4001, 4002 and the fillers; batch 2: 4001 again, now known.
        results: { personsCreated: 2 + 1100, personsUpdated: 2 },
      });
      for (const serial of [4000, 4001, 4002]) {
        expect(
          await count(`SELECT count(*) AS n FROM persons WHERE nik_index = $1`, [nikIndex(personRow(serial)[2])]),
        ).toBe(1);
      }
      const [known4000] = await t.sql<{ id: string; full_name: string; phone: string; version: number }>(
        `SELECT id, full_name, phone, version FROM persons WHERE nik_index = $1`,
        [nikIndex(known[2])],
      );
      expect(known4000).toMatchObject({
        id: created.body.id,
        full_name: 'Dedup Baru',
        phone: '+62 812 9999 9999',
        version: 2,
      });
      const [dua] = await t.sql<{ id: string; full_name: string }>(
        `SELECT id, full_name FROM persons WHERE nik_index = $1`,
        [nikIndex(personRow(4001)[2])],
      );
      expect(dua.full_name).toBe('Dedup Dua B');
      const duaPpks = await t.sql<{ ppks_code: string }>(
        `SELECT ppks_code FROM person_ppks_categories WHERE person_id = $1 AND until IS NULL ORDER BY ppks_code`,
        [dua.id],
      );
      expect(duaPpks.map((p) => p.ppks_code)).toEqual(['PPKS-09', 'PPKS-10']);
      const [tiga] = await t.sql<{ full_name: string; phone: string }>(
        `SELECT full_name, phone FROM persons WHERE nik_index = $1`,
        [nikIndex(personRow(4002)[2])],
      );
      // Later non-empty cells win; an empty cell keeps the value.
      expect(tiga).toEqual({ full_name: 'Dedup Tiga C', phone: '+62 812 3456 7890' });
    });

    it('changes nothing when the same file is imported again', async () => {
      const rows = Array.from({ length: 5 }, (_, i) => personRow(31000 + i, { nama_lengkap: `Ulang ${i}` }));
      const first = await importFile(t, operator, csv([PERSON_HEADER, ...rows]));
      expect(first.results).toEqual({ personsCreated: 5, personsUpdated: 0 });
      const again = await importFile(t, operator, csv([PERSON_HEADER, ...rows]));
      expect(again.results).toEqual({ personsCreated: 0, personsUpdated: 5 });
      expect(await personsNamed('Ulang ')).toBe(5);
      expect(await count(`SELECT count(*) AS n FROM persons WHERE full_name LIKE 'Ulang %' AND version > 1`)).toBe(0);
      expect(
        await count(
          `SELECT count(*) AS n FROM person_domiciles d JOIN persons p ON p.id = d.person_id WHERE p.full_name LIKE 'Ulang %'`,
        ),
      ).toBe(5);
    });

    it("refuses a row whose NIK belongs to someone outside the caller's scope, without a hint of who", async () => {
      const nik = nikFor({ districtCode: '350601', birthDate: '1970-05-05', sex: 'M', serial: 77 });
      await t.http
        .post('/api/v1/persons')
        .set(otherRegency.auth)
        .send({ fullName: 'Warga Kabupaten', sex: 'M', nik, domicile: { villageCode: '3506012001' } })
        .expect(201);
      const job = await importFile(
        t,
        operator,
        csv([
          PERSON_HEADER,
          personRow(4600, { nik, tanggal_lahir: '1970-05-05', jenis_kelamin: 'L', nama_lengkap: 'Ambil Alih' }),
        ]),
      );
      expect(job.progress).toMatchObject({ rowsRejected: 1, rowsImported: 0 });
      expect(job.errorReport.firstErrors).toEqual([
        { row: 2, column: 'nik', code: 'PERSON_NIK_EXISTS', message: expect.stringContaining('di luar cakupan') },
      ]);
      expect(JSON.stringify(job)).not.toMatch(/Warga Kabupaten|3506012001/);
      const [person] = await t.sql<{ full_name: string; domicile_village_code: string }>(
        `SELECT full_name, domicile_village_code FROM persons WHERE nik_index = $1`,
        [nikIndex(nik)],
      );
      expect(person).toEqual({ full_name: 'Warga Kabupaten', domicile_village_code: '3506012001' });
    });
  });

  describe('modes', () => {
    it('validate-only writes nothing but the report', async () => {
      const before = await count(`SELECT count(*) AS n FROM persons`);
      const auditBefore = await count(`SELECT count(*) AS n FROM audit_events WHERE resource_type = 'person'`);
      const rows = [
        ...Array.from({ length: 30 }, (_, i) => personRow(30000 + i, { nama_lengkap: `Cek ${i}` })),
        personRow(30100, { nik: '9999015203850001' }),
      ];
      const job = await importFile(t, operator, csv([PERSON_HEADER, ...rows]), { mode: 'validate-only' });
      expect(job).toMatchObject({
        status: 'COMPLETED',
        mode: 'validate-only',
        progress: { rowsRead: 31, rowsValid: 30, rowsRejected: 1, rowsImported: 0 },
        results: { personsCreated: 30 },
      });
      expect(job.errorReport.firstErrors).toEqual([
        { row: 32, column: 'nik', code: 'PERSON_NIK_INVALID', message: expect.any(String) },
      ]);
      expect(await count(`SELECT count(*) AS n FROM persons`)).toBe(before);
      expect(await count(`SELECT count(*) AS n FROM audit_events WHERE resource_type = 'person'`)).toBe(auditBefore);
    });

    it('all-or-nothing writes nothing when a row is refused, and everything when none is', async () => {
      const rows = Array.from({ length: 1200 }, (_, i) => personRow(6000 + i, { nama_lengkap: `Semua ${i}` }));
      const bad = [...rows];
      bad[1100] = personRow(7100, { nama_lengkap: 'Semua 1100', kode_desa: '3571019999' });
      const failed = await importFile(t, operator, csv([PERSON_HEADER, ...bad]), { mode: 'all-or-nothing' });
      expect(failed).toMatchObject({
        status: 'FAILED',
        progress: { rowsRead: 1200, rowsValid: 1199, rowsRejected: 1, rowsImported: 0 },
        error: { code: 'IMPORT_ROWS_REJECTED', message: expect.stringContaining('1 baris ditolak') },
      });
      expect(failed.errorReport.firstErrors).toEqual([
        { row: 1102, column: 'kode_desa', code: 'UNKNOWN_REGION', message: expect.any(String) },
      ]);
      expect(await personsNamed('Semua ')).toBe(0);
      const done = await importFile(t, operator, csv([PERSON_HEADER, ...rows]), { mode: 'all-or-nothing' });
      expect(done).toMatchObject({
        status: 'COMPLETED',
        progress: { rowsRead: 1200, rowsValid: 1200, rowsRejected: 0, rowsImported: 1200 },
      });
      expect(await personsNamed('Semua ')).toBe(1200);
    });
  });

  describe('crashes', () => {
    // A fault in the middle of the second batch: the database refuses one row (as a crashed disk or a killed
    // connection would stop the run there).
    async function sabotage(name: string): Promise<void> {
      await t.sql(`CREATE OR REPLACE FUNCTION import_sabotage() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.full_name = '${name}' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$`);
      await t.sql(
        `CREATE TRIGGER import_sabotage BEFORE INSERT ON persons FOR EACH ROW EXECUTE FUNCTION import_sabotage()`,
      );
    }
    async function repair(): Promise<void> {
      await t.sql(`DROP TRIGGER import_sabotage ON persons`);
    }

    it('all-or-nothing: a run that fails midway leaves no row, and the next run imports everything', async () => {
      const rows = Array.from({ length: 1500 }, (_, i) => personRow(8000 + i, { nama_lengkap: `Utuh ${i}` }));
      await sabotage('Utuh 1300');
      const res = await upload(t, operator, csv([PERSON_HEADER, ...rows]), {
        kind: 'persons',
        mode: 'all-or-nothing',
      }).expect(202);
      const interrupted = await runJob(t, operator, res.body.id as string);
      expect(interrupted).toMatchObject({ status: 'QUEUED', attempts: 1 });
      expect(await personsNamed('Utuh ')).toBe(0);
      await repair();
      const resumed = await runJob(t, operator, res.body.id as string);
      expect(resumed).toMatchObject({
        status: 'COMPLETED',
        attempts: 2,
        progress: { rowsRead: 1500, rowsImported: 1500, rowsRejected: 0 },
      });
      expect(await personsNamed('Utuh ')).toBe(1500);
    });

    it("valid-rows-only: a dead runner's job resumes from its checkpoint, without duplicates", async () => {
      const rows = Array.from({ length: 2500 }, (_, i) => personRow(10000 + i, { nama_lengkap: `Lanjut ${i}` }));
      await sabotage('Lanjut 1700');
      const res = await upload(t, operator, csv([PERSON_HEADER, ...rows]), {
        kind: 'persons',
        mode: 'valid-rows-only',
      }).expect(202);
      const id = res.body.id as string;
      await t.app.get(ImportRunner).runOnce();
      const [stopped] = await t.sql<{ checkpoint: number; status: string }>(
        `SELECT checkpoint, status FROM import_jobs WHERE id = $1`,
        [id],
      );
      expect(stopped).toEqual({ checkpoint: 1000, status: 'QUEUED' });
      expect(await personsNamed('Lanjut ')).toBe(1000);
      // As if the process had died mid-run: RUNNING with a lease nobody renews.
      await t.sql(
        `UPDATE import_jobs SET status = 'RUNNING', lease_until = now() - interval '1 second' WHERE id = $1`,
        [id],
      );
      await repair();
      const resumed = await runJob(t, operator, id);
      expect(resumed).toMatchObject({
        status: 'COMPLETED',
        progress: { rowsRead: 2500, rowsValid: 2500, rowsRejected: 0, rowsImported: 2500 },
        results: { personsCreated: 2500, personsUpdated: 0 },
      });
      expect(await personsNamed('Lanjut ')).toBe(2500);
      expect(await count(`SELECT count(DISTINCT nik_index) AS n FROM persons WHERE full_name LIKE 'Lanjut %'`)).toBe(
        2500,
      );
    });

    it('gives up after three failed runs instead of looping', async () => {
      await sabotage('Gagal 1');
      const res = await upload(t, operator, csv([PERSON_HEADER, personRow(20000, { nama_lengkap: 'Gagal 1' })]), {
        kind: 'persons',
        mode: 'valid-rows-only',
      }).expect(202);
      for (let i = 0; i < 3; i++) await t.app.get(ImportRunner).runOnce();
      await repair();
      const job = await runJob(t, operator, res.body.id as string);
      expect(job).toMatchObject({ status: 'FAILED', attempts: 3, error: { code: 'IMPORT_GAVE_UP' } });
    });
  });

  describe('idempotency', () => {
    it('one job for the same file and key; 422 for the same key with another file, kind or mode', async () => {
      const file = csv([PERSON_HEADER, personRow(21000, { nama_lengkap: 'Sekali Saja' })]);
      const first = await upload(t, operator, file, {
        kind: 'persons',
        mode: 'valid-rows-only',
        key: 'impor-1',
      }).expect(202);
      const again = await upload(t, operator, file, {
        kind: 'persons',
        mode: 'valid-rows-only',
        key: 'impor-1',
        fileName: 'lagi.csv',
      }).expect(202);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers.location).toBe(`/api/v1/imports/${first.body.id}`);
      expect(await count(`SELECT count(*) AS n FROM import_jobs WHERE idempotency_key = 'impor-1'`)).toBe(1);
      await runJob(t, operator, first.body.id as string);
      // Still the same job after it ran, with its outcome.
      const later = await upload(t, operator, file, {
        kind: 'persons',
        mode: 'valid-rows-only',
        key: 'impor-1',
      }).expect(202);
      expect(later.body).toMatchObject({ id: first.body.id, status: 'COMPLETED' });
      expect(await personsNamed('Sekali Saja')).toBe(1);

      const other = csv([PERSON_HEADER, personRow(21001)]);
      for (const [body, mode] of [
        [other, 'valid-rows-only'],
        [file, 'validate-only'],
      ] as const) {
        const res = await upload(t, operator, body, { kind: 'persons', mode, key: 'impor-1' }).expect(422);
        expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      }
      // Keys belong to a caller: a colleague's same key is another job.
      const colleague = await upload(t, operatorColleague, file, {
        kind: 'persons',
        mode: 'valid-rows-only',
        key: 'impor-1',
      }).expect(202);
      expect(colleague.body.id).not.toBe(first.body.id);
      // Without a key, every upload is a job of its own.
      const [a, b] = await Promise.all([
        upload(t, operator, file, { kind: 'persons', mode: 'validate-only' }).expect(202),
        upload(t, operator, file, { kind: 'persons', mode: 'validate-only' }).expect(202),
      ]);
      expect(a.body.id).not.toBe(b.body.id);
      const badKey = await upload(t, operator, file, { kind: 'persons', mode: 'validate-only', key: 'k'.repeat(256) });
      expect(badKey.status).toBe(400);
      expect(badKey.body.code).toBe('INVALID_IDEMPOTENCY_KEY');
    });

    it('concurrent uploads with one key make one job', async () => {
      const file = csv([PERSON_HEADER, personRow(21100, { nama_lengkap: 'Serentak' })]);
      const answers = await Promise.all(
        [1, 2, 3].map(() => upload(t, operator, file, { kind: 'persons', mode: 'valid-rows-only', key: 'serentak' })),
      );
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      expect(new Set(answers.map((a) => a.body.id as string)).size).toBe(1);
    });
  });

  describe('bad input', () => {
    const expectProblem = (
      res: { status: number; headers: Record<string, string>; body: { code: string } },
      status: number,
      code: string,
    ) => {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe(code);
    };
    const jobsNow = () => count(`SELECT count(*) AS n FROM import_jobs`);

    it('refuses unknown kinds and modes, missing parts, the wrong order and non-multipart bodies', async () => {
      const before = await jobsNow();
      const file = csv([PERSON_HEADER, personRow(22000)]);
      const kind = await upload(t, operator, file, { kind: 'grants', mode: 'valid-rows-only' });
      expectProblem(kind, 400, 'VALIDATION_FAILED');
      expect(kind.body.errors).toEqual([{ field: 'kind', message: expect.stringContaining('persons, eks-klien') }]);
      const mode = await upload(t, operator, file, { kind: 'persons', mode: 'sometimes' });
      expectProblem(mode, 400, 'VALIDATION_FAILED');
      expect(mode.body.errors[0].field).toBe('mode');
      const noFile = await t.http
        .post('/api/v1/imports')
        .set(operator.auth)
        .field('kind', 'persons')
        .field('mode', 'validate-only');
      expectProblem(noFile, 400, 'VALIDATION_FAILED');
      expect(noFile.body.errors).toEqual([{ field: 'file', message: 'wajib diisi' }]);
      const fileFirst = await t.http
        .post('/api/v1/imports')
        .set(operator.auth)
        .attach('file', file, 'data.csv')
        .field('kind', 'persons')
        .field('mode', 'validate-only');
      expectProblem(fileFirst, 400, 'IMPORT_FORM_INVALID');
      const extra = await t.http
        .post('/api/v1/imports')
        .set(operator.auth)
        .field('kind', 'persons')
        .field('mode', 'validate-only')
        .field('note', 'x');
      expectProblem(extra, 400, 'IMPORT_FORM_INVALID');
      const json = await t.http
        .post('/api/v1/imports')
        .set(operator.auth)
        .send({ kind: 'persons', mode: 'validate-only' });
      expectProblem(json, 415, 'IMPORT_MULTIPART_REQUIRED');
      const empty = await upload(t, operator, Buffer.alloc(0), { kind: 'persons', mode: 'validate-only' });
      expectProblem(empty, 422, 'IMPORT_FILE_EMPTY');
      // Multipart anywhere else is still refused.
      const elsewhere = await t.http.post('/api/v1/persons').set(operator.auth).field('fullName', 'X');
      expectProblem(elsewhere, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await jobsNow()).toBe(before);
    });

    it("refuses a caller without the kind's permission (403) and eks-klien outside a regency office", async () => {
      const file = csv([PERSON_HEADER, personRow(22001)]);
      expectProblem(await upload(t, partner, file, { kind: 'persons', mode: 'validate-only' }), 403, 'FORBIDDEN');
      expectProblem(await upload(t, analyst, file, { kind: 'persons', mode: 'validate-only' }), 403, 'FORBIDDEN');
      expectProblem(await upload(t, upt, file, { kind: 'business-reports', mode: 'validate-only' }), 403, 'FORBIDDEN');
      expectProblem(
        await upload(t, officer, file, { kind: 'eks-klien', mode: 'validate-only' }),
        403,
        'IMPORT_KIND_NOT_ALLOWED',
      );
      await t.http.post('/api/v1/imports').field('kind', 'persons').expect(401);
    });

    it('decides the type by content: another type under a .csv name is refused, an XLSX under one is read', async () => {
      const zip = zipOf([{ name: 'data.csv', data: csv([PERSON_HEADER, personRow(22050)]) }]);
      const notWorkbook = await upload(t, operator, zip, { kind: 'persons', mode: 'validate-only' });
      expectProblem(notWorkbook, 415, 'IMPORT_FILE_TYPE');
      const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(100)]);
      expectProblem(
        await upload(t, operator, png, { kind: 'persons', mode: 'validate-only' }),
        415,
        'IMPORT_FILE_TYPE',
      );
      const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)]);
      const old = await upload(t, operator, xls, { kind: 'persons', mode: 'validate-only' });
      expectProblem(old, 415, 'IMPORT_FILE_TYPE');
      expect(old.body.detail).toContain('.xls');
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('nama_lengkap', 'utf16le')]);
      expectProblem(
        await upload(t, operator, utf16, { kind: 'persons', mode: 'validate-only' }),
        415,
        'IMPORT_FILE_TYPE',
      );
      const book = await xlsx([[...PERSON_HEADER], personRow(22100)]);
      const job = await importFile(t, operator, book, { mode: 'validate-only', fileName: 'orang.csv' });
      expect(job).toMatchObject({ status: 'COMPLETED', format: 'XLSX', progress: { rowsValid: 1 } });
    });

    it('reads an XLSX stored in several pieces: the zip directory at the end, the sheet across pieces', async () => {
      // Addresses of random text keep the zip from shrinking below two stored pieces (256 KiB each).
      const rows = Array.from({ length: 6000 }, (_, i) =>
        personRow(23000 + i, { alamat: `Jl. ${randomBytes(48).toString('hex')}` }),
      );
      const book = await xlsx([[...PERSON_HEADER], ...rows]);
      expect(book.length).toBeGreaterThan(2 * 256 * 1024);
      const job = await importFile(t, operator, book, { mode: 'validate-only', fileName: 'besar.xlsx' });
      expect(job).toMatchObject({
        status: 'COMPLETED',
        format: 'XLSX',
        progress: { rowsRead: 6000, rowsValid: 6000, rowsRejected: 0, percent: 100 },
      });
    });

    it('refuses wrong or missing columns: CSV at upload (422), XLSX by a failed job', async () => {
      const missing = await upload(
        t,
        operator,
        csv([
          ['nik', 'tangal_lahir'],
          ['1', '2'],
        ]),
        { kind: 'persons', mode: 'validate-only' },
      );
      expectProblem(missing, 422, 'IMPORT_COLUMNS_INVALID');
      expect(missing.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'tangal_lahir', message: 'kolom tidak dikenal dalam templat ini' },
          { field: 'nama_lengkap', message: 'kolom wajib tidak ada' },
          { field: 'jenis_kelamin', message: 'kolom wajib tidak ada' },
        ]),
      );
      const repeated = await upload(t, operator, csv([['Nama Lengkap', 'jenis_kelamin', 'NAMA-LENGKAP']]), {
        kind: 'persons',
        mode: 'validate-only',
      });
      expectProblem(repeated, 422, 'IMPORT_COLUMNS_INVALID');
      expect(repeated.body.errors).toEqual([{ field: 'nama_lengkap', message: 'kolom ini muncul dua kali' }]);
      const book = await xlsx([
        ['nama', 'jenis_kelamin'],
        ['Siti', 'P'],
      ]);
      const res = await upload(t, operator, book, {
        kind: 'persons',
        mode: 'valid-rows-only',
        fileName: 'x.xlsx',
      }).expect(202);
      const job = await runJob(t, operator, res.body.id as string);
      expect(job).toMatchObject({
        status: 'FAILED',
        error: {
          code: 'IMPORT_COLUMNS_INVALID',
          details: expect.arrayContaining([{ column: 'nama', message: 'kolom tidak dikenal dalam templat ini' }]),
        },
      });
    });

    it('reports broken UTF-8 per row, and refuses a header that is not UTF-8', async () => {
      const file = Buffer.concat([
        csv([PERSON_HEADER, personRow(22200)]),
        Buffer.from('Jos'),
        Buffer.from([0xe9]),
        Buffer.from(`,L,,,,,,,\r\n`),
      ]);
      const job = await importFile(t, operator, file, { mode: 'validate-only' });
      expect(job.progress).toMatchObject({ rowsRead: 2, rowsValid: 1, rowsRejected: 1 });
      expect(job.errorReport.firstErrors).toEqual([
        { row: 3, column: 'nama_lengkap', code: 'CELL_ENCODING', message: expect.stringContaining('UTF-8') },
      ]);
      const header = Buffer.concat([Buffer.from('nama_lengkap,jenis_kelamin,alamat'), Buffer.from([0xe9, 0x0a])]);
      expectProblem(
        await upload(t, operator, header, { kind: 'persons', mode: 'validate-only' }),
        422,
        'IMPORT_ENCODING_INVALID',
      );
    });

    it('refuses a row of 10,000 columns alone, in CSV and XLSX, and a header of 10,000 columns', async () => {
      const wide = Array.from({ length: 10_000 }, (_, i) => `x${i}`);
      const file = csv([PERSON_HEADER, personRow(22300), wide, personRow(22301)]);
      const job = await importFile(t, operator, file, { mode: 'validate-only' });
      expect(job.progress).toMatchObject({ rowsRead: 3, rowsValid: 2, rowsRejected: 1 });
      expect(job.errorReport.firstErrors).toEqual([
        { row: 3, column: null, code: 'ROW_TOO_MANY_COLUMNS', message: expect.any(String) },
      ]);
      const book = await xlsx([[...PERSON_HEADER], personRow(22302), wide, personRow(22303)]);
      const fromXlsx = await importFile(t, operator, book, { mode: 'validate-only', fileName: 'lebar.xlsx' });
      expect(fromXlsx.progress).toMatchObject({ rowsRead: 3, rowsValid: 2, rowsRejected: 1 });
      const header = await upload(t, operator, csv([wide]), { kind: 'persons', mode: 'validate-only' });
      expectProblem(header, 422, 'IMPORT_COLUMNS_INVALID');
    });

    it('refuses identity numbers stored as numbers in XLSX (Excel keeps 15 digits)', async () => {
      const row: unknown[] = personRow(22400);
      row[2] = Number(row[2]);
      const job = await importFile(t, operator, await xlsx([[...PERSON_HEADER], row]), {
        mode: 'validate-only',
        fileName: 'angka.xlsx',
      });
      expect(job.errorReport.firstErrors).toEqual([
        { row: 2, column: 'nik', code: 'CELL_NUMBER_NOT_TEXT', message: expect.stringContaining('Teks') },
      ]);
    });

    it('reads semicolon CSV (Indonesian Excel) and DD/MM/YYYY dates', async () => {
      const row = personRow(22500);
      const [y, m, d] = row[4].split('-');
      row[4] = `${d}/${m}/${y}`;
      const job = await importFile(t, operator, csv([PERSON_HEADER, row], { delimiter: ';', bom: true }), {
        mode: 'validate-only',
      });
      expect(job).toMatchObject({ status: 'COMPLETED', progress: { rowsValid: 1, rowsRejected: 0 } });
    });

    describe('a 2 GB upload', () => {
      let port: number;
      beforeAll(async () => {
        const server = t.app.getHttpServer() as import('node:http').Server;
        if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        port = (server.address() as AddressInfo).port;
      });

      /** A raw request: the body is written by `body` until the answer comes (`answered()`), whatever its length. */
      function send(
        headers: Record<string, string>,
        body: (write: (chunk: Buffer) => boolean, answered: () => boolean) => void,
      ) {
        return new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
          let sent = 0;
          let answered = false;
          const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/imports', headers });
          req.on('response', (res: IncomingMessage) => {
            answered = true;
            let text = '';
            const done = (): void => {
              resolve({ status: res.statusCode ?? 0, body: text, sent });
              req.destroy();
            };
            res.on('data', (c: Buffer) => (text += c.toString()));
            // The server closes the connection after its answer: the body may end with 'end' or with the socket.
            res.on('end', done);
            res.on('close', done);
          });
          req.on('error', (error: NodeJS.ErrnoException) => {
            if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
          });
          body(
            (chunk) => {
              sent += chunk.length;
              return req.write(chunk);
            },
            () => answered,
          );
        });
      }

      it('is refused from its declared length before any of it is read, storing nothing', async () => {
        const before = await jobsNow();
        const answer = await send(
          {
            ...operator.auth,
            'content-type': 'multipart/form-data; boundary=XYZ',
            'content-length': String(2 * 1024 ** 3),
          },
          (write) => write(Buffer.from('--XYZ\r\n')),
        );
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.body)).toMatchObject({
          code: 'IMPORT_FILE_TOO_LARGE',
          detail: expect.stringContaining(String(MAX_BYTES)),
        });
        expect(await jobsNow()).toBe(before);
      });

      it('is refused while it streams when its length is not declared (chunked), long before its end', async () => {
        const before = await jobsNow();
        const piece = Buffer.alloc(64 * 1024, 'b');
        const answer = await send(
          { ...operator.auth, 'content-type': 'multipart/form-data; boundary=XYZ', 'transfer-encoding': 'chunked' },
          (write, answered) => {
            write(
              Buffer.from(
                '--XYZ\r\nContent-Disposition: form-data; name="kind"\r\n\r\npersons\r\n' +
                  '--XYZ\r\nContent-Disposition: form-data; name="mode"\r\n\r\nvalidate-only\r\n' +
                  '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="besar.csv"\r\n' +
                  'Content-Type: text/csv\r\n\r\nnama_lengkap,jenis_kelamin\r\n',
              ),
            );
            // Up to 2 GB, a piece whenever the socket takes it, until the answer comes.
            let total = 0;
            const pump = (): void => {
              while (!answered() && total < 2 * 1024 ** 3) {
                total += piece.length;
                if (!write(piece)) {
                  setTimeout(pump, 1);
                  return;
                }
              }
            };
            pump();
          },
        );
        expect(answer.status).toBe(413);
        expect(answer.sent).toBeLessThan(64 * MAX_BYTES);
        expect(await jobsNow()).toBe(before);
      });
    });
  });
});
