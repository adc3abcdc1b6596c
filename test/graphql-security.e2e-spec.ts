import { Role } from '../src/identity/permissions';
import { asRole } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

const INTROSPECTION = '{ __schema { queryType { name } } }';

describe('GraphQL protection (e2e)', () => {
  describe('in development', () => {
    let t: TestApp;
    let auth: { Authorization: string };
    beforeAll(async () => {
      t = await createTestApp();
      auth = (await asRole(t, Role.ANALYST)).auth;
    });
    afterAll(async () => {
      await t.close();
    });

    it('allows introspection', async () => {
      const res = await t.http.post('/graphql').set(auth).send({ query: INTROSPECTION }).expect(200);
      expect(res.body.data.__schema.queryType.name).toBe('Query');
    });

    it('refuses a query deeper than the limit', async () => {
      const deep = `{ region(code: "3571011010") { ${'parent { '.repeat(9)}name${' }'.repeat(9)} } }`;
      const res = await t.http.post('/graphql').set(auth).send({ query: deep });
      expect(res.status).toBeLessThan(500);
      expect(res.body.data).toBeUndefined();
      expect(JSON.stringify(res.body.errors)).toMatch(/depth/i);
    });

    it('refuses too many aliases (a cheap way to multiply work)', async () => {
      const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: region(code: "35") { name }`).join(' ');
      const res = await t.http
        .post('/graphql')
        .set(auth)
        .send({ query: `{ ${aliases} }` });
      expect(res.status).toBeLessThan(500);
      expect(res.body.data).toBeUndefined();
      expect(JSON.stringify(res.body.errors)).toMatch(/alias/i);
    });

    it('refuses batched requests', async () => {
      const res = await t.http
        .post('/graphql')
        .set(auth)
        .send([{ query: '{ region(code: "35") { name } }' }, { query: '{ region(code: "64") { name } }' }]);
      expect(res.status).toBe(400);
    });

    it('answers a resolver failure without internals', async () => {
      const res = await t.http
        .post('/graphql')
        .set(auth)
        .send({ query: '{ organization(id: "not-a-uuid") { name } }' })
        .expect(200);
      expect(res.body.errors[0].extensions.code).toBe('ORGANIZATION_NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|at .*\.ts:\d+|QueryFailedError/);
    });
  });

  describe('in production', () => {
    let t: TestApp;
    let auth: { Authorization: string };
    beforeAll(async () => {
      t = await createTestApp({ NODE_ENV: 'production' });
      auth = (await asRole(t, Role.ANALYST)).auth;
    });
    afterAll(async () => {
      await t.close();
    });

    it('turns introspection off', async () => {
      const res = await t.http.post('/graphql').set(auth).send({ query: INTROSPECTION });
      expect(res.body.data).toBeUndefined();
      expect(JSON.stringify(res.body.errors)).toMatch(/introspection/i);
    });

    it('gives no field suggestions', async () => {
      const res = await t.http.post('/graphql').set(auth).send({ query: '{ regionz(code: "35") { name } }' });
      expect(res.body.errors).toBeDefined();
      expect(JSON.stringify(res.body.errors)).not.toMatch(/Did you mean/);
    });
  });
});
