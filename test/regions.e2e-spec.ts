import { Role } from '../src/identity/permissions';
import { RegionsService } from '../src/regions/regions.service';
import { asRole } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

describe('regions (e2e)', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  const get = (url: string) => t.http.get(url).set(auth);
  beforeAll(async () => {
    t = await createTestApp();
    // Regions are reference data every role may read; an analyst is the most restricted reader.
    auth = (await asRole(t, Role.ANALYST)).auth;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists exactly the three kecamatan of Kota Kediri', async () => {
    const res = await get('/api/v1/regions?parent=3571').expect(200);
    expect(res.body.data.map((r: { name: string }) => r.name)).toEqual(['Mojoroto', 'Kota', 'Pesantren']);
    expect(res.body.data.map((r: { code: string }) => r.code)).toEqual(['357101', '357102', '357103']);
    expect(res.body.page).toEqual({ nextCursor: null, limit: 50 });
  });

  it('returns kelurahan Ngampel with its chain of parents', async () => {
    const res = await get('/api/v1/regions/3571011010').expect(200);
    expect(res.body).toMatchObject({
      code: '3571011010',
      name: 'Ngampel',
      level: 'VILLAGE',
      type: 'KELURAHAN',
      parentCode: '357101',
      timeZone: 'Asia/Jakarta',
    });
    expect(res.body.parents.map((p: { name: string }) => p.name)).toEqual(['Mojoroto', 'Kota Kediri', 'Jawa Timur']);
  });

  it('counts 38 regencies/cities in Jawa Timur and 10 in Kalimantan Timur', async () => {
    const jatim = await get('/api/v1/regions?parent=35&limit=200').expect(200);
    expect(jatim.body.data).toHaveLength(38);
    expect(jatim.body.data.filter((r: { type: string }) => r.type === 'KOTA')).toHaveLength(9);
    const kaltim = await get('/api/v1/regions?parent=64&limit=200').expect(200);
    expect(kaltim.body.data).toHaveLength(10);
    expect(kaltim.body.data.every((r: { timeZone: string }) => r.timeZone === 'Asia/Makassar')).toBe(true);
  });

  it('derives desa and kelurahan from the 7th digit of the village code', async () => {
    const desa = await get('/api/v1/regions/3501012001').expect(200);
    expect(desa.body).toMatchObject({ name: 'Widoro', type: 'DESA' });
  });

  it('loaded every region of both provinces', async () => {
    const rows = await t.sql<{ level: string; n: string }>(`SELECT level, count(*) AS n FROM regions GROUP BY level`);
    expect(Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]))).toEqual({
      PROVINCE: 2,
      REGENCY: 48,
      DISTRICT: 771,
      VILLAGE: 9532,
    });
  });

  it('searches names ignoring case and accents', async () => {
    const upper = await get('/api/v1/regions?q=NGAMPEL&level=VILLAGE').expect(200);
    expect(upper.body.data.map((r: { code: string }) => r.code)).toContain('3571011010');
    const accented = await get(`/api/v1/regions?q=${encodeURIComponent('Ngámpél')}&level=VILLAGE`).expect(200);
    expect(accented.body.data.map((r: { code: string }) => r.code)).toEqual(
      upper.body.data.map((r: { code: string }) => r.code),
    );
  });

  it('takes % and _ in a search literally', async () => {
    const res = await get('/api/v1/regions?q=%25%25').expect(200);
    expect(res.body.data).toEqual([]);
  });

  it('pages through a list with a stable cursor and no overlap', async () => {
    const first = await get('/api/v1/regions?parent=3571011&limit=2').expect(400);
    expect(first.body.code).toBe('VALIDATION_FAILED');
    const page1 = await get('/api/v1/regions?parent=357101&limit=5').expect(200);
    expect(page1.body.data).toHaveLength(5);
    const page2 = await get(`/api/v1/regions?parent=357101&limit=5&cursor=${page1.body.page.nextCursor}`).expect(200);
    const all = await get('/api/v1/regions?parent=357101&limit=200').expect(200);
    expect([...page1.body.data, ...page2.body.data]).toEqual(all.body.data.slice(0, 10));
  });

  it('answers an unknown region with 404 problem+json', async () => {
    const res = await get('/api/v1/regions/3599').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'REGION_NOT_FOUND', type: '/problems/region-not-found' });
    await get('/api/v1/regions/not-a-code').expect(404);
  });

  it('refuses an unknown parent, a bad level and a bad cursor with 4xx', async () => {
    const unknown = await get('/api/v1/regions?parent=3599').expect(422);
    expect(unknown.body.code).toBe('UNKNOWN_REGION');
    const level = await get('/api/v1/regions?level=CITY').expect(400);
    expect(level.body.errors[0].field).toBe('level');
    for (const cursor of ['!!!', 'eyJ4IjoxfQ', Buffer.from('[1]').toString('base64url'), 'a'.repeat(600)]) {
      const res = await get(`/api/v1/regions?cursor=${cursor}`);
      expect(res.status).toBe(400);
    }
    const unknownParam = await get('/api/v1/regions?colour=red').expect(400);
    expect(unknownParam.body.errors).toEqual([{ field: 'colour', message: 'isian ini tidak dikenal' }]);
  });

  it('lists the 26 PPKS categories in order', async () => {
    const res = await get('/api/v1/ppks-categories').expect(200);
    expect(res.body.data).toHaveLength(26);
    expect(res.body.data[8]).toMatchObject({ code: 'PPKS-09', name: 'Penyandang Disabilitas' });
    const psks = await get('/api/v1/psks-types').expect(200);
    expect(psks.body.data).toHaveLength(12);
  });

  it('batches parent and children lookups: one query per level, whatever the number of rows', async () => {
    const service = t.app.get(RegionsService);
    const children = jest.spyOn(service, 'childrenOf');
    const byCodes = jest.spyOn(service, 'findByCodes');
    const query = `{ regions(parent: "35", limit: 38) { data { code parent { code } children { code } } } }`;
    const res = await t.http.post('/graphql').set(auth).send({ query }).expect(200);
    expect(res.body.data.regions.data).toHaveLength(38);
    expect(children).toHaveBeenCalledTimes(1);
    expect(byCodes).toHaveBeenCalledTimes(1);
    children.mockRestore();
    byCodes.mockRestore();
  });

  it('resolves GraphQL regions with parent and children without N+1 queries', async () => {
    const query = `{ regions(parent: "3571") { data { code name parent { name } children { code } } page { nextCursor } }
      region(code: "3571011010") { name parent { name parent { name parent { name } } } } }`;
    const res = await t.http.post('/graphql').set(auth).send({ query }).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.regions.data).toHaveLength(3);
    expect(res.body.data.regions.data[0].parent.name).toBe('Kota Kediri');
    expect(res.body.data.regions.data[0].children.length).toBeGreaterThan(5);
    expect(res.body.data.region.parent.parent.parent.name).toBe('Jawa Timur');
  });
});
