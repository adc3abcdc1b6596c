import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { TokenService } from '../src/identity/token.service';
import { HSDS_SCHEMA_URLS } from '../src/organizations/dto/hsds.dto';
import { asRole, ensurePartnerOrganization, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

type Json = Record<string, unknown>;
interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}

const fixture = (name: string): JsonSchema & Json =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', 'hsds', name), 'utf8')) as JsonSchema & Json;

/**
 * The HSDS 3.0 schemas (test/fixtures/hsds, copied from the Open Referral specification). They carry no `$schema`;
 * the HSDS OpenAPI document declares JSON Schema 2020-12 as its dialect, hence Ajv2020. Strict mode stays on, with
 * the schemas' own annotation keywords declared, so a typo in a real keyword would still fail.
 */
function hsdsValidators() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addVocabulary([
    'name',
    'path',
    'datapackage_metadata',
    'datapackage_type',
    'constraints',
    'example',
    'core',
    'tabular_required',
  ]);
  addFormats(ajv);
  const schemas = {
    organization: fixture('organization.schema.json'),
    organizationList: fixture('organization_list.schema.json'),
    service: fixture('service.schema.json'),
    serviceList: fixture('service_list.schema.json'),
  };
  for (const [key, schema] of Object.entries(schemas))
    ajv.addSchema(schema, HSDS_SCHEMA_URLS[key as keyof typeof schemas]);
  const openapi = fixture('hsds-openapi.json') as { components: { schemas: { Page: Json } } };
  // A list response of the HSDS OpenAPI: its Page schema plus `contents`; every member required, as we send them all.
  const page = (itemSchema: string) =>
    ajv.compile({
      allOf: [openapi.components.schemas.Page],
      type: 'object',
      required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
      properties: { contents: { type: 'array', items: { $ref: itemSchema } } },
    });
  const one = (url: string) => ajv.getSchema(url) as ValidateFunction;
  /** The members a page may have, for {@link unknownMembers}. */
  const pageShape = (item: JsonSchema): JsonSchema => ({
    properties: {
      ...(openapi.components.schemas.Page.properties as JsonSchema['properties']),
      contents: { items: item },
    },
  });
  return {
    schemas,
    organizationPageShape: pageShape(schemas.organizationList),
    servicePageShape: pageShape(schemas.serviceList),
    organizationPage: page(HSDS_SCHEMA_URLS.organizationList),
    servicePage: page(HSDS_SCHEMA_URLS.serviceList),
    organization: one(HSDS_SCHEMA_URLS.organization),
    service: one(HSDS_SCHEMA_URLS.service),
  };
}

/**
 * The HSDS schemas allow any extra member, so validation alone would not catch a misnamed field
 * (`eligibility` for `eligibility_description`): this lists the members a document has that its schema does not name.
 */
function unknownMembers(value: unknown, schema: JsonSchema, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownMembers(v, schema.items ?? {}, `${path}[${i}]`));
  if (value === null || typeof value !== 'object' || !schema.properties) return [];
  return Object.entries(value as Json).flatMap(([key, member]) => {
    const property = schema.properties![key];
    return property ? unknownMembers(member, property, `${path}.${key}`) : [`${path}.${key}`];
  });
}

function expectValid(validate: ValidateFunction, document: unknown, schema: JsonSchema, what: string): void {
  const valid = validate(document);
  expect({ what, errors: valid ? [] : validate.errors }).toEqual({ what, errors: [] });
  expect({ what, unknown: unknownMembers(document, schema) }).toEqual({ what, unknown: [] });
}

describe('HSDS feed, public (e2e)', () => {
  let t: TestApp;
  let partner: TestPrincipal;
  let officer: TestPrincipal;
  let v: ReturnType<typeof hsdsValidators>;
  const partnerOrg = seededOrganizationId('TEST-NGO-KEDIRI');
  let full: string;
  let waitlisted: string;
  let minimal: string;
  let deactivated: string;
  let ofClosedOrganization: string;
  let closedOrganization: string;

  beforeAll(async () => {
    v = hsdsValidators();
    t = await createTestApp();
    partner = await asRole(t, Role.PARTNER);
    officer = await asRole(t, Role.PROVINCE_OFFICER);
    await t.sql(
      `UPDATE organizations SET email = 'info@binajiwa.or.id', phone = '+62 354 123456',
         address = 'Jl. Mojoroto Gang 3 No. 7, Kota Kediri', parent_id = $2 WHERE id = $1`,
      [partnerOrg, seededOrganizationId('DINSOS-3571')],
    );
    const create = async (who: TestPrincipal, organizationId: string, body: Json) =>
      (await t.http.post(`/api/v1/organizations/${organizationId}/services`).set(who.auth).send(body).expect(201)).body
        .id as string;
    full = await create(partner, partnerOrg, {
      name: 'Pendampingan keluarga eks psikotik',
      description: 'Kunjungan rumah dan psikoedukasi keluarga.',
      category: 'FAMILY_SUPPORT',
      eligibility: 'Eks klien UPT Bina Laras dan keluarganya',
      serviceArea: ['3571011010', '3571'],
      schedule: 'Senin–Jumat 08.00–15.00',
      contact: { name: 'Siti Aminah', phone: '+62 354 777888', email: 'siti@binajiwa.or.id' },
    });
    waitlisted = await create(partner, partnerOrg, {
      name: 'Konseling jiwa',
      category: 'MENTAL_HEALTH_CARE',
      serviceArea: ['3571'],
      capacityStatus: 'WAITLIST',
      contact: { phone: '0354 111222' },
    });
    minimal = await create(officer, seededOrganizationId('UPT-RSBL-KEDIRI'), {
      name: 'Rehabilitasi sosial eks psikotik',
      category: 'SOCIAL_REHABILITATION',
      serviceArea: ['35'],
    });
    deactivated = await create(partner, partnerOrg, { name: 'Layanan lama', category: 'OTHER', serviceArea: ['3571'] });
    await t.http.post(`/api/v1/services/${deactivated}/deactivate`).set(partner.auth).expect(200);
    closedOrganization = await ensurePartnerOrganization(t, 'TEST-NGO-TUTUP', '3573');
    ofClosedOrganization = await create(officer, closedOrganization, {
      name: 'Layanan organisasi yang tutup',
      category: 'OTHER',
      serviceArea: ['3573'],
    });
    await t.http.post(`/api/v1/organizations/${closedOrganization}/deactivate`).set(officer.auth).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every page of a list, each validated; the ids in order. */
  async function allPages(path: string, validate: ValidateFunction, shape: JsonSchema): Promise<string[]> {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const res = await t.http.get(`${path}${path.includes('?') ? '&' : '?'}per_page=20&page=${page}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expectValid(validate, res.body, shape, `${path} p${page}`);
      expect(res.body).toMatchObject({ page_number: page, first_page: page === 1, size: res.body.contents.length });
      seen.push(...res.body.contents.map((c: { id: string }) => c.id));
      if (res.body.last_page) {
        expect(res.body.total_items).toBe(seen.length);
        expect(res.body.total_pages).toBe(page);
        return seen;
      }
    }
  }

  it('lists every active organisation, page by page, each page valid against HSDS 3.0', async () => {
    const listed = await allPages('/api/v1/hsds/organizations', v.organizationPage, v.organizationPageShape);
    const active = await t.sql<{ id: string }>(`SELECT id FROM organizations WHERE active ORDER BY name, id`);
    expect(listed).toEqual(active.map((o) => o.id));
    expect(listed).not.toContain(closedOrganization);
    const beyond = await t.http.get('/api/v1/hsds/organizations?page=999&per_page=200').expect(200);
    expectValid(v.organizationPage, beyond.body, v.organizationPageShape, 'beyond the last page');
    expect(beyond.body).toMatchObject({ empty: true, contents: [], size: 0, last_page: true, first_page: false });
    const search = await t.http.get('/api/v1/hsds/organizations?search=ngo-kediri').expect(200);
    expect(search.body).toMatchObject({ total_items: 1, total_pages: 1, first_page: true, last_page: true });
    expect(search.body.contents[0]).toEqual({
      id: partnerOrg,
      name: 'Yayasan TEST-NGO-KEDIRI',
      description: 'Lembaga kesejahteraan sosial (LKS/LSM) di Kota Kediri, Jawa Timur.',
      email: 'info@binajiwa.or.id',
      parent_organization_id: seededOrganizationId('DINSOS-3571'),
    });
    const none = await t.http.get('/api/v1/hsds/organizations?search=tidak-ada-sama-sekali').expect(200);
    expectValid(v.organizationPage, none.body, v.organizationPageShape, 'empty result');
    expect(none.body).toMatchObject({ total_items: 0, total_pages: 0, empty: true, first_page: true, last_page: true });
  });

  it('serves every active organisation as a valid HSDS organization document', async () => {
    const listed = await allPages('/api/v1/hsds/organizations', v.organizationPage, v.organizationPageShape);
    for (const id of listed) {
      const res = await t.http.get(`/api/v1/hsds/organizations/${id}`).expect(200);
      expectValid(v.organization, res.body, v.schemas.organization, `organization ${id}`);
    }
    const ngo = await t.http.get(`/api/v1/hsds/organizations/${partnerOrg}`).expect(200);
    expect(ngo.body.phones).toEqual([
      expect.objectContaining({ number: '+62 354 123456', organization_id: partnerOrg }),
    ]);
    expect(ngo.body.locations).toEqual([
      expect.objectContaining({ location_type: 'physical', description: 'Jl. Mojoroto Gang 3 No. 7, Kota Kediri' }),
    ]);
    expect(ngo.body.services.map((s: { id: string }) => s.id).sort()).toEqual([full, waitlisted].sort());
    // Ids of derived objects are stable from one request to the next.
    const again = await t.http.get(`/api/v1/hsds/organizations/${partnerOrg}`).expect(200);
    expect(again.body).toEqual(ngo.body);
  });

  it('lists every active service of an active organisation, and serves each as a valid HSDS service', async () => {
    const listed = await allPages('/api/v1/hsds/services', v.servicePage, v.servicePageShape);
    const active = await t.sql<{ id: string }>(
      `SELECT s.id FROM services s JOIN organizations o ON o.id = s.organization_id
        WHERE s.active AND o.active ORDER BY s.name, s.id`,
    );
    expect(listed).toEqual(active.map((s) => s.id));
    expect(listed).toEqual(expect.arrayContaining([full, waitlisted, minimal]));
    expect(listed).not.toContain(deactivated);
    expect(listed).not.toContain(ofClosedOrganization);
    for (const id of listed) {
      const res = await t.http.get(`/api/v1/hsds/services/${id}`).expect(200);
      expectValid(v.service, res.body, v.schemas.service, `service ${id}`);
    }
  });

  it('maps what we hold of a service onto HSDS', async () => {
    const res = await t.http.get(`/api/v1/hsds/services/${full}`).expect(200);
    const doc = res.body;
    expect(doc).toMatchObject({
      id: full,
      organization_id: partnerOrg,
      name: 'Pendampingan keluarga eks psikotik',
      description: 'Kunjungan rumah dan psikoedukasi keluarga.',
      email: 'siti@binajiwa.or.id',
      status: 'active',
      eligibility_description: 'Eks klien UPT Bina Laras dan keluarganya',
      organization: { id: partnerOrg, name: 'Yayasan TEST-NGO-KEDIRI' },
      schedules: [expect.objectContaining({ service_id: full, description: 'Senin–Jumat 08.00–15.00' })],
    });
    expect(doc.alert).toBeUndefined();
    expect(doc.contacts).toEqual([
      expect.objectContaining({ service_id: full, name: 'Siti Aminah', email: 'siti@binajiwa.or.id' }),
    ]);
    expect(doc.contacts[0].phones).toEqual([expect.objectContaining({ number: '+62 354 777888' })]);
    expect(doc.phones).toEqual(doc.contacts[0].phones);
    expect(doc.service_areas.map((a: { name: string; description: string }) => [a.name, a.description])).toEqual([
      ['Kota Kediri', 'Kode wilayah Kemendagri 3571'],
      [expect.any(String), 'Kode wilayah Kemendagri 3571011010'],
    ]);
    const terms = doc.attributes.map((a: { taxonomy_term: { code: string } }) => a.taxonomy_term.code);
    expect(terms).toEqual(['FAMILY_SUPPORT', 'ACCEPTING']);
    expect(doc.attributes[0]).toMatchObject({ link_id: full, link_entity: 'service' });
    expect(doc.attributes[0].taxonomy_term).toMatchObject({ name: 'Dukungan keluarga', language: 'id' });

    const waiting = await t.http.get(`/api/v1/hsds/services/${waitlisted}`).expect(200);
    expect(waiting.body.alert).toMatch(/^Daftar tunggu sejak \d{4}-\d{2}-\d{2}\.$/);
    expect(waiting.body.contacts[0].name).toBeUndefined();
    const bare = await t.http.get(`/api/v1/hsds/services/${minimal}`).expect(200);
    expect(bare.body).toMatchObject({ phones: [], contacts: [], schedules: [] });
    expect(bare.body.description).toBeUndefined();
    expect(bare.body.service_areas).toEqual([expect.objectContaining({ name: 'Jawa Timur' })]);
  });

  it('filters services by organisation, taxonomy term and name', async () => {
    const byOrganization = await t.http.get(`/api/v1/hsds/services?organization_id=${partnerOrg}`).expect(200);
    expectValid(v.servicePage, byOrganization.body, v.servicePageShape, 'by organization');
    expect(byOrganization.body.contents.map((s: { id: string }) => s.id).sort()).toEqual([full, waitlisted].sort());
    const detail = await t.http.get(`/api/v1/hsds/services/${waitlisted}`).expect(200);
    const termId = detail.body.attributes[0].taxonomy_term_id as string;
    const byTerm = await t.http.get(`/api/v1/hsds/services?taxonomy_term_id=${termId}`).expect(200);
    expect(byTerm.body.contents.map((s: { id: string }) => s.id)).toEqual([waitlisted]);
    const unknownTerm = await t.http
      .get(`/api/v1/hsds/services?taxonomy_term_id=${seededOrganizationId('no-term')}`)
      .expect(200);
    expect(unknownTerm.body).toMatchObject({ total_items: 0, empty: true });
    const byName = await t.http.get(`/api/v1/hsds/services?search=${encodeURIComponent('KONSELING')}`).expect(200);
    expect(byName.body.contents.map((s: { id: string }) => s.id)).toEqual([waitlisted]);
  });

  it('uses validators that do catch a broken document', async () => {
    const { body } = await t.http.get(`/api/v1/hsds/services/${full}`).expect(200);
    expect(v.service(body)).toBe(true);
    const broken: Json[] = [
      { ...body, status: 'open' },
      { ...body, id: 'not-a-uuid' },
      { ...body, email: 'not an email' },
      { ...body, name: undefined },
      { ...body, contacts: [{ ...body.contacts[0], phones: [{ id: body.phones[0].id }] }] },
      { ...body, attributes: [{ ...body.attributes[0], taxonomy_term: { id: body.attributes[0].taxonomy_term_id } }] },
    ];
    for (const document of broken) expect(v.service(JSON.parse(JSON.stringify(document)))).toBe(false);
    const page = await t.http.get('/api/v1/hsds/organizations?per_page=2').expect(200);
    expect(v.organizationPage(page.body)).toBe(true);
    expect(v.organizationPage({ ...page.body, contents: [{ id: partnerOrg, name: 'x' }] })).toBe(false);
    expect(v.organizationPage({ ...page.body, total_items: '2' })).toBe(false);
    expect(v.organizationPage({ ...page.body, empty: undefined })).toBe(false);
    expect(unknownMembers({ ...body, eligibility: 'x' }, v.schemas.service)).toEqual(['$.eligibility']);
  });

  it('answers a token in public mode like an anonymous call', async () => {
    const anonymous = await t.http.get(`/api/v1/hsds/services/${full}`).expect(200);
    const withToken = await t.http.get(`/api/v1/hsds/services/${full}`).set(partner.auth).expect(200);
    expect(withToken.body).toEqual(anonymous.body);
  });

  it('refuses bad input with 4xx problem+json and hides what is not in the directory', async () => {
    const bad: [string, number, string][] = [
      ['/api/v1/hsds/organizations?per_page=0', 400, 'VALIDATION_FAILED'],
      ['/api/v1/hsds/organizations?per_page=201', 400, 'VALIDATION_FAILED'],
      ['/api/v1/hsds/organizations?page=0', 400, 'VALIDATION_FAILED'],
      ['/api/v1/hsds/organizations?page=two', 400, 'VALIDATION_FAILED'],
      ['/api/v1/hsds/organizations?page=1.5', 400, 'VALIDATION_FAILED'],
      ['/api/v1/hsds/organizations?limit=10', 400, 'VALIDATION_FAILED'],
      ['/api/v1/hsds/organizations?search=a', 400, 'VALIDATION_FAILED'],
      ['/api/v1/hsds/services?organization_id=DINSOS-3571', 400, 'VALIDATION_FAILED'],
      ['/api/v1/hsds/services?taxonomy_term_id=FAMILY_SUPPORT', 400, 'VALIDATION_FAILED'],
      ['/api/v1/hsds/services?format=ndjson', 400, 'VALIDATION_FAILED'],
      [`/api/v1/hsds/organizations/${seededOrganizationId('nope')}`, 404, 'ORGANIZATION_NOT_FOUND'],
      ['/api/v1/hsds/organizations/not-a-uuid', 404, 'ORGANIZATION_NOT_FOUND'],
      [`/api/v1/hsds/organizations/${closedOrganization}`, 404, 'ORGANIZATION_NOT_FOUND'],
      [`/api/v1/hsds/services/${seededOrganizationId('nope')}`, 404, 'SERVICE_NOT_FOUND'],
      ['/api/v1/hsds/services/not-a-uuid', 404, 'SERVICE_NOT_FOUND'],
      [`/api/v1/hsds/services/${deactivated}`, 404, 'SERVICE_NOT_FOUND'],
      [`/api/v1/hsds/services/${ofClosedOrganization}`, 404, 'SERVICE_NOT_FOUND'],
    ];
    for (const [url, status, code] of bad) {
      const res = await t.http.get(url);
      expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status, code });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // The feed is read-only.
    await t.http.post('/api/v1/hsds/services').send({}).expect(404);
  });
});

describe('HSDS feed with HSDS_PUBLIC=false (e2e)', () => {
  let t: TestApp;
  let v: ReturnType<typeof hsdsValidators>;
  let service: string;

  beforeAll(async () => {
    v = hsdsValidators();
    t = await createTestApp({ HSDS_PUBLIC: 'false' });
    const officer = await asRole(t, Role.PROVINCE_OFFICER);
    const created = await t.http
      .post(`/api/v1/organizations/${seededOrganizationId('UPT-RSBL-KEDIRI')}/services`)
      .set(officer.auth)
      .send({ name: 'Rehabilitasi sosial', category: 'SOCIAL_REHABILITATION', serviceArea: ['35'] })
      .expect(201);
    service = created.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const urls = () => [
    '/api/v1/hsds/organizations',
    `/api/v1/hsds/organizations/${seededOrganizationId('UPT-RSBL-KEDIRI')}`,
    '/api/v1/hsds/services',
    `/api/v1/hsds/services/${service}`,
  ];

  it('refuses anonymous callers and bad tokens with 401 and a Bearer challenge', async () => {
    for (const url of urls()) {
      const anonymous = await t.http.get(url);
      expect({ url, status: anonymous.status, code: anonymous.body.code }).toEqual({
        url,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
      expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer realm="jejaring"/);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
      const forged = await t.http.get(url).set('Authorization', 'Bearer not.a.token');
      expect({ url, status: forged.status, code: forged.body.code }).toEqual({
        url,
        status: 401,
        code: 'INVALID_TOKEN',
      });
    }
  });

  it('serves callers holding organizations:read, and refuses a token without it', async () => {
    const partner = await asRole(t, Role.PARTNER);
    for (const url of urls()) await t.http.get(url).set(partner.auth).expect(200);
    const page = await t.http.get('/api/v1/hsds/services').set(partner.auth).expect(200);
    expectValid(v.servicePage, page.body, v.servicePageShape, 'private services page');
    const doc = await t.http.get(`/api/v1/hsds/services/${service}`).set(partner.auth).expect(200);
    expectValid(v.service, doc.body, v.schemas.service, 'private service');
    const noScope = t.app.get(TokenService).sign(
      {
        sub: seededOrganizationId('nobody'),
        kind: 'client',
        name: 'no-scope',
        role: 'PARTNER',
        org: seededOrganizationId('DINSOS-3571'),
        rgn: '3571',
        scope: '',
      },
      300,
    );
    for (const url of urls()) {
      const res = await t.http.get(url).set('Authorization', `Bearer ${noScope}`);
      expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status: 403, code: 'FORBIDDEN' });
    }
    // Bad input is still answered after authentication.
    await t.http.get('/api/v1/hsds/services?per_page=0').set(partner.auth).expect(400);
  });
});
