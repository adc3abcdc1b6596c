import { todayIn } from '../src/common/dates';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { asRole, ensurePartnerOrganization, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/** A day relative to today in Jawa Timur (WIB), as YYYY-MM-DD. */
function day(offset: number): string {
  const date = new Date(`${todayIn('Asia/Jakarta')}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

const KEDIRI_NGO = seededOrganizationId('TEST-NGO-KEDIRI');
const KEDIRI_OFFICE = seededOrganizationId('DINSOS-3571');
const JATIM_OFFICE = seededOrganizationId('DINSOS-35');
const KALTIM_OFFICE = seededOrganizationId('DINSOS-64');
const UPT_KEDIRI = seededOrganizationId('UPT-RSBL-KEDIRI');

const service = {
  name: 'Pendampingan keluarga eks psikotik',
  description: 'Kunjungan rumah dan psikoedukasi keluarga.',
  category: 'FAMILY_SUPPORT',
  eligibility: 'Eks klien UPT Bina Laras dan keluarganya',
  serviceArea: ['3571'],
  schedule: 'Senin–Jumat 08.00–15.00',
  contact: { name: 'Siti Aminah', phone: '+62 354 123456', email: 'layanan@binajiwa.or.id' },
};

type Row = { id: string };
const ids = (body: { data: Row[] }) => body.data.map((r) => r.id);

describe('services (e2e)', () => {
  let t: TestApp;
  let partner: TestPrincipal;
  let otherPartner: TestPrincipal;
  let officer: TestPrincipal;
  let analyst: TestPrincipal;
  let kaltimOfficer: TestPrincipal;
  const count = async (table: string) =>
    Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    partner = await asRole(t, Role.PARTNER);
    await ensurePartnerOrganization(t, 'TEST-NGO-MALANG', '3573');
    otherPartner = await asRole(t, Role.PARTNER, 'TEST-NGO-MALANG');
    officer = await asRole(t, Role.PROVINCE_OFFICER);
    analyst = await asRole(t, Role.ANALYST);
    kaltimOfficer = await asRole(t, Role.PROVINCE_OFFICER, 'DINSOS-64');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('categories', () => {
    it('lists the seeded taxonomy with Indonesian and English names to every reader', async () => {
      const res = await t.http.get('/api/v1/service-categories').set(analyst.auth).expect(200);
      expect(res.body.data.map((c: { code: string }) => c.code)).toEqual([
        'SOCIAL_REHABILITATION',
        'MENTAL_HEALTH_CARE',
        'SKILLS_TRAINING',
        'BUSINESS_MENTORING',
        'SHELTER',
        'CIVIL_DOCUMENTS',
        'HEALTH_CARE',
        'FAMILY_SUPPORT',
        'LEGAL_AID',
        'OTHER',
      ]);
      expect(res.body.data[1]).toMatchObject({
        name: 'Layanan kesehatan jiwa',
        nameEn: 'Mental health care',
        active: true,
      });
      const page = await t.http.get('/api/v1/service-categories?limit=4').set(analyst.auth).expect(200);
      const next = await t.http
        .get(`/api/v1/service-categories?limit=4&cursor=${page.body.page.nextCursor}`)
        .set(analyst.auth)
        .expect(200);
      expect(next.body.data[0].code).toBe('SHELTER');
      await t.http.get('/api/v1/service-categories?limit=0').set(analyst.auth).expect(400);
      await t.http.get('/api/v1/service-categories?colour=red').set(analyst.auth).expect(400);
      await t.http.get('/api/v1/service-categories').expect(401);
    });
  });

  describe('services', () => {
    it('lets a partner publish, read, change and deactivate its own service, audited', async () => {
      const created = await t.http
        .post(`/api/v1/organizations/${KEDIRI_NGO}/services`)
        .set(partner.auth)
        .send(service)
        .expect(201);
      expect(created.body).toMatchObject({
        ...service,
        organizationId: KEDIRI_NGO,
        capacityStatus: 'ACCEPTING',
        active: true,
        deactivatedAt: null,
        version: 1,
      });
      expect(Date.parse(created.body.capacityUpdatedAt)).not.toBeNaN();
      expect(created.headers.etag).toBe('"1"');
      const id = created.body.id as string;
      const [audit] = await t.sql<{ action: string; actor_id: string }>(
        `SELECT action, actor_id FROM audit_events WHERE resource_type = 'service' AND resource_id = $1`,
        [id],
      );
      expect(audit).toEqual({ action: 'CREATE', actor_id: partner.userId });

      // Every authenticated caller reads the directory.
      const got = await t.http.get(`/api/v1/services/${id}`).set(analyst.auth).expect(200);
      expect(got.body).toEqual(created.body);
      await t.http.get(`/api/v1/services/${id}`).set(analyst.auth).set('If-None-Match', '"1"').expect(304);

      await t.http.patch(`/api/v1/services/${id}`).set(partner.auth).send({ schedule: null }).expect(428);
      await t.http.patch(`/api/v1/services/${id}`).set(partner.auth).set('If-Match', '"7"').send({}).expect(412);
      const patched = await t.http
        .patch(`/api/v1/services/${id}`)
        .set(partner.auth)
        .set('If-Match', '"1"')
        .send({ schedule: null, contact: { phone: '0354 777888' }, category: 'MENTAL_HEALTH_CARE' })
        .expect(200);
      expect(patched.body).toMatchObject({
        schedule: null,
        contact: { name: null, phone: '0354 777888', email: null },
        category: 'MENTAL_HEALTH_CARE',
        version: 2,
      });
      // A change of the service area alone still moves the version (and the ETag).
      const area = await t.http
        .patch(`/api/v1/services/${id}`)
        .set(partner.auth)
        .set('If-Match', '"2"')
        .send({ serviceArea: ['3571011010', '3506'] })
        .expect(200);
      expect(area.body).toMatchObject({ serviceArea: ['3506', '3571011010'], version: 3 });
      expect(area.headers.etag).toBe('"3"');
      const cleared = await t.http
        .patch(`/api/v1/services/${id}`)
        .set(partner.auth)
        .set('If-Match', '"3"')
        .send({ contact: null })
        .expect(200);
      expect(cleared.body.contact).toBeNull();

      const off = await t.http.post(`/api/v1/services/${id}/deactivate`).set(partner.auth).expect(200);
      expect(off.body).toMatchObject({ active: false });
      expect(off.body.deactivatedAt).not.toBeNull();
      const listed = await t.http.get(`/api/v1/organizations/${KEDIRI_NGO}/services`).set(analyst.auth).expect(200);
      expect(ids(listed.body)).not.toContain(id);
      const all = await t.http
        .get(`/api/v1/organizations/${KEDIRI_NGO}/services?includeInactive=true`)
        .set(analyst.auth)
        .expect(200);
      expect(ids(all.body)).toContain(id);
      const on = await t.http.post(`/api/v1/services/${id}/activate`).set(partner.auth).expect(200);
      expect(on.body).toMatchObject({ active: true, deactivatedAt: null });
      const actions = await t.sql<{ action: string }>(
        `SELECT action FROM audit_events WHERE resource_type = 'service' AND resource_id = $1 ORDER BY seq`,
        [id],
      );
      expect(actions.map((a) => a.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE']);
    });

    it('lets a province officer write the services of any organisation of the province, not of another', async () => {
      const upt = await t.http
        .post(`/api/v1/organizations/${UPT_KEDIRI}/services`)
        .set(officer.auth)
        .send({ name: 'Rehabilitasi sosial eks psikotik', category: 'SOCIAL_REHABILITATION', serviceArea: ['35'] })
        .expect(201);
      expect(upt.body).toMatchObject({ organizationId: UPT_KEDIRI, description: null, contact: null });
      await t.http
        .post(`/api/v1/services/${upt.body.id}/capacity`)
        .set(officer.auth)
        .send({ status: 'WAITLIST' })
        .expect(200);
      const before = await count('services');
      const foreign = await t.http
        .post(`/api/v1/organizations/${KALTIM_OFFICE}/services`)
        .set(officer.auth)
        .send(service)
        .expect(403);
      expect(foreign.body.code).toBe('OUTSIDE_WRITE_SCOPE');
      await t.http
        .post(`/api/v1/organizations/${UPT_KEDIRI}/services`)
        .set(kaltimOfficer.auth)
        .send(service)
        .expect(403);
      await t.http
        .patch(`/api/v1/services/${upt.body.id}`)
        .set(kaltimOfficer.auth)
        .set('If-Match', '*')
        .send({ name: 'Diambil alih' })
        .expect(403);
      expect(await count('services')).toBe(before);
    });

    it("refuses a partner writing another organisation's services (403) and leaves them as they were", async () => {
      const mine = await t.http
        .post(`/api/v1/organizations/${KEDIRI_NGO}/services`)
        .set(partner.auth)
        .send({ ...service, name: 'Layanan milik Kediri' })
        .expect(201);
      const id = mine.body.id as string;
      const before = await count('services');
      for (const organizationId of [KEDIRI_OFFICE, seededOrganizationId('TEST-NGO-MALANG')]) {
        const res = await t.http
          .post(`/api/v1/organizations/${organizationId}/services`)
          .set(partner.auth)
          .send(service)
          .expect(403);
        expect(res.body.code).toBe('OUTSIDE_WRITE_SCOPE');
      }
      const attempts: [string, string, object][] = [
        ['patch', `/api/v1/services/${id}`, { name: 'Dibajak' }],
        ['post', `/api/v1/services/${id}/capacity`, { status: 'NOT_ACCEPTING' }],
        ['post', `/api/v1/services/${id}/deactivate`, {}],
        ['post', `/api/v1/services/${id}/activate`, {}],
      ];
      for (const [method, url, body] of attempts) {
        const res = await t.http[method as 'post'](url).set(otherPartner.auth).set('If-Match', '*').send(body);
        expect({ url, status: res.status, code: res.body.code }).toEqual({
          url,
          status: 403,
          code: 'OUTSIDE_WRITE_SCOPE',
        });
      }
      // An analyst reads the directory but holds no organizations:write.
      await t.http.post(`/api/v1/services/${id}/capacity`).set(analyst.auth).send({ status: 'WAITLIST' }).expect(403);
      const after = await t.http.get(`/api/v1/services/${id}`).set(analyst.auth).expect(200);
      expect(after.body).toEqual(mine.body);
      expect(await count('services')).toBe(before);
    });

    it('refuses bad input with 4xx problem+json and writes nothing', async () => {
      const before = await count('services');
      const areasBefore = await count('service_areas');
      const url = `/api/v1/organizations/${KEDIRI_NGO}/services`;
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...service, colour: 'red' }, 400, 'VALIDATION_FAILED'],
        [{ ...service, name: ' ' }, 400, 'VALIDATION_FAILED'],
        [{ ...service, name: 42 }, 400, 'VALIDATION_FAILED'],
        [{ ...service, category: 'mental' }, 400, 'VALIDATION_FAILED'],
        [{ ...service, category: 'ASTROLOGY' }, 422, 'UNKNOWN_SERVICE_CATEGORY'],
        [{ ...service, serviceArea: [] }, 400, 'VALIDATION_FAILED'],
        [{ ...service, serviceArea: '3571' }, 400, 'VALIDATION_FAILED'],
        [{ ...service, serviceArea: ['357'] }, 400, 'VALIDATION_FAILED'],
        [{ ...service, serviceArea: ['3571', '3571'] }, 400, 'VALIDATION_FAILED'],
        [{ ...service, serviceArea: ['3571', '3599'] }, 422, 'UNKNOWN_REGION'],
        [{ ...service, capacityStatus: 'FULL' }, 400, 'VALIDATION_FAILED'],
        [{ ...service, contact: { email: 'not-an-email' } }, 400, 'VALIDATION_FAILED'],
        [{ ...service, contact: { phone: 'call me' } }, 400, 'VALIDATION_FAILED'],
        [{ ...service, contact: { fax: '123456' } }, 400, 'VALIDATION_FAILED'],
        [{ ...service, contact: 'Siti' }, 400, 'VALIDATION_FAILED'],
        [{ ...service, schedule: 'x'.repeat(501) }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const res = await t.http.post(url).set(partner.auth).send(body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      const unknownRegion = await t.http
        .post(url)
        .set(partner.auth)
        .set('Accept-Language', 'en')
        .send({ ...service, serviceArea: ['3599'] })
        .expect(422);
      expect(unknownRegion.body.detail).toContain('serviceArea');
      const noOrg = await t.http
        .post(`/api/v1/organizations/${seededOrganizationId('nope')}/services`)
        .set(officer.auth)
        .send(service)
        .expect(404);
      expect(noOrg.body.code).toBe('ORGANIZATION_NOT_FOUND');
      await t.http.post('/api/v1/organizations/not-a-uuid/services').set(officer.auth).send(service).expect(404);
      await t.http.post(url).set(partner.auth).set('Content-Type', 'text/plain').send('hello').expect(415);
      await t.http.post(url).set(partner.auth).set('Content-Type', 'application/json').send('{"name":').expect(400);

      // A deactivated organisation takes no new services.
      const closed = await ensurePartnerOrganization(t, 'TEST-NGO-TUTUP', '3571');
      await t.sql(`UPDATE organizations SET active = false, deactivated_at = now() WHERE id = $1`, [closed]);
      const inactive = await t.http.post(`/api/v1/organizations/${closed}/services`).set(officer.auth).send(service);
      expect([inactive.status, inactive.body.code]).toEqual([409, 'ORGANIZATION_INACTIVE']);

      const created = await t.http.post(url).set(partner.auth).send(service).expect(201);
      const id = created.body.id as string;
      const patches: [Record<string, unknown>, number, string][] = [
        [{ name: null }, 400, 'VALIDATION_FAILED'],
        [{ category: null }, 400, 'VALIDATION_FAILED'],
        [{ serviceArea: null }, 400, 'VALIDATION_FAILED'],
        [{ capacityStatus: null }, 400, 'VALIDATION_FAILED'],
        [{ organizationId: KEDIRI_OFFICE }, 400, 'VALIDATION_FAILED'],
        [{ category: 'ASTROLOGY' }, 422, 'UNKNOWN_SERVICE_CATEGORY'],
        [{ serviceArea: ['3599'] }, 422, 'UNKNOWN_REGION'],
      ];
      for (const [body, status, code] of patches) {
        const res = await t.http.patch(`/api/v1/services/${id}`).set(partner.auth).set('If-Match', '"1"').send(body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      }
      await t.http.patch(`/api/v1/services/${id}`).set(partner.auth).set('If-Match', 'one').send({}).expect(400);
      const unchanged = await t.http.get(`/api/v1/services/${id}`).set(partner.auth).expect(200);
      expect(unchanged.body).toEqual(created.body);
      for (const bad of [{ status: 'FULL' }, {}, { status: 'WAITLIST', note: 'x' }]) {
        await t.http.post(`/api/v1/services/${id}/capacity`).set(partner.auth).send(bad).expect(400);
      }

      for (const missing of [seededOrganizationId('no-such-service'), 'not-a-uuid']) {
        const requests: [string, Promise<{ status: number; body: { code?: string } }>][] = [
          ['get', t.http.get(`/api/v1/services/${missing}`).set(partner.auth)],
          [
            'capacity',
            t.http.post(`/api/v1/services/${missing}/capacity`).set(partner.auth).send({ status: 'WAITLIST' }),
          ],
          ['deactivate', t.http.post(`/api/v1/services/${missing}/deactivate`).set(partner.auth)],
          ['activate', t.http.post(`/api/v1/services/${missing}/activate`).set(partner.auth)],
        ];
        for (const [what, request] of requests) {
          const res = await request;
          expect({ what, status: res.status, code: res.body.code }).toEqual({
            what,
            status: 404,
            code: 'SERVICE_NOT_FOUND',
          });
        }
      }
      await t.http
        .patch(`/api/v1/services/${seededOrganizationId('no-such-service')}`)
        .set(partner.auth)
        .set('If-Match', '"1"')
        .send({ name: 'Tidak ada' })
        .expect(404);
      await t.http
        .get(`/api/v1/organizations/${seededOrganizationId('nope')}/services`)
        .set(partner.auth)
        .expect(404);
      expect(await count('services')).toBe(before + 1);
      expect(await count('service_areas')).toBe(areasBefore + 1);
    });

    it('updates the capacity status, stamping when it changed', async () => {
      const created = await t.http
        .post(`/api/v1/organizations/${KEDIRI_NGO}/services`)
        .set(partner.auth)
        .send({ ...service, name: 'Rumah singgah Mojoroto', category: 'SHELTER' })
        .expect(201);
      const id = created.body.id as string;
      const stamped = Date.parse(created.body.capacityUpdatedAt);
      const full = await t.http
        .post(`/api/v1/services/${id}/capacity`)
        .set(partner.auth)
        .send({ status: 'NOT_ACCEPTING' })
        .expect(200);
      expect(full.body).toMatchObject({ capacityStatus: 'NOT_ACCEPTING', version: 2 });
      expect(full.headers.etag).toBe('"2"');
      expect(Date.parse(full.body.capacityUpdatedAt)).toBeGreaterThan(stamped);
      // The same status again changes nothing: the stamp says when the status changed.
      const again = await t.http
        .post(`/api/v1/services/${id}/capacity`)
        .set(partner.auth)
        .send({ status: 'NOT_ACCEPTING' })
        .expect(200);
      expect(again.body).toEqual(full.body);
      // A PATCH that names the status counts as a change of it too; one that does not leaves the stamp.
      const other = await t.http
        .patch(`/api/v1/services/${id}`)
        .set(partner.auth)
        .set('If-Match', '"2"')
        .send({ eligibility: 'Siapa saja' })
        .expect(200);
      expect(other.body.capacityUpdatedAt).toBe(full.body.capacityUpdatedAt);
      const patched = await t.http
        .patch(`/api/v1/services/${id}`)
        .set(partner.auth)
        .set('If-Match', '"3"')
        .send({ capacityStatus: 'WAITLIST' })
        .expect(200);
      expect(patched.body.capacityStatus).toBe('WAITLIST');
      expect(Date.parse(patched.body.capacityUpdatedAt)).toBeGreaterThan(Date.parse(full.body.capacityUpdatedAt));
      const replay = await t.http
        .post(`/api/v1/services/${id}/capacity`)
        .set(partner.auth)
        .set('Idempotency-Key', `capacity-${id}`)
        .send({ status: 'ACCEPTING' })
        .expect(200);
      const second = await t.http
        .post(`/api/v1/services/${id}/capacity`)
        .set(partner.auth)
        .set('Idempotency-Key', `capacity-${id}`)
        .send({ status: 'ACCEPTING' })
        .expect(200);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(replay.body);
    });

    it('searches the directory by category, region, capacity status, organisation and name', async () => {
      const make = async (who: TestPrincipal, organizationId: string, body: Record<string, unknown>) =>
        (
          await t.http
            .post(`/api/v1/organizations/${organizationId}/services`)
            .set(who.auth)
            .send({ ...service, ...body })
            .expect(201)
        ).body.id as string;
      const village = await make(partner, KEDIRI_NGO, {
        name: 'Posyandu jiwa Kelurahan Bandar Kidul',
        category: 'MENTAL_HEALTH_CARE',
        serviceArea: ['3571011010'],
      });
      const regency = await make(partner, KEDIRI_NGO, {
        name: 'Konseling keluarga Kota Kediri',
        category: 'MENTAL_HEALTH_CARE',
        serviceArea: ['3571'],
        capacityStatus: 'WAITLIST',
      });
      const malang = await make(otherPartner, seededOrganizationId('TEST-NGO-MALANG'), {
        name: 'Pelatihan menjahit Malang',
        category: 'SKILLS_TRAINING',
        serviceArea: ['3573'],
      });
      const province = await make(officer, JATIM_OFFICE, {
        name: 'Bantuan hukum Jawa Timur',
        category: 'LEGAL_AID',
        serviceArea: ['35'],
      });
      const list = async (query: string) =>
        ids((await t.http.get(`/api/v1/services?limit=200&${query}`).set(analyst.auth).expect(200)).body);

      const mental = await list('category=MENTAL_HEALTH_CARE');
      expect(mental).toEqual(expect.arrayContaining([village, regency]));
      expect(mental).not.toContain(malang);
      // A village sees services for itself, its regency and the province; a regency also those inside it.
      const inVillage = await list('region=3571011010');
      expect(inVillage).toEqual(expect.arrayContaining([village, regency, province]));
      expect(inVillage).not.toContain(malang);
      const inRegency = await list('region=3571');
      expect(inRegency).toEqual(expect.arrayContaining([village, regency, province]));
      expect(inRegency).not.toContain(malang);
      expect(await list('region=3573')).toEqual(expect.arrayContaining([malang, province]));
      expect(await list('region=3573')).not.toContain(village);
      const waiting = await list('capacityStatus=WAITLIST');
      expect(waiting).toContain(regency);
      expect(waiting).not.toContain(village);
      expect(await list(`organizationId=${seededOrganizationId('TEST-NGO-MALANG')}`)).toEqual([malang]);
      expect(await list(`q=${encodeURIComponent('BANDAR kidul')}`)).toEqual([village]);
      expect(await list('category=MENTAL_HEALTH_CARE&region=3571&capacityStatus=WAITLIST')).toEqual([regency]);

      // Deactivated services, and the services of deactivated organisations, leave the directory.
      await t.http.post(`/api/v1/services/${malang}/deactivate`).set(otherPartner.auth).expect(200);
      expect(await list('region=3573')).not.toContain(malang);
      expect(await list('region=3573&includeInactive=true')).toContain(malang);
      await t.http.post(`/api/v1/services/${malang}/activate`).set(otherPartner.auth).expect(200);
      await t.sql(`UPDATE organizations SET active = false, deactivated_at = now() WHERE id = $1`, [
        seededOrganizationId('TEST-NGO-MALANG'),
      ]);
      expect(await list('region=3573')).not.toContain(malang);
      await t.sql(`UPDATE organizations SET active = true, deactivated_at = NULL WHERE id = $1`, [
        seededOrganizationId('TEST-NGO-MALANG'),
      ]);

      const page1 = await t.http.get('/api/v1/services?limit=3').set(analyst.auth).expect(200);
      const page2 = await t.http
        .get(`/api/v1/services?limit=3&cursor=${page1.body.page.nextCursor}`)
        .set(analyst.auth)
        .expect(200);
      const both = await t.http.get('/api/v1/services?limit=6').set(analyst.auth).expect(200);
      expect([...ids(page1.body), ...ids(page2.body)]).toEqual(ids(both.body));

      const bad: [string, number, string][] = [
        ['category=ASTROLOGY', 422, 'UNKNOWN_SERVICE_CATEGORY'],
        ['category=mental', 400, 'VALIDATION_FAILED'],
        ['region=3599', 422, 'UNKNOWN_REGION'],
        ['region=35x', 400, 'VALIDATION_FAILED'],
        ['capacityStatus=FULL', 400, 'VALIDATION_FAILED'],
        ['organizationId=nope', 400, 'VALIDATION_FAILED'],
        [`organizationId=${seededOrganizationId('nope')}`, 422, 'REFERENCE_NOT_FOUND'],
        ['q=a', 400, 'VALIDATION_FAILED'],
        ['limit=201', 400, 'VALIDATION_FAILED'],
        ['cursor=!!', 400, 'INVALID_CURSOR'],
        ['includeInactive=maybe', 400, 'VALIDATION_FAILED'],
        ['sort=name', 400, 'VALIDATION_FAILED'],
      ];
      for (const [query, status, code] of bad) {
        const res = await t.http.get(`/api/v1/services?${query}`).set(analyst.auth);
        expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status, code });
      }
      await t.http.get(`/api/v1/organizations/${KEDIRI_NGO}/services?region=3571`).set(analyst.auth).expect(400);
    });
  });

  describe('partnerships', () => {
    const mou = {
      parties: [KEDIRI_NGO, KEDIRI_OFFICE],
      scope: 'Rujukan dan pendampingan eks psikotik di Kota Kediri',
      validFrom: day(-365),
      validTo: day(365),
      documentReference: '119/2345/107.2/2025',
    };

    it('records a partnership by a party, with the status computed on the WIB day', async () => {
      const created = await t.http.post('/api/v1/partnerships').set(partner.auth).send(mou).expect(201);
      expect(created.body).toMatchObject({
        scope: mou.scope,
        validFrom: mou.validFrom,
        validTo: mou.validTo,
        documentReference: mou.documentReference,
        status: 'ACTIVE',
        version: 1,
      });
      expect(created.body.parties.map((p: { name: string }) => p.name)).toEqual([
        'Dinas Sosial Kota Kediri',
        'Yayasan TEST-NGO-KEDIRI',
      ]);
      expect(created.headers.etag).toBe('"1"');
      const [audit] = await t.sql<{ action: string }>(
        `SELECT action FROM audit_events WHERE resource_type = 'partnership' AND resource_id = $1`,
        [created.body.id],
      );
      expect(audit.action).toBe('CREATE');

      const statuses: [Record<string, unknown>, string][] = [
        [{ validFrom: day(-400), validTo: day(-1) }, 'EXPIRED'],
        [{ validFrom: day(-400), validTo: day(0) }, 'ACTIVE'],
        [{ validFrom: day(0), validTo: day(0) }, 'ACTIVE'],
        [{ validFrom: day(1), validTo: day(30) }, 'UPCOMING'],
        [{ validFrom: day(-10), validTo: null }, 'ACTIVE'],
      ];
      const made: Record<string, string[]> = { ACTIVE: [created.body.id], EXPIRED: [], UPCOMING: [] };
      for (const [period, status] of statuses) {
        const res = await t.http
          .post('/api/v1/partnerships')
          .set(partner.auth)
          .send({ ...mou, ...period })
          .expect(201);
        expect({ period, status: res.body.status }).toEqual({ period, status });
        made[status].push(res.body.id);
        const got = await t.http.get(`/api/v1/partnerships/${res.body.id}`).set(analyst.auth).expect(200);
        expect(got.body.status).toBe(status);
      }
      for (const status of ['ACTIVE', 'EXPIRED', 'UPCOMING']) {
        const res = await t.http
          .get(`/api/v1/partnerships?status=${status}&organizationId=${KEDIRI_NGO}`)
          .set(analyst.auth)
          .expect(200);
        expect({ status, ids: ids(res.body).sort() }).toEqual({ status, ids: made[status].sort() });
      }
      const ofOffice = await t.http.get(`/api/v1/partnerships?organizationId=${KEDIRI_OFFICE}`).set(analyst.auth);
      expect(ofOffice.body.data).toHaveLength(6);
      const ofOther = await t.http
        .get(`/api/v1/partnerships?organizationId=${seededOrganizationId('DINSOS-3573')}`)
        .set(analyst.auth)
        .expect(200);
      expect(ofOther.body.data).toEqual([]);
      const page1 = await t.http.get('/api/v1/partnerships?limit=2').set(analyst.auth).expect(200);
      const page2 = await t.http
        .get(`/api/v1/partnerships?limit=2&cursor=${page1.body.page.nextCursor}`)
        .set(analyst.auth)
        .expect(200);
      const both = await t.http.get('/api/v1/partnerships?limit=4').set(analyst.auth).expect(200);
      expect([...ids(page1.body), ...ids(page2.body)]).toEqual(ids(both.body));
    });

    it('lets a party change it with If-Match, and keeps non-parties out', async () => {
      const created = await t.http.post('/api/v1/partnerships').set(partner.auth).send(mou).expect(201);
      const id = created.body.id as string;
      const expired = await t.http
        .patch(`/api/v1/partnerships/${id}`)
        .set(partner.auth)
        .set('If-Match', '"1"')
        .send({ validTo: day(-1) })
        .expect(200);
      expect(expired.body).toMatchObject({ status: 'EXPIRED', version: 2 });
      // Changing only the parties still moves the version.
      const widened = await t.http
        .patch(`/api/v1/partnerships/${id}`)
        .set(partner.auth)
        .set('If-Match', '"2"')
        .send({ parties: [KEDIRI_NGO, KEDIRI_OFFICE, UPT_KEDIRI] })
        .expect(200);
      expect(widened.body.parties).toHaveLength(3);
      expect(widened.body.version).toBe(3);
      await t.http
        .patch(`/api/v1/partnerships/${id}`)
        .set(partner.auth)
        .set('If-Match', '"2"')
        .send({ scope: 'Basi' })
        .expect(412);
      await t.http.patch(`/api/v1/partnerships/${id}`).set(partner.auth).send({ scope: 'Tanpa If-Match' }).expect(428);

      // Not a party: 403, whether changing, or creating one between others, or naming itself out.
      const outsider = await t.http
        .patch(`/api/v1/partnerships/${id}`)
        .set(otherPartner.auth)
        .set('If-Match', '*')
        .send({ scope: 'Diubah pihak luar' })
        .expect(403);
      expect(outsider.body.code).toBe('OUTSIDE_WRITE_SCOPE');
      const before = await count('partnerships');
      const between = await t.http.post('/api/v1/partnerships').set(otherPartner.auth).send(mou).expect(403);
      expect(between.body.code).toBe('OUTSIDE_WRITE_SCOPE');
      await t.http
        .patch(`/api/v1/partnerships/${id}`)
        .set(partner.auth)
        .set('If-Match', '"3"')
        .send({ parties: [KEDIRI_OFFICE, UPT_KEDIRI] })
        .expect(403);
      // A province role records partnerships with a party in its province, not between others.
      await t.http
        .post('/api/v1/partnerships')
        .set(kaltimOfficer.auth)
        .send({ ...mou, parties: [KEDIRI_OFFICE, UPT_KEDIRI] })
        .expect(403);
      await t.http.post('/api/v1/partnerships').set(analyst.auth).send(mou).expect(403);
      expect(await count('partnerships')).toBe(before);
      const officers = await t.http
        .post('/api/v1/partnerships')
        .set(officer.auth)
        .send({ ...mou, parties: [KEDIRI_OFFICE, KALTIM_OFFICE] })
        .expect(201);
      await t.http
        .patch(`/api/v1/partnerships/${officers.body.id}`)
        .set(kaltimOfficer.auth)
        .set('If-Match', '"1"')
        .send({ documentReference: null })
        .expect(200);
      const unchanged = await t.http.get(`/api/v1/partnerships/${id}`).set(analyst.auth).expect(200);
      expect(unchanged.body).toEqual(widened.body);
    });

    it('refuses bad input with 4xx problem+json and writes nothing', async () => {
      const before = await count('partnerships');
      const partiesBefore = await count('partnership_parties');
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...mou, parties: [KEDIRI_NGO] }, 400, 'VALIDATION_FAILED'],
        [{ ...mou, parties: [KEDIRI_NGO, KEDIRI_NGO] }, 400, 'VALIDATION_FAILED'],
        [{ ...mou, parties: [KEDIRI_NGO, 'DINSOS-3571'] }, 400, 'VALIDATION_FAILED'],
        [{ ...mou, parties: [KEDIRI_NGO, seededOrganizationId('nope')] }, 422, 'PARTNERSHIP_UNKNOWN_PARTIES'],
        [{ ...mou, validFrom: '2025-02-30' }, 400, 'VALIDATION_FAILED'],
        [{ ...mou, validFrom: '01-01-2025' }, 400, 'VALIDATION_FAILED'],
        [{ ...mou, validTo: '2025-13-01' }, 400, 'VALIDATION_FAILED'],
        [{ ...mou, validFrom: '2025-06-01', validTo: '2025-05-31' }, 400, 'PARTNERSHIP_INVALID_PERIOD'],
        [{ ...mou, scope: '' }, 400, 'VALIDATION_FAILED'],
        [{ ...mou, validFrom: undefined }, 400, 'VALIDATION_FAILED'],
        [{ ...mou, status: 'ACTIVE' }, 400, 'VALIDATION_FAILED'],
        [{ ...mou, title: 'MoU' }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const res = await t.http.post('/api/v1/partnerships').set(partner.auth).send(body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      const period = await t.http
        .post('/api/v1/partnerships')
        .set(partner.auth)
        .set('Accept-Language', 'en')
        .send({ ...mou, validFrom: '2025-06-01', validTo: '2025-05-31' })
        .expect(400);
      expect(period.body.errors).toEqual([{ field: 'validTo', message: 'must not be before validFrom' }]);
      const closed = await ensurePartnerOrganization(t, 'TEST-NGO-BUBAR', '3571');
      await t.sql(`UPDATE organizations SET active = false, deactivated_at = now() WHERE id = $1`, [closed]);
      const inactive = await t.http
        .post('/api/v1/partnerships')
        .set(partner.auth)
        .send({ ...mou, parties: [KEDIRI_NGO, closed] })
        .expect(409);
      expect(inactive.body.code).toBe('ORGANIZATION_INACTIVE');
      expect(await count('partnerships')).toBe(before);
      expect(await count('partnership_parties')).toBe(partiesBefore);

      const created = await t.http.post('/api/v1/partnerships').set(partner.auth).send(mou).expect(201);
      const id = created.body.id as string;
      const patches: [Record<string, unknown>, number, string][] = [
        [{ validTo: day(-400) }, 400, 'PARTNERSHIP_INVALID_PERIOD'],
        [{ validFrom: day(400) }, 400, 'PARTNERSHIP_INVALID_PERIOD'],
        [{ validFrom: null }, 400, 'VALIDATION_FAILED'],
        [{ scope: null }, 400, 'VALIDATION_FAILED'],
        [{ parties: null }, 400, 'VALIDATION_FAILED'],
        [{ parties: [KEDIRI_NGO, seededOrganizationId('nope')] }, 422, 'PARTNERSHIP_UNKNOWN_PARTIES'],
        [{ parties: [KEDIRI_NGO, closed] }, 409, 'ORGANIZATION_INACTIVE'],
        [{ validTo: 'tomorrow' }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of patches) {
        const res = await t.http
          .patch(`/api/v1/partnerships/${id}`)
          .set(partner.auth)
          .set('If-Match', '"1"')
          .send(body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      }
      const unchanged = await t.http.get(`/api/v1/partnerships/${id}`).set(partner.auth).expect(200);
      expect(unchanged.body).toEqual(created.body);

      for (const missing of [seededOrganizationId('no-such-mou'), 'not-a-uuid']) {
        const got = await t.http.get(`/api/v1/partnerships/${missing}`).set(partner.auth).expect(404);
        expect(got.body.code).toBe('PARTNERSHIP_NOT_FOUND');
        await t.http
          .patch(`/api/v1/partnerships/${missing}`)
          .set(partner.auth)
          .set('If-Match', '"1"')
          .send({ scope: 'Tidak ada' })
          .expect(404);
      }
      const badLists: [string, number, string][] = [
        ['status=VALID', 400, 'VALIDATION_FAILED'],
        ['organizationId=DINSOS-3571', 400, 'VALIDATION_FAILED'],
        [`organizationId=${seededOrganizationId('nope')}`, 422, 'REFERENCE_NOT_FOUND'],
        ['limit=0', 400, 'VALIDATION_FAILED'],
        ['party=x', 400, 'VALIDATION_FAILED'],
      ];
      for (const [query, status, code] of badLists) {
        const res = await t.http.get(`/api/v1/partnerships?${query}`).set(partner.auth);
        expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status, code });
      }
    });
  });
});
