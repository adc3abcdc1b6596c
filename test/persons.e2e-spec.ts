import { execFileSync } from 'node:child_process';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { PERSON_LINK_TABLES } from '../src/persons/person-links';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * What `pg_dump` writes of a database: every table's rows. The real pg_dump is used when its major version matches
 * the server's (pg_dump refuses newer servers); otherwise the same rows are read with COPY, table by table, which is
 * exactly how pg_dump reads them.
 */
async function dumpData(t: TestApp): Promise<string> {
  const [{ server_version_num: server }] = await t.sql<{ server_version_num: string }>('SHOW server_version_num');
  let clientMajor = 0;
  try {
    clientMajor = Number(/(\d+)\./.exec(execFileSync('pg_dump', ['--version'], { encoding: 'utf8' }))?.[1] ?? 0);
  } catch {
    clientMajor = 0;
  }
  if (clientMajor === Math.floor(Number(server) / 10000)) {
    return execFileSync('pg_dump', ['--data-only', '--no-owner', t.databaseUrl], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
  }
  const tables = await t.sql<{ name: string }>(
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await t.sql<{ line: string }>(`SELECT t::text AS line FROM ${name} t`);
    parts.push(`-- ${name}`, ...rows.map((r) => r.line));
  }
  return parts.join('\n');
}

/** The example body: a woman born 12 March 1985, NIK registered in Mojoroto, Kota Kediri. */
const SITI = {
  fullName: 'Siti Aminah',
  sex: 'F',
  birthDate: '1985-03-12',
  birthDatePrecision: 'DAY',
  nik: '3571015203850001',
  domicile: { villageCode: '3571011010', address: 'Jl. Ngampel 5' },
  disabilities: ['MENTAL'],
  ppksCategories: ['PPKS-09'],
};

describe('persons (e2e)', () => {
  let t: TestApp;
  let operator: TestPrincipal; // Dinas Sosial Kota Kediri: holds persons:pii
  let officer: TestPrincipal; // provincial officer: reads masked identity numbers
  let otherRegency: TestPrincipal; // Dinas Sosial Kabupaten Kediri
  let upt: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    operator = await asRole(t, Role.REGENCY_OPERATOR);
    officer = await asRole(t, Role.PROVINCE_OFFICER);
    otherRegency = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3506');
    upt = await asRole(t, Role.UPT_STAFF);
  });
  afterAll(async () => {
    await t.close();
  });

  const create = (who: TestPrincipal, body: Record<string, unknown>) =>
    t.http.post('/api/v1/persons').set(who.auth).send(body);

  describe('registering a person', () => {
    let sitiId: string;

    it('creates the issue example, unmasked for a caller with persons:pii', async () => {
      const res = await create(operator, SITI).expect(201);
      sitiId = res.body.id;
      expect(res.body).toMatchObject({
        fullName: 'Siti Aminah',
        sex: 'F',
        birthDate: '1985-03-12',
        birthDatePrecision: 'DAY',
        nik: '3571015203850001',
        identityStatus: 'CLAIMED',
        domicile: { villageCode: '3571011010', address: 'Jl. Ngampel 5' },
        disabilities: ['MENTAL'],
        warnings: [],
        possibleDuplicates: [],
        registeredByOrganizationId: seededOrganizationId('DINSOS-3571'),
      });
      expect(res.body.ppksCategories).toEqual([expect.objectContaining({ code: 'PPKS-09', until: null })]);
      expect(res.headers.etag).toBe('"1"');
    });

    it('masks the NIK for a caller without persons:pii', async () => {
      const res = await t.http.get(`/api/v1/persons/${sitiId}`).set(officer.auth).expect(200);
      expect(res.body.nik).toBe('3571********0001');
    });

    it('stores no plaintext NIK or KK', async () => {
      const created = await create(operator, {
        fullName: 'Bambang Supriyadi',
        sex: 'M',
        nik: '3571011208800003',
        kk: { number: '3571010101090001' },
      }).expect(201);
      expect(created.body.kkNumbers).toEqual([expect.objectContaining({ number: '3571010101090001', to: null })]);
      const rows = await t.sql<{ row: string }>(`SELECT row_to_json(p)::text AS row FROM persons p`);
      const kk = await t.sql<{ row: string }>(`SELECT row_to_json(k)::text AS row FROM person_kk_numbers k`);
      const everything = [...rows, ...kk].map((r) => r.row).join('\n');
      expect(everything).not.toContain('3571015203850001');
      expect(everything).not.toContain('3571011208800003');
      expect(everything).not.toContain('3571010101090001');
    });

    it('leaves no NIK or KK in plain text in a dump of the database', async () => {
      const dump = await dumpData(t);
      expect(dump).toContain('Siti Aminah');
      expect(dump).not.toContain('3571015203850001');
      expect(dump).not.toContain('3571010101090001');
      expect(dump).not.toContain('3571011208800003');
    });

    it('accepts a NIK that disagrees with the birth date or sex, with warnings', async () => {
      const res = await create(operator, {
        fullName: 'Ahmad Fauzi',
        sex: 'M',
        birthDate: '1990-07-01',
        nik: '3571015203850002',
      }).expect(201);
      expect(res.body.warnings.map((w: { code: string }) => w.code).sort()).toEqual([
        'NIK_BIRTH_DATE_MISMATCH',
        'NIK_SEX_MISMATCH',
      ]);
      const english = await t.http
        .post('/api/v1/persons')
        .set(operator.auth)
        .set('Accept-Language', 'en')
        .send({ fullName: 'Dewi Lestari', sex: 'F', nik: '3571019999990001' })
        .expect(400);
      expect(english.body.code).toBe('PERSON_NIK_INVALID');
      expect(english.body.rule).toBe('NIK_BIRTH_DATE');
      expect(english.body.errors[0].field).toBe('nik');
    });

    it('warns about a NIK district missing from the list, but accepts it', async () => {
      const res = await create(operator, { fullName: 'Joko Susilo', sex: 'M', nik: '3571991208800004' }).expect(201);
      expect(res.body.warnings.map((w: { code: string }) => w.code)).toEqual(['NIK_DISTRICT_UNKNOWN']);
    });

    it('refuses the same NIK with 409 naming the existing person to a caller who may see them', async () => {
      const again = await create(operator, { ...SITI, fullName: 'Siti Aminah Binti Slamet' }).expect(409);
      expect(again.body).toMatchObject({ code: 'PERSON_NIK_EXISTS', existingPersonId: sitiId });
      const foreign = await create(otherRegency, { ...SITI, domicile: undefined }).expect(409);
      expect(foreign.body.code).toBe('PERSON_NIK_EXISTS');
      expect(foreign.body.existingPersonId).toBeUndefined();
    });

    it('gives one of many concurrent creates with one NIK the record and the rest 409', async () => {
      const body = { fullName: 'Rina Wulandari', sex: 'F', nik: '3571015505920001' };
      const results = await Promise.all(Array.from({ length: 6 }, () => create(operator, body)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    });

    it('refuses bad input with 4xx and writes nothing', async () => {
      const before = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM persons`);
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...SITI, nik: '12345' }, 400, 'PERSON_NIK_INVALID'],
        [{ ...SITI, nik: '9999015203850001' }, 400, 'PERSON_NIK_INVALID'],
        [{ ...SITI, nik: '3571015203850000' }, 400, 'PERSON_NIK_INVALID'],
        [{ ...SITI, nik: undefined, kk: { number: '12' } }, 400, 'PERSON_KK_INVALID'],
        [{ ...SITI, nik: undefined, domicile: { villageCode: '3599999999' } }, 422, 'UNKNOWN_REGION'],
        [{ ...SITI, nik: undefined, domicile: { villageCode: '357101' } }, 400, 'VALIDATION_FAILED'],
        [{ ...SITI, nik: undefined, birthDate: '2999-01-01' }, 400, 'PERSON_BIRTH_DATE_INVALID'],
        [{ ...SITI, nik: undefined, birthDate: '1985-02-30' }, 400, 'VALIDATION_FAILED'],
        [{ ...SITI, nik: undefined, birthDatePrecision: 'YEAR' }, 400, 'PERSON_BIRTH_DATE_INVALID'],
        [{ ...SITI, nik: undefined, birthDatePrecision: 'MONTH' }, 400, 'PERSON_BIRTH_DATE_INVALID'],
        [{ ...SITI, nik: undefined, fullName: '    ' }, 400, 'VALIDATION_FAILED'],
        [{ ...SITI, nik: undefined, fullName: '\u0000\u0007' }, 400, 'VALIDATION_FAILED'],
        [{ ...SITI, nik: undefined, fullName: 'x'.repeat(201) }, 400, 'VALIDATION_FAILED'],
        [{ ...SITI, nik: undefined, sex: 'X' }, 400, 'VALIDATION_FAILED'],
        [{ ...SITI, nik: undefined, disabilities: ['PSIKIS'] }, 400, 'VALIDATION_FAILED'],
        [{ ...SITI, nik: undefined, ppksCategories: ['PPKS-99'] }, 422, 'PERSON_UNKNOWN_PPKS_CATEGORY'],
        [{ ...SITI, nik: undefined, shoeSize: 40 }, 400, 'VALIDATION_FAILED'],
        [
          { ...SITI, nik: undefined, guardian: { name: 'Suparman', relation: 'AYAH', nik: '1' } },
          400,
          'PERSON_NIK_INVALID',
        ],
      ];
      for (const [body, status, code] of cases) {
        const res = await create(operator, body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      }
      const after = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM persons`);
      expect(after[0].n).toBe(before[0].n);
    });

    it('accepts people without NIK, with estimated ages, month precision and a guardian', async () => {
      const res = await create(operator, {
        fullName: 'Mbah Karto',
        sex: 'M',
        birthDate: '1950-06-01',
        birthDatePrecision: 'MONTH',
        guardian: { name: 'Suparmi', relation: 'ANAK', phone: '+62 812 1111 2222', nik: '3571014406750001' },
      }).expect(201);
      expect(res.body).toMatchObject({ nik: null, identityStatus: 'UNKNOWN', birthDatePrecision: 'MONTH' });
      expect(res.body.guardian).toMatchObject({ name: 'Suparmi', relation: 'ANAK', nik: '3571014406750001' });
      const masked = await t.http.get(`/api/v1/persons/${res.body.id}`).set(officer.auth).expect(200);
      expect(masked.body.guardian.nik).toBe('3571********0001');
    });
  });

  describe('finding people', () => {
    beforeAll(async () => {
      await create(operator, {
        fullName: 'Soekarno Hadi',
        sex: 'M',
        birthDate: '1970-01-01',
        birthDatePrecision: 'YEAR',
        domicile: { villageCode: '3571021001' },
      });
      await create(otherRegency, { fullName: 'Sukarno Hadi', sex: 'M', domicile: { villageCode: '3506012001' } });
    });

    it("finds by fuzzy name across old spellings, within the caller's scope only", async () => {
      const res = await t.http.get('/api/v1/persons?q=sukarno').set(operator.auth).expect(200);
      expect(res.body.data.map((p: { fullName: string }) => p.fullName)).toEqual(['Soekarno Hadi']);
      const province = await t.http.get('/api/v1/persons?q=sukarno').set(officer.auth).expect(200);
      expect(province.body.data.map((p: { fullName: string }) => p.fullName).sort()).toEqual([
        'Soekarno Hadi',
        'Sukarno Hadi',
      ]);
    });

    it('finds by exact NIK through the blind index, and refuses a malformed one', async () => {
      const res = await t.http.get('/api/v1/persons?nik=3571015203850001').set(operator.auth).expect(200);
      expect(res.body.data.map((p: { fullName: string }) => p.fullName)).toEqual(['Siti Aminah']);
      await t.http.get('/api/v1/persons?nik=3571-0152-0385-0001').set(operator.auth).expect(200);
      const bad = await t.http.get('/api/v1/persons?nik=35710152').set(operator.auth).expect(400);
      expect(bad.body.code).toBe('PERSON_NIK_INVALID');
    });

    it('filters by region at any level, PPKS category and disability', async () => {
      const district = await t.http
        .get('/api/v1/persons?region=357101&ppksCategory=PPKS-09&disability=MENTAL')
        .set(operator.auth)
        .expect(200);
      expect(district.body.data.map((p: { fullName: string }) => p.fullName)).toEqual(['Siti Aminah']);
      const village = await t.http.get('/api/v1/persons?region=3571021001').set(operator.auth).expect(200);
      expect(village.body.data.map((p: { fullName: string }) => p.fullName)).toEqual(['Soekarno Hadi']);
      await t.http.get('/api/v1/persons?region=3599').set(operator.auth).expect(422);
      await t.http.get('/api/v1/persons?disability=PSIKIS').set(operator.auth).expect(400);
    });

    it('pages with a stable cursor', async () => {
      const page1 = await t.http.get('/api/v1/persons?limit=2').set(officer.auth).expect(200);
      const page2 = await t.http
        .get(`/api/v1/persons?limit=2&cursor=${page1.body.page.nextCursor}`)
        .set(officer.auth)
        .expect(200);
      const both = await t.http.get('/api/v1/persons?limit=4').set(officer.auth).expect(200);
      expect([...page1.body.data, ...page2.body.data].map((p: { id: string }) => p.id)).toEqual(
        both.body.data.map((p: { id: string }) => p.id),
      );
    });

    it('hides people outside the scope: 404 on read, absent from lists', async () => {
      const [siti] = await t.sql<{ id: string }>(`SELECT id FROM persons WHERE full_name = 'Siti Aminah'`);
      await t.http.get(`/api/v1/persons/${siti.id}`).set(otherRegency.auth).expect(404);
      await t.http.get(`/api/v1/persons/${siti.id}`).set(upt.auth).expect(404);
      const list = await t.http.get('/api/v1/persons?limit=200').set(otherRegency.auth).expect(200);
      expect(list.body.data.map((p: { id: string }) => p.id)).not.toContain(siti.id);
      await t.http
        .patch(`/api/v1/persons/${siti.id}`)
        .set(otherRegency.auth)
        .set('If-Match', '*')
        .send({ phone: '+62 811 2222' })
        .expect(404);
      await t.http
        .post(`/api/v1/persons/${siti.id}/verify-identity`)
        .set(otherRegency.auth)
        .send({ evidence: 'Dukcapil' })
        .expect(404);
      await t.http.get(`/api/v1/persons/${siti.id}/possible-duplicates`).set(otherRegency.auth).expect(404);
      const partner = await asRole(t, Role.PARTNER);
      await t.http.get(`/api/v1/persons/${siti.id}`).set(partner.auth).expect(403);
      await t.http.post('/api/v1/persons').set(partner.auth).send({ fullName: 'Siapa Saja', sex: 'M' }).expect(403);
      const analyst = await asRole(t, Role.ANALYST);
      await t.http.get('/api/v1/persons').set(analyst.auth).expect(403);
    });

    it('audits every read with its purpose', async () => {
      const [siti] = await t.sql<{ id: string }>(`SELECT id FROM persons WHERE full_name = 'Siti Aminah'`);
      const [{ max }] = await t.sql<{ max: string }>(`SELECT coalesce(max(seq), 0) AS max FROM audit_events`);
      await t.http
        .get(`/api/v1/persons/${siti.id}`)
        .set(operator.auth)
        .set('X-Purpose', 'Kunjungan rumah bimbingan lanjut')
        .expect(200);
      await t.http.get(`/api/v1/persons/${siti.id}`).set(operator.auth).expect(200);
      await t.http.get('/api/v1/persons?q=siti').set(operator.auth).expect(200);
      const rows = await t.sql<{ purpose: string; actor_id: string }>(
        `SELECT purpose, actor_id FROM audit_events WHERE person_id = $1 AND action = 'READ' AND actor_id = $2 AND seq > $3 ORDER BY seq`,
        [siti.id, operator.userId, max],
      );
      expect(rows.map((r) => r.purpose)).toEqual([
        'Kunjungan rumah bimbingan lanjut',
        'PERSON_RECORD_VIEW',
        'PERSON_SEARCH',
      ]);
    });

    it('serves persons over GraphQL with the same scope and masking', async () => {
      const query = `{ persons(search: "siti") { data { fullName nik ppksCategories { code } } } }`;
      const res = await t.http.post('/graphql').set(officer.auth).send({ query }).expect(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.persons.data[0]).toMatchObject({ fullName: 'Siti Aminah', nik: '3571********0001' });
      const foreign = await t.http.post('/graphql').set(otherRegency.auth).send({ query }).expect(200);
      expect(foreign.body.data.persons.data).toEqual([]);
    });
  });

  describe('changing a person', () => {
    it('keeps domicile and KK as histories and requires If-Match', async () => {
      const created = await create(operator, {
        fullName: 'Wahyu Hidayat',
        sex: 'M',
        domicile: { villageCode: '3571011010', from: '2020-01-01' },
        kk: { number: '3571010101090002', from: '2015-05-05' },
      }).expect(201);
      const id = created.body.id as string;
      await t.http.patch(`/api/v1/persons/${id}`).set(operator.auth).send({ phone: '+62 811 000 111' }).expect(428);
      await t.http
        .patch(`/api/v1/persons/${id}`)
        .set(operator.auth)
        .set('If-Match', '"9"')
        .send({ phone: '+62 811 000 111' })
        .expect(412);
      const moved = await t.http
        .patch(`/api/v1/persons/${id}`)
        .set(operator.auth)
        .set('If-Match', '"1"')
        .send({
          domicile: { villageCode: '3571031001', from: '2026-01-01' },
          kk: { number: '3571030101260001', from: '2026-01-01' },
        })
        .expect(200);
      expect(moved.body.domicile).toMatchObject({ villageCode: '3571031001', from: '2026-01-01', to: null });
      expect(moved.body.domicileHistory).toEqual([
        expect.objectContaining({ villageCode: '3571011010', from: '2020-01-01', to: '2026-01-01' }),
        expect.objectContaining({ villageCode: '3571031001', from: '2026-01-01', to: null }),
      ]);
      expect(moved.body.kkNumbers.map((k: { number: string; to: string | null }) => [k.number, k.to])).toEqual([
        ['3571010101090002', '2026-01-01'],
        ['3571030101260001', null],
      ]);
    });

    it('refuses null for fields a person must have', async () => {
      const created = await create(operator, { fullName: 'Nur Hidayati', sex: 'F' }).expect(201);
      for (const field of ['fullName', 'sex', 'disabilities']) {
        const res = await t.http
          .patch(`/api/v1/persons/${created.body.id}`)
          .set(operator.auth)
          .set('If-Match', '"1"')
          .send({ [field]: null });
        expect({ field, status: res.status, errors: res.body.errors }).toEqual({
          field,
          status: 400,
          errors: [expect.objectContaining({ field })],
        });
      }
      const cleared = await t.http
        .patch(`/api/v1/persons/${created.body.id}`)
        .set(operator.auth)
        .set('If-Match', '"1"')
        .send({ phone: null })
        .expect(200);
      expect(cleared.body.phone).toBeNull();
    });

    it('ends removed PPKS categories instead of deleting them', async () => {
      const created = await create(operator, {
        fullName: 'Sri Rahayu',
        sex: 'F',
        ppksCategories: ['PPKS-09', 'PPKS-24'],
      }).expect(201);
      const res = await t.http
        .patch(`/api/v1/persons/${created.body.id}`)
        .set(operator.auth)
        .set('If-Match', '"1"')
        .send({ ppksCategories: ['PPKS-09'] })
        .expect(200);
      const poverty = res.body.ppksCategories.find((c: { code: string }) => c.code === 'PPKS-24');
      expect(poverty.until).not.toBeNull();
    });

    it('verifies an identity only for a caller with persons:pii, and only with a NIK', async () => {
      const [siti] = await t.sql<{ id: string }>(`SELECT id FROM persons WHERE full_name = 'Siti Aminah'`);
      await t.http
        .post(`/api/v1/persons/${siti.id}/verify-identity`)
        .set(officer.auth)
        .send({ evidence: 'Dukcapil' })
        .expect(403);
      const res = await t.http
        .post(`/api/v1/persons/${siti.id}/verify-identity`)
        .set(operator.auth)
        .send({ evidence: 'Padan data Dukcapil Kota Kediri' })
        .expect(200);
      expect(res.body.identityStatus).toBe('VERIFIED');
      const noNik = await create(operator, { fullName: 'Tanpa Identitas', sex: 'M' }).expect(201);
      await t.http
        .post(`/api/v1/persons/${noNik.body.id}/verify-identity`)
        .set(operator.auth)
        .send({ evidence: 'x-ray' })
        .expect(409);
    });
  });

  describe('duplicates and merging', () => {
    let first: string;
    let second: string;

    it('reports a probable duplicate on create and from possible-duplicates', async () => {
      first = (
        await create(operator, {
          fullName: 'Moehammad Djoko Santoso',
          sex: 'M',
          birthDate: '1978-04-02',
          domicile: { villageCode: '3571011010' },
        }).expect(201)
      ).body.id;
      const res = await create(operator, {
        fullName: 'Muhammad Joko Santoso',
        sex: 'M',
        birthDate: '1978-04-02',
        domicile: { villageCode: '3571011010' },
      }).expect(201);
      second = res.body.id;
      expect(res.body.possibleDuplicates[0]).toMatchObject({ personId: first });
      expect(res.body.possibleDuplicates[0].score).toBeGreaterThan(0.8);
      const listed = await t.http.get(`/api/v1/persons/${first}/possible-duplicates`).set(operator.auth).expect(200);
      expect(listed.body.data.map((d: { personId: string }) => d.personId)).toContain(second);
      // The other regency cannot see either of them: neither as a duplicate nor by id.
      await t.http.get(`/api/v1/persons/${first}/possible-duplicates`).set(otherRegency.auth).expect(404);
    });

    it('merges every link into the survivor, and unmerges them back', async () => {
      await t.http
        .patch(`/api/v1/persons/${second}`)
        .set(operator.auth)
        .set('If-Match', '"1"')
        .send({ kk: { number: '3571010101090003' } })
        .expect(200);
      await t.http.post(`/api/v1/persons/${first}/merge`).set(operator.auth).send({ duplicateId: first }).expect(422);
      await t.http.post(`/api/v1/persons/${first}/merge`).set(operator.auth).send({ duplicateId: 'nope' }).expect(400);
      const merged = await t.http
        .post(`/api/v1/persons/${first}/merge`)
        .set(operator.auth)
        .send({ duplicateId: second })
        .expect(200);
      expect(merged.body.kkNumbers.map((k: { number: string }) => k.number)).toContain('3571010101090003');
      const gone = await t.http.get(`/api/v1/persons/${second}`).set(operator.auth).expect(200);
      expect(gone.body).toMatchObject({ status: 'MERGED', mergedIntoId: first });
      await t.http
        .patch(`/api/v1/persons/${second}`)
        .set(operator.auth)
        .set('If-Match', '*')
        .send({ phone: '+62 811 1' })
        .expect(409);
      const audits = await t.sql(`SELECT 1 FROM audit_events WHERE action = 'MERGE' AND person_id IN ($1, $2)`, [
        first,
        second,
      ]);
      expect(audits).toHaveLength(2);

      const restored = await t.http
        .post(`/api/v1/persons/${first}/unmerge`)
        .set(operator.auth)
        .send({ duplicateId: second })
        .expect(200);
      expect(restored.body).toMatchObject({ id: second, status: 'ACTIVE', mergedIntoId: null });
      expect(restored.body.kkNumbers.map((k: { number: string }) => k.number)).toEqual(['3571010101090003']);
      await t.http
        .post(`/api/v1/persons/${first}/unmerge`)
        .set(operator.auth)
        .send({ duplicateId: second })
        .expect(409);
    });

    it('refuses a merge across a scope the caller lacks', async () => {
      const foreign = await create(otherRegency, {
        fullName: 'Muhammad Joko Santoso',
        sex: 'M',
        domicile: { villageCode: '3506012001' },
      }).expect(201);
      await t.http
        .post(`/api/v1/persons/${first}/merge`)
        .set(operator.auth)
        .send({ duplicateId: foreign.body.id })
        .expect(404);
    });

    it('moves every table that links to a person', async () => {
      const tables = await t.sql<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns WHERE column_name = 'person_id' AND table_schema = 'public'
           AND table_name NOT IN ('audit_events') ORDER BY table_name`,
      );
      expect(tables.map((r) => r.table_name).sort()).toEqual([...PERSON_LINK_TABLES].sort());
    });
  });
});
