import { createTestApp, TestApp } from './helpers/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROBLEM = /^application\/problem\+json/;

/** Asserts the RFC 9457 shape every error of this API has, and returns the body. */
function expectProblem(
  res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(PROBLEM);
  expect(res.body).toMatchObject({
    type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    status,
    code,
    title: expect.any(String),
    detail: expect.any(String),
    instance: expect.any(String),
  });
  expect(res.body.errorId).toBeUndefined();
  return res.body;
}

describe('platform (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('health', () => {
    it('answers liveness without the API prefix', async () => {
      const res = await t.http.get('/health').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('answers readiness with the database reachable and no pending migration', async () => {
      const res = await t.http.get('/health/ready').expect(200);
      expect(res.body).toEqual({ status: 'ok', database: true, pendingMigrations: 0 });
    });
  });

  describe('unknown routes and languages', () => {
    it('answers an unknown route with 404 problem+json in Indonesian by default', async () => {
      const res = await t.http.get('/api/v1/no-such-thing?x=1');
      const body = expectProblem(res, 404, 'ROUTE_NOT_FOUND');
      expect(body.title).toBe('Rute tidak ditemukan');
      expect(body.detail).toBe('Tidak ada rute GET /api/v1/no-such-thing.');
      expect(body.instance).toBe('/api/v1/no-such-thing');
      expect(res.headers['content-language']).toBe('id');
    });

    it('answers in English with Accept-Language: en', async () => {
      const res = await t.http.get('/api/v1/no-such-thing').set('Accept-Language', 'en');
      const body = expectProblem(res, 404, 'ROUTE_NOT_FOUND');
      expect(body.title).toBe('Route not found');
      expect(body.detail).toBe('There is no route GET /api/v1/no-such-thing.');
      expect(res.headers['content-language']).toBe('en');
    });

    it('honours weights and falls back to Indonesian for a well-formed but unsupported language', async () => {
      const en = await t.http.get('/api/v1/no-such-thing').set('Accept-Language', 'fr;q=0.9, en-GB;q=0.8, id;q=0.1');
      expect(en.body.title).toBe('Route not found');
      // /health is public, so the answer is not a 401 once authentication is in place.
      const fr = await t.http.get('/health').set('Accept-Language', 'fr-FR');
      expect(fr.status).toBe(200);
      expect(fr.headers['content-language']).toBe('id');
      const frProblem = await t.http.get('/api/v1/no-such-thing').set('Accept-Language', 'fr-FR');
      expect(frProblem.body.title).toBe('Rute tidak ditemukan');
    });

    it.each(['en;q=5', 'en;;', '12345678901', 'en,,q=1', 'en;q=0.5x'])(
      'refuses a malformed Accept-Language (%s) on a real route with 400',
      async (header) => {
        const res = await t.http.get('/api/v1/regions/3571').set('Accept-Language', header);
        const body = expectProblem(res, 400, 'INVALID_ACCEPT_LANGUAGE');
        expect(body.title).toBe('Header Accept-Language tidak valid');
      },
    );
  });

  describe('X-Request-Id', () => {
    it('echoes a valid incoming request id, in the header and in problems', async () => {
      const id = 'sidaya-kediri:2025-03-01.42';
      const ok = await t.http.get('/health').set('X-Request-Id', id).expect(200);
      expect(ok.headers['x-request-id']).toBe(id);
      const problem = await t.http.get('/api/v1/nope').set('X-Request-Id', id).expect(404);
      expect(problem.headers['x-request-id']).toBe(id);
      expect(problem.body.requestId).toBe(id);
    });

    it('generates a UUID when the header is absent', async () => {
      const a = await t.http.get('/health').expect(200);
      const b = await t.http.get('/health').expect(200);
      expect(a.headers['x-request-id']).toMatch(UUID);
      expect(b.headers['x-request-id']).toMatch(UUID);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });

    it.each(['has spaces in it', 'x'.repeat(129), '<script>', 'ünïcode'])(
      'replaces an invalid one (%s) with a UUID',
      async (id) => {
        const res = await t.http.get('/health').set('X-Request-Id', id).expect(200);
        expect(res.headers['x-request-id']).toMatch(UUID);
      },
    );
  });

  describe('security headers', () => {
    it('sends them on API answers and on errors', async () => {
      for (const path of ['/health', '/api/v1/regions/35', '/api/v1/nope']) {
        const res = await t.http.get(path);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        const csp = res.headers['content-security-policy'];
        expect(csp).toEqual(expect.stringContaining("default-src 'self'"));
        expect(res.headers['x-frame-options'] !== undefined || /frame-ancestors/.test(csp)).toBe(true);
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('does not open CORS unless CORS_ORIGINS says so', async () => {
      const res = await t.http.get('/api/v1/regions/35').set('Origin', 'https://evil.example');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('bad bodies', () => {
    // The lead is adding authentication: a well-formed anonymous POST will be a 401, so only errors raised while
    // Fastify parses the body (before any guard) are asserted here.
    // Nest wraps Fastify's body errors in an HttpException; these check that the specific code survives it.
    it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
      const res = await t.http
        .post('/api/v1/organizations')
        .set('Content-Type', 'application/json')
        .send('{"name": "LKS",');
      expectProblem(res, 400, 'MALFORMED_JSON');
    });

    it('refuses a JSON body that is not JSON at all with 400', async () => {
      const res = await t.http.post('/api/v1/organizations').set('Content-Type', 'application/json').send('name=LKS');
      expectProblem(res, 400, 'MALFORMED_JSON');
    });

    // Fastify parses text/plain by default; the service must refuse it rather than validate a string as a DTO.
    it('refuses a text/plain body with 415 naming the content type', async () => {
      const res = await t.http.post('/api/v1/organizations').set('Content-Type', 'text/plain').send('hello');
      const body = expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(body.detail).toContain('text/plain');
    });

    it('refuses a form body with 415 outside the OAuth2 token endpoint', async () => {
      // Only POST /api/v1/auth/token takes application/x-www-form-urlencoded (RFC 6749).
      const res = await t.http.post('/api/v1/organizations').type('form').send({ name: 'LKS' });
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses a body sent without a content type with 415', async () => {
      const res = await t.http
        .post('/api/v1/organizations')
        .set('Content-Type', '')
        .send(Buffer.from('{"name":"LKS"}'));
      expect(res.status).toBe(415);
    });

    it('refuses a body of another media type with 415', async () => {
      const res = await t.http
        .post('/api/v1/organizations')
        .set('Content-Type', 'application/xml')
        .send('<name>LKS</name>');
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('writes nothing for a bad body', async () => {
      const before = await t.sql<{ n: string }>('SELECT count(*) AS n FROM organizations');
      await t.http.post('/api/v1/organizations').set('Content-Type', 'application/json').send('{"name": "LKS",');
      await t.http.post('/api/v1/organizations').set('Content-Type', 'text/plain').send('hello');
      const after = await t.sql<{ n: string }>('SELECT count(*) AS n FROM organizations');
      expect(after[0].n).toBe(before[0].n);
      const keys = await t.sql<{ n: string }>('SELECT count(*) AS n FROM idempotency_keys');
      expect(keys[0].n).toBe('0');
    });
  });

  describe('hostile requests', () => {
    const cases: [string, (http: TestApp['http']) => ReturnType<TestApp['http']['get']>][] = [
      ['a broken percent-encoding in the path', (http) => http.get('/api/v1/regions/%E0%A4%A')],
      ['a broken percent-encoding in the query', (http) => http.get('/api/v1/regions?q=%E0%A4%A')],
      ['a repeated query parameter', (http) => http.get('/api/v1/regions?limit=1&limit=2&parent=35&parent=64')],
      ['a very long path', (http) => http.get(`/api/v1/regions/${'9'.repeat(5000)}`)],
      ['a NUL in the path', (http) => http.get('/api/v1/organizations/%00')],
      [
        'a proto-poisoning JSON body',
        (http) =>
          http.post('/api/v1/organizations').set('Content-Type', 'application/json').send('{"__proto__":{"x":1}}'),
      ],
      [
        'a constructor-poisoning JSON body',
        (http) =>
          http
            .post('/api/v1/organizations')
            .set('Content-Type', 'application/json')
            .send('{"constructor":{"prototype":{"x":1}}}'),
      ],
      [
        'a JSON body with a bad charset',
        (http) =>
          http.post('/api/v1/organizations').set('Content-Type', 'application/json; charset=latin-9').send('{}'),
      ],
      [
        'an empty JSON body',
        (http) => http.post('/api/v1/organizations').set('Content-Type', 'application/json').send(''),
      ],
      [
        'a deeply nested JSON body',
        (http) =>
          http
            .post('/api/v1/organizations')
            .set('Content-Type', 'application/json')
            .send(`${'['.repeat(2000)}${']'.repeat(2000)}`),
      ],
      ['an unknown method', (http) => http.delete('/api/v1/regions')],
      [
        'a malformed GraphQL request',
        (http) => http.post('/graphql').set('Content-Type', 'application/json').send('{"query": 1}'),
      ],
    ];

    it.each(cases)('answers %s with a 4xx, never a 500', async (_what, send) => {
      const res = await send(t.http);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });
  });

  describe('GraphQL IDE', () => {
    it('serves GraphiQL from the service itself, with no external URL', async () => {
      const page = await t.http.get('/graphql').set('Accept', 'text/html').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const html = page.text;
      expect(html).not.toMatch(/https?:\/\//);
      const urls = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      expect(urls.length).toBeGreaterThanOrEqual(4);
      for (const url of urls) expect(url.startsWith('/graphiql/assets/')).toBe(true);

      for (const url of urls) {
        const asset = await t.http.get(url);
        expect(asset.status).toBe(200);
        expect(asset.headers['content-type']).toMatch(url.endsWith('.css') ? /^text\/css/ : /^application\/javascript/);
        expect(Number(asset.headers['content-length'] ?? asset.text.length)).toBeGreaterThan(0);
      }
    });

    it('answers an unknown asset with 404 problem+json', async () => {
      const res = await t.http.get('/graphiql/assets/../../package.json');
      expect(res.status).toBe(404);
      const other = await t.http.get('/graphiql/assets/nothing.js');
      expectProblem(other, 404, 'ROUTE_NOT_FOUND');
    });
  });
});

describe('platform (e2e) with a small body limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a body over BODY_LIMIT_BYTES with 413 naming the limit', async () => {
    const res = await t.http
      .post('/api/v1/organizations')
      .set('Content-Type', 'application/json')
      .set('Accept-Language', 'en')
      .send(JSON.stringify({ name: 'x'.repeat(4096), type: 'NGO', regionCode: '3571' }));
    const body = expectProblem(res, 413, 'BODY_TOO_LARGE');
    expect(body.detail).toBe('The request body exceeds the limit of 2048 bytes.');
  });

  it('answers malformed JSON under the limit with 400 MALFORMED_JSON', async () => {
    const res = await t.http.post('/api/v1/organizations').set('Content-Type', 'application/json').send('{"name":');
    expectProblem(res, 400, 'MALFORMED_JSON');
  });
});
