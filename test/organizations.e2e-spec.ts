import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

describe('organizations (e2e)', () => {
  let t: TestApp;
  let officer: TestPrincipal;
  beforeAll(async () => {
    t = await createTestApp();
    officer = await asRole(t, Role.PROVINCE_OFFICER);
  });
  afterAll(async () => {
    await t.close();
  });

  const ngo = { name: 'Yayasan Bina Jiwa Mojoroto', type: 'NGO', regionCode: '3571011010', phone: '+62 354 123456' };

  it('seeds the provincial offices, 48 regency offices and the two bina laras UPTs', async () => {
    const offices = await t.http
      .get('/api/v1/organizations?type=REGENCY_OFFICE&limit=200')
      .set(officer.auth)
      .expect(200);
    expect(offices.body.data).toHaveLength(48);
    const upts = await t.http.get('/api/v1/organizations?type=UPT').set(officer.auth).expect(200);
    expect(upts.body.data.map((o: { name: string }) => o.name).sort()).toEqual([
      'UPT Rehabilitasi Sosial Bina Laras Kediri',
      'UPT Rehabilitasi Sosial Bina Laras Pasuruan',
    ]);
    expect(upts.body.data[0]).toMatchObject({ ppksCategories: ['PPKS-09'] });
    const jatim = await t.http
      .get(`/api/v1/organizations/${seededOrganizationId('DINSOS-35')}`)
      .set(officer.auth)
      .expect(200);
    expect(jatim.body).toMatchObject({ name: 'Dinas Sosial Provinsi Jawa Timur', type: 'PROVINCIAL_OFFICE' });
    expect(jatim.headers.etag).toBe(`"${jatim.body.version}"`);
  });

  it('creates, reads, updates with If-Match and deactivates an organisation', async () => {
    const created = await t.http.post('/api/v1/organizations').set(officer.auth).send(ngo).expect(201);
    expect(created.body).toMatchObject({ ...ngo, active: true, version: 1, capacity: null, ppksCategories: [] });
    const id = created.body.id as string;
    const got = await t.http.get(`/api/v1/organizations/${id}`).set(officer.auth).expect(200);
    await t.http
      .get(`/api/v1/organizations/${id}`)
      .set(officer.auth)
      .set('If-None-Match', got.headers.etag)
      .expect(304);

    await t.http.patch(`/api/v1/organizations/${id}`).set(officer.auth).send({ email: 'a@b.id' }).expect(428);
    await t.http
      .patch(`/api/v1/organizations/${id}`)
      .set(officer.auth)
      .set('If-Match', 'garbage')
      .send({ email: 'a@b.id' })
      .expect(400);
    const stale = await t.http
      .patch(`/api/v1/organizations/${id}`)
      .set(officer.auth)
      .set('If-Match', '"9"')
      .send({ email: 'a@b.id' })
      .expect(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    const patched = await t.http
      .patch(`/api/v1/organizations/${id}`)
      .set(officer.auth)
      .set('If-Match', got.headers.etag)
      .send({ email: 'info@binajiwa.or.id', address: null })
      .expect(200);
    expect(patched.body).toMatchObject({ email: 'info@binajiwa.or.id', address: null, version: 2 });
    expect(patched.headers.etag).toBe('"2"');
    const [audit] = await t.sql<{ changed_fields: string[] }>(
      `SELECT changed_fields FROM audit_events WHERE resource_id = $1 AND action = 'UPDATE' ORDER BY seq DESC LIMIT 1`,
      [id],
    );
    expect(audit.changed_fields.sort()).toEqual(['address', 'email']);
    // The old ETag is now stale.
    await t.http
      .patch(`/api/v1/organizations/${id}`)
      .set(officer.auth)
      .set('If-Match', got.headers.etag)
      .send({ phone: '+62 354 999999' })
      .expect(412);

    const off = await t.http.post(`/api/v1/organizations/${id}/deactivate`).set(officer.auth).expect(200);
    expect(off.body).toMatchObject({ active: false });
    expect(off.body.deactivatedAt).not.toBeNull();
    const list = await t.http.get('/api/v1/organizations?type=NGO').set(officer.auth).expect(200);
    expect(list.body.data.map((o: { id: string }) => o.id)).not.toContain(id);
    const all = await t.http.get('/api/v1/organizations?type=NGO&includeInactive=true').set(officer.auth).expect(200);
    expect(all.body.data.map((o: { id: string }) => o.id)).toContain(id);
    await t.http.post(`/api/v1/organizations/${id}/activate`).set(officer.auth).expect(200);
  });

  it('filters by region including everything under a regency, by type and by name', async () => {
    await t.http
      .post('/api/v1/organizations')
      .set(officer.auth)
      .send({ ...ngo, name: 'Pokmas Ngampel Sejahtera', type: 'COMMUNITY_GROUP' })
      .expect(201);
    const kediri = await t.http.get('/api/v1/organizations?region=3571&limit=200').set(officer.auth).expect(200);
    const names = kediri.body.data.map((o: { name: string }) => o.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Dinas Sosial Kota Kediri',
        'Pokmas Ngampel Sejahtera',
        'UPT Rehabilitasi Sosial Bina Laras Kediri',
      ]),
    );
    expect(kediri.body.data.every((o: { regionCode: string }) => o.regionCode.startsWith('3571'))).toBe(true);
    const byName = await t.http
      .get(`/api/v1/organizations?q=${encodeURIComponent('SEJAHTÉRA')}`)
      .set(officer.auth)
      .expect(200);
    expect(byName.body.data.map((o: { name: string }) => o.name)).toEqual(['Pokmas Ngampel Sejahtera']);
    const page1 = await t.http.get('/api/v1/organizations?limit=7').set(officer.auth).expect(200);
    const page2 = await t.http
      .get(`/api/v1/organizations?limit=7&cursor=${page1.body.page.nextCursor}`)
      .set(officer.auth)
      .expect(200);
    const both = await t.http.get('/api/v1/organizations?limit=14').set(officer.auth).expect(200);
    expect([...page1.body.data, ...page2.body.data].map((o: { id: string }) => o.id)).toEqual(
      both.body.data.map((o: { id: string }) => o.id),
    );
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const before = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM organizations`);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...ngo, regionCode: '3599' }, 422, 'UNKNOWN_REGION'],
      [{ ...ngo, regionCode: 'abc' }, 400, 'VALIDATION_FAILED'],
      [{ ...ngo, type: 'CLUB' }, 400, 'VALIDATION_FAILED'],
      [{ ...ngo, name: 42 }, 400, 'VALIDATION_FAILED'],
      [{ ...ngo, colour: 'red' }, 400, 'VALIDATION_FAILED'],
      [{ ...ngo, parentId: 'not-a-uuid' }, 400, 'VALIDATION_FAILED'],
      [{ ...ngo, parentId: seededOrganizationId('nope') }, 422, 'UNKNOWN_PARENT_ORGANIZATION'],
      [{ ...ngo, capacity: 20 }, 422, 'CAPACITY_ONLY_FOR_UPT'],
      [{ ...ngo, type: 'UPT', capacity: 20, ppksCategories: ['PPKS-99'] }, 422, 'UNKNOWN_PPKS_CATEGORY'],
      [{ ...ngo, email: 'not-an-email' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await t.http.post('/api/v1/organizations').set(officer.auth).send(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const english = await t.http
      .post('/api/v1/organizations')
      .set(officer.auth)
      .set('Accept-Language', 'en')
      .send({ ...ngo, name: 42 })
      .expect(400);
    expect(english.body.errors).toEqual(expect.arrayContaining([{ field: 'name', message: 'must be a string' }]));
    const indonesian = await t.http
      .post('/api/v1/organizations')
      .set(officer.auth)
      .send({ ...ngo, name: 42 })
      .expect(400);
    expect(indonesian.body.errors).toEqual(expect.arrayContaining([{ field: 'name', message: 'harus berupa teks' }]));
    await t.http.get('/api/v1/organizations/not-a-uuid').set(officer.auth).expect(404);
    await t.http
      .get(`/api/v1/organizations/${seededOrganizationId('nope')}`)
      .set(officer.auth)
      .expect(404);
    await t.http.get('/api/v1/organizations?region=3599').set(officer.auth).expect(422);
    await t.http.get('/api/v1/organizations?limit=0').set(officer.auth).expect(400);
    await t.http.get('/api/v1/organizations?limit=201').set(officer.auth).expect(400);
    const after = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM organizations`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses a parent cycle', async () => {
    const a = await t.http
      .post('/api/v1/organizations')
      .set(officer.auth)
      .send({ ...ngo, name: 'Induk A' })
      .expect(201);
    const b = await t.http
      .post('/api/v1/organizations')
      .set(officer.auth)
      .send({ ...ngo, name: 'Anak B', parentId: a.body.id })
      .expect(201);
    const res = await t.http
      .patch(`/api/v1/organizations/${a.body.id}`)
      .set(officer.auth)
      .set('If-Match', '"1"')
      .send({ parentId: b.body.id })
      .expect(422);
    expect(res.body.code).toBe('PARENT_CYCLE');
  });

  it('replays a POST with the same Idempotency-Key and refuses the key with another body', async () => {
    const key = `org-${Date.now()}`;
    const first = await t.http
      .post('/api/v1/organizations')
      .set(officer.auth)
      .set('Idempotency-Key', key)
      .send({ ...ngo, name: 'Sekali Saja' })
      .expect(201);
    const again = await t.http
      .post('/api/v1/organizations')
      .set(officer.auth)
      .set('Idempotency-Key', key)
      .send({ ...ngo, name: 'Sekali Saja' })
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await t.http
      .post('/api/v1/organizations')
      .set(officer.auth)
      .set('Idempotency-Key', key)
      .send({ ...ngo, name: 'Lain' })
      .expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await t.http
      .post('/api/v1/organizations')
      .set(officer.auth)
      .set('Idempotency-Key', 'bad key with spaces')
      .send(ngo)
      .expect(400);
    const rows = await t.sql(`SELECT id FROM organizations WHERE name = 'Sekali Saja'`);
    expect(rows).toHaveLength(1);
  });

  it('gives concurrent requests with one Idempotency-Key one effect', async () => {
    const key = `concurrent-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.http
          .post('/api/v1/organizations')
          .set(officer.auth)
          .set('Idempotency-Key', key)
          .send({ ...ngo, name: 'Serentak' }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    const rows = await t.sql(`SELECT id FROM organizations WHERE name = 'Serentak'`);
    expect(rows).toHaveLength(1);
  });

  it('serves organisations over GraphQL with their region and parent', async () => {
    const query = `{ organizations(type: UPT) { data { name region { name } parent { name } } } }`;
    const res = await t.http.post('/graphql').set(officer.auth).send({ query }).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.organizations.data[0].parent.name).toBe('Dinas Sosial Provinsi Jawa Timur');
    const bad = await t.http
      .post('/graphql')
      .set(officer.auth)
      .send({ query: '{ organizations(region: "x") { data { name } } }' })
      .expect(200);
    expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
  });
});
