// The application first: it loads the person entities in the order their decorators need.
import { createTestApp, TestApp } from './helpers/test-app';
import { DataSource } from 'typeorm';
import { todayIn } from '../src/common/dates';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { ConsentsService } from '../src/persons/consents.service';
import { asRole, TestPrincipal } from './helpers/auth';

const UPT_KEDIRI = seededOrganizationId('UPT-RSBL-KEDIRI');
const UPT_PASURUAN = seededOrganizationId('UPT-RSBL-PASURUAN');

/** YYYY-MM-DD `days` from today in Asia/Jakarta. */
function dayFromToday(days: number): string {
  return todayIn('Asia/Jakarta', new Date(Date.now() + days * 24 * 60 * 60 * 1000));
}

const consent = (over: Record<string, unknown> = {}) => ({
  purpose: 'REFERRAL',
  givenBy: 'SELF',
  givenOn: dayFromToday(-10),
  evidenceReference: 'FPS-3571-2026-00123',
  ...over,
});

describe('person consents (e2e)', () => {
  let t: TestApp;
  let operator: TestPrincipal; // Dinas Sosial Kota Kediri
  let otherRegency: TestPrincipal; // Dinas Sosial Kabupaten Kediri: the person is outside its scope
  let partner: TestPrincipal; // no persons:* permission
  let dpo: TestPrincipal; // AUDITOR: persons:rights
  let personId: string;

  beforeAll(async () => {
    t = await createTestApp();
    operator = await asRole(t, Role.REGENCY_OPERATOR);
    otherRegency = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3506');
    partner = await asRole(t, Role.PARTNER);
    dpo = await asRole(t, Role.AUDITOR);
    personId = await createPerson('Sri Wahyuni');
  });
  afterAll(async () => {
    await t.close();
  });

  async function createPerson(fullName: string): Promise<string> {
    const res = await t.http
      .post('/api/v1/persons')
      .set(operator.auth)
      .send({ fullName, sex: 'F', birthDate: '1979-06-01', domicile: { villageCode: '3571011010' } })
      .expect(201);
    return res.body.id as string;
  }

  const url = (id = personId) => `/api/v1/persons/${id}/consents`;

  it('records a consent for a recipient, with its ETag, and audits it', async () => {
    const res = await t.http
      .post(url())
      .set(operator.auth)
      .send(consent({ recipientOrganizationId: UPT_KEDIRI, expiresOn: dayFromToday(365) }))
      .expect(201);
    expect(res.body).toMatchObject({
      personId,
      purpose: 'REFERRAL',
      recipientOrganizationId: UPT_KEDIRI,
      givenBy: 'SELF',
      guardianName: null,
      evidenceReference: 'FPS-3571-2026-00123',
      recordedBy: operator.userId,
      recordedByOrganizationId: operator.organizationId,
      revokedAt: null,
      active: true,
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    const audit = await t.sql(`SELECT action, resource_type, person_id FROM audit_events WHERE resource_id = $1`, [
      res.body.id,
    ]);
    expect(audit).toEqual([{ action: 'CREATE', resource_type: 'consent', person_id: personId }]);
  });

  it('records a consent given by a guardian, for any organisation', async () => {
    const res = await t.http
      .post(url())
      .set(operator.auth)
      .send(
        consent({
          purpose: 'PHOTO_PUBLICATION',
          givenBy: 'GUARDIAN',
          guardianName: 'Suparman',
          guardianRelation: 'AYAH',
        }),
      )
      .expect(201);
    expect(res.body).toMatchObject({
      recipientOrganizationId: null,
      givenBy: 'GUARDIAN',
      guardianName: 'Suparman',
      guardianRelation: 'AYAH',
      active: true,
    });
  });

  it('computes active from revocation and expiry (the expiry day still counts)', async () => {
    const expired = await t.http
      .post(url())
      .set(operator.auth)
      .send(consent({ purpose: 'RESEARCH', givenOn: '2020-01-01', expiresOn: dayFromToday(-1) }))
      .expect(201);
    expect(expired.body.active).toBe(false);
    const lastDay = await t.http
      .post(url())
      .set(operator.auth)
      .send(consent({ purpose: 'RESEARCH', givenOn: '2020-01-01', expiresOn: dayFromToday(0) }))
      .expect(201);
    expect(lastDay.body.active).toBe(true);
    const sameDay = await t.http
      .post(url())
      .set(operator.auth)
      .send(consent({ purpose: 'DATA_SHARING', givenOn: dayFromToday(0) }))
      .expect(201);
    expect(sameDay.body.active).toBe(true);

    const list = await t.http.get(`${url()}?purpose=RESEARCH`).set(operator.auth).expect(200);
    expect(list.body.data.map((c: { id: string; active: boolean }) => [c.id, c.active])).toEqual(
      expect.arrayContaining([
        [expired.body.id, false],
        [lastDay.body.id, true],
      ]),
    );
    const inactive = await t.http.get(`${url()}?active=false`).set(operator.auth).expect(200);
    expect(inactive.body.data.map((c: { id: string }) => c.id)).toEqual([expired.body.id]);
  });

  it('revokes a consent: 200 with the new ETag, inactive, listed as such; a second revoke is 409', async () => {
    const created = await t.http
      .post(url())
      .set(operator.auth)
      .send(consent({ purpose: 'PRODUCT_PUBLICATION' }));
    expect(created.status).toBe(201);
    const revoked = await t.http
      .post(`${url()}/${created.body.id}/revoke`)
      .set(operator.auth)
      .send({ reason: 'Dicabut lisan oleh ybs.' })
      .expect(200);
    expect(revoked.body).toMatchObject({ active: false, revocationReason: 'Dicabut lisan oleh ybs.', version: 2 });
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(revoked.headers.etag).toBe('"2"');
    const again = await t.http
      .post(`${url()}/${created.body.id}/revoke`)
      .set(operator.auth)
      .send({ reason: 'lagi' })
      .expect(409);
    expect(again.body.code).toBe('CONSENT_ALREADY_REVOKED');
    const active = await t.http.get(`${url()}?active=true&purpose=PRODUCT_PUBLICATION`).set(operator.auth).expect(200);
    expect(active.body.data).toEqual([]);
    const audit = await t.sql(`SELECT action, changed_fields FROM audit_events WHERE resource_id = $1 ORDER BY seq`, [
      created.body.id,
    ]);
    expect(audit.map((r) => r.action)).toEqual(['CREATE', 'UPDATE']);
    expect(audit[1].changed_fields).toEqual(['revokedAt', 'revocationReason']);
  });

  it('lists with cursor pagination in the order given (then id) and audits the read with its purpose', async () => {
    const all = await t.http.get(`${url()}?limit=200`).set(operator.auth).set('X-Purpose', 'cek rujukan').expect(200);
    expect(all.body.data.length).toBeGreaterThanOrEqual(6);
    const first = await t.http.get(`${url()}?limit=2`).set(operator.auth).expect(200);
    const second = await t.http
      .get(`${url()}?limit=2&cursor=${first.body.page.nextCursor}`)
      .set(operator.auth)
      .expect(200);
    expect([...first.body.data, ...second.body.data].map((c: { id: string }) => c.id)).toEqual(
      all.body.data.slice(0, 4).map((c: { id: string }) => c.id),
    );
    const days = all.body.data.map((c: { givenOn: string }) => c.givenOn);
    expect(days).toEqual([...days].sort());
    await t.http.get(`${url()}?cursor=not-a-cursor!`).set(operator.auth).expect(400);
    const reads = await t.sql(
      `SELECT purpose FROM audit_events WHERE action = 'READ' AND resource_type = 'consent' AND person_id = $1`,
      [personId],
    );
    expect(reads.map((r) => r.purpose)).toEqual(expect.arrayContaining(['cek rujukan', 'CONSENT_VIEW']));
  });

  it('finds the covering consent for the referrals module', async () => {
    const subject = await createPerson('Tutik Handayani');
    const em = t.app.get(DataSource).manager;
    const consents = t.app.get(ConsentsService);
    const today = dayFromToday(0);
    expect(await consents.findCovering(em, subject, 'REFERRAL', UPT_KEDIRI, today)).toBeNull();

    const anyOrg = await t.http.post(url(subject)).set(operator.auth).send(consent()).expect(201);
    const specific = await t.http
      .post(url(subject))
      .set(operator.auth)
      .send(consent({ recipientOrganizationId: UPT_KEDIRI, givenOn: dayFromToday(-30) }))
      .expect(201);
    // The one naming the recipient wins over "any organisation"; another recipient is covered by "any".
    expect((await consents.findCovering(em, subject, 'REFERRAL', UPT_KEDIRI, today))?.id).toBe(specific.body.id);
    expect((await consents.findCovering(em, subject, 'REFERRAL', UPT_PASURUAN, today))?.id).toBe(anyOrg.body.id);
    expect((await consents.findCovering(em, subject, 'REFERRAL', null, today))?.id).toBe(anyOrg.body.id);
    // Before it was given, and for another purpose, nothing covers.
    expect(await consents.findCovering(em, subject, 'REFERRAL', UPT_KEDIRI, dayFromToday(-60))).toBeNull();
    expect(await consents.findCovering(em, subject, 'RESEARCH', UPT_KEDIRI, today)).toBeNull();

    await t.http
      .post(`${url(subject)}/${anyOrg.body.id}/revoke`)
      .set(operator.auth)
      .send({ reason: 'dicabut' })
      .expect(200);
    expect(await consents.findCovering(em, subject, 'REFERRAL', UPT_PASURUAN, today)).toBeNull();
    expect((await consents.findCovering(em, subject, 'REFERRAL', UPT_KEDIRI, today))?.id).toBe(specific.body.id);

    const expiring = await createPerson('Wahyu Utomo');
    await t.http
      .post(url(expiring))
      .set(operator.auth)
      .send(consent({ expiresOn: dayFromToday(-1) }))
      .expect(201);
    expect(await consents.findCovering(em, expiring, 'REFERRAL', UPT_KEDIRI, today)).toBeNull();
    expect(await consents.findCovering(em, expiring, 'REFERRAL', UPT_KEDIRI, dayFromToday(-2))).not.toBeNull();
  });

  it('refuses bad input with 400/422 problem+json and writes nothing', async () => {
    const before = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM consents`);
    const cases: [Record<string, unknown>, number, string, string?][] = [
      [consent({ purpose: 'MARKETING' }), 400, 'VALIDATION_FAILED', 'purpose'],
      [consent({ givenBy: 'NEIGHBOUR' }), 400, 'VALIDATION_FAILED', 'givenBy'],
      [consent({ givenBy: 'GUARDIAN' }), 400, 'VALIDATION_FAILED', 'guardianName'],
      [consent({ givenBy: 'GUARDIAN', guardianName: 'Suparman' }), 400, 'VALIDATION_FAILED', 'guardianRelation'],
      [consent({ guardianName: 'Suparman' }), 400, 'VALIDATION_FAILED', 'guardianName'],
      [consent({ givenOn: dayFromToday(2) }), 400, 'VALIDATION_FAILED', 'givenOn'],
      [consent({ givenOn: '2026-02-30' }), 400, 'VALIDATION_FAILED', 'givenOn'],
      [consent({ givenOn: '01-02-2026' }), 400, 'VALIDATION_FAILED', 'givenOn'],
      [consent({ expiresOn: dayFromToday(-11) }), 400, 'VALIDATION_FAILED', 'expiresOn'],
      [consent({ evidenceReference: undefined }), 400, 'VALIDATION_FAILED', 'evidenceReference'],
      [consent({ evidenceReference: '  ' }), 400, 'VALIDATION_FAILED', 'evidenceReference'],
      [consent({ evidenceReference: 'x'.repeat(301) }), 400, 'VALIDATION_FAILED', 'evidenceReference'],
      [consent({ recipientOrganizationId: 'not-a-uuid' }), 400, 'VALIDATION_FAILED', 'recipientOrganizationId'],
      [consent({ colour: 'red' }), 400, 'VALIDATION_FAILED', 'colour'],
      [consent({ recipientOrganizationId: seededOrganizationId('NOPE') }), 422, 'CONSENT_UNKNOWN_RECIPIENT'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await t.http.post(url()).set(operator.auth).send(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    await t.http
      .post(`${url()}/${seededOrganizationId('nope')}/revoke`)
      .set(operator.auth)
      .send({ reason: 'x' })
      .expect(400);
    const missing = await t.http
      .post(`${url()}/${seededOrganizationId('nope')}/revoke`)
      .set(operator.auth)
      .send({ reason: 'tidak ada' })
      .expect(404);
    expect(missing.body.code).toBe('CONSENT_NOT_FOUND');
    await t.http.post(`${url()}/not-a-uuid/revoke`).set(operator.auth).send({ reason: 'tidak ada' }).expect(404);
    await t.http.get(`${url()}?active=maybe`).set(operator.auth).expect(400);
    const after = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM consents`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('answers 404 for a person outside the scope or unknown, and 403 without the permission', async () => {
    const [someConsent] = await t.sql<{ id: string }>(`SELECT id FROM consents WHERE person_id = $1 LIMIT 1`, [
      personId,
    ]);
    const foreignList = await t.http.get(url()).set(otherRegency.auth).expect(404);
    expect(foreignList.body.code).toBe('PERSON_NOT_FOUND');
    await t.http.post(url()).set(otherRegency.auth).send(consent()).expect(404);
    await t.http
      .post(`${url()}/${someConsent.id}/revoke`)
      .set(otherRegency.auth)
      .send({ reason: 'bukan urusan' })
      .expect(404);
    await t.http
      .get(url(seededOrganizationId('no-person')))
      .set(operator.auth)
      .expect(404);
    await t.http.get(url('not-a-uuid')).set(operator.auth).expect(404);
    // A consent id of another person under this person's path is not found either.
    const other = await createPerson('Yuliana');
    await t.http
      .post(`${url(other)}/${someConsent.id}/revoke`)
      .set(operator.auth)
      .send({ reason: 'salah orang' })
      .expect(404);

    await t.http.get(url()).set(partner.auth).expect(403);
    await t.http.post(url()).set(partner.auth).send(consent()).expect(403);
    await t.http.post(`${url()}/${someConsent.id}/revoke`).set(partner.auth).send({ reason: 'x' }).expect(403);
    // The DPO handles rights, not casework: no persons:read / persons:write.
    await t.http.get(url()).set(dpo.auth).expect(403);
    const unrevoked = await t.sql(`SELECT 1 FROM consents WHERE id = $1 AND revoked_at IS NULL`, [someConsent.id]);
    expect(unrevoked).toHaveLength(1);
  });

  it('refuses new consents and consent reads while processing is restricted, but still allows revoking', async () => {
    const restricted = await createPerson('Endang Lestari');
    const given = await t.http.post(url(restricted)).set(operator.auth).send(consent()).expect(201);
    await t.http
      .post(`/api/v1/persons/${restricted}/restrict`)
      .set(dpo.auth)
      .send({ reason: 'keberatan ybs.' })
      .expect(200);
    const refused = await t.http.post(url(restricted)).set(operator.auth).send(consent()).expect(409);
    expect(refused.body.code).toBe('PERSON_RESTRICTED');
    await t.http.get(url(restricted)).set(operator.auth).expect(409);
    const revoked = await t.http
      .post(`${url(restricted)}/${given.body.id}/revoke`)
      .set(operator.auth)
      .send({ reason: 'ybs. menarik persetujuan' })
      .expect(200);
    expect(revoked.body.active).toBe(false);
  });
});
