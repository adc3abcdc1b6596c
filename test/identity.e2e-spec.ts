import { ClientCredentials } from 'simple-oauth2';
import jwt from 'jsonwebtoken';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { hashPassword } from '../src/identity/secrets';
import { asRole } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

const ADMIN_PASSWORD = 'admin-password-123';

describe('identity (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await t.close();
  });

  const login = (username: string, password: string, ip = '10.1.0.1') =>
    t.http.post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ username, password });

  // One admin session for the file: every login counts against the per-username limit (10 a minute).
  let adminSession: { Authorization: string } | undefined;
  async function adminAuth(): Promise<{ Authorization: string }> {
    if (!adminSession) {
      const res = await login('admin', ADMIN_PASSWORD).expect(200);
      adminSession = { Authorization: `Bearer ${res.body.access_token}` };
    }
    return adminSession;
  }

  describe('login and sessions', () => {
    it('bootstraps admin as PROVINCE_ADMIN of Dinas Sosial Jawa Timur', async () => {
      const res = await login('admin', ADMIN_PASSWORD).expect(200);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
      expect(typeof res.body.refresh_token).toBe('string');
      expect(res.headers['cache-control']).toBe('no-store');
      const me = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
      expect(me.body).toMatchObject({
        kind: 'user',
        role: 'PROVINCE_ADMIN',
        organizationId: seededOrganizationId('DINSOS-35'),
      });
      expect(me.body.permissions).toContain('persons:pii');
    });

    it('stores only a scrypt hash of the password', async () => {
      const [row] = await t.sql<{ password_hash: string }>(`SELECT password_hash FROM users WHERE username = 'admin'`);
      expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(row.password_hash).not.toContain(ADMIN_PASSWORD);
    });

    it('answers wrong password, unknown user and disabled user alike, and audits each failure', async () => {
      const auth = await adminAuth();
      const created = await t.http
        .post('/api/v1/users')
        .set(auth)
        .send({
          username: 'off.user',
          displayName: 'Off',
          role: 'PROVINCE_OFFICER',
          organizationId: seededOrganizationId('DINSOS-35'),
          password: 'correct-horse-1',
        })
        .expect(201);
      await t.http
        .patch(`/api/v1/users/${created.body.id}`)
        .set(auth)
        .set('If-Match', `"${created.body.version}"`)
        .send({ status: 'DISABLED' })
        .expect(200);
      const wrong = await login('admin', 'not-the-password', '10.1.0.2').expect(401);
      const unknown = await login('nobody.here', 'whatever-1234', '10.1.0.3').expect(401);
      const disabled = await login('off.user', 'correct-horse-1', '10.1.0.4').expect(401);
      for (const res of [wrong, unknown, disabled]) {
        expect(res.body.code).toBe('INVALID_CREDENTIALS');
        expect(res.body.detail).toBe(wrong.body.detail);
      }
      const audits = await t.sql<{ actor_name: string }>(
        `SELECT actor_name FROM audit_events WHERE action = 'LOGIN_FAILED'`,
      );
      expect(audits.map((a) => a.actor_name)).toEqual(expect.arrayContaining(['admin', 'nobody.here', 'off.user']));
    });

    it('locks a username for 15 minutes after 5 failed logins', async () => {
      const auth = await adminAuth();
      await t.http
        .post('/api/v1/users')
        .set(auth)
        .send({
          username: 'lock.me',
          displayName: 'Lock',
          role: 'AUDITOR',
          organizationId: seededOrganizationId('DINSOS-35'),
          password: 'right-password-1',
        })
        .expect(201);
      for (let i = 0; i < 5; i++) await login('lock.me', 'wrong-password', `10.2.0.${i}`).expect(401);
      await login('lock.me', 'right-password-1', '10.2.0.9').expect(401);
      const [row] = await t.sql<{ minutes: number }>(
        `SELECT round(extract(epoch FROM locked_until - now()) / 60)::int AS minutes FROM login_failures WHERE username = 'lock.me'`,
      );
      expect(row.minutes).toBe(15);
      await t.sql(`UPDATE login_failures SET locked_until = now() - interval '1 second' WHERE username = 'lock.me'`);
      await login('lock.me', 'right-password-1', '10.2.0.10').expect(200);
    });

    it('rotates refresh tokens and revokes the family when one is reused', async () => {
      const first = await login('admin', ADMIN_PASSWORD).expect(200);
      const second = await t.http
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: first.body.refresh_token })
        .expect(200);
      expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
      await t.http.get('/api/v1/me').set('Authorization', `Bearer ${second.body.access_token}`).expect(200);
      // The first token again: theft. Both it and its successor die.
      await t.http.post('/api/v1/auth/refresh').send({ refresh_token: first.body.refresh_token }).expect(401);
      await t.http.post('/api/v1/auth/refresh').send({ refresh_token: second.body.refresh_token }).expect(401);
      await t.http
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: 'x'.repeat(43) })
        .expect(401);
      await t.http.post('/api/v1/auth/refresh').send({}).expect(400);
    });

    it('logs out: the refresh token stops working', async () => {
      const session = await login('admin', ADMIN_PASSWORD).expect(200);
      await t.http
        .post('/api/v1/auth/logout')
        .set('Authorization', `Bearer ${session.body.access_token}`)
        .send({ refresh_token: session.body.refresh_token })
        .expect(204);
      await t.http.post('/api/v1/auth/refresh').send({ refresh_token: session.body.refresh_token }).expect(401);
    });

    it('lets a user change their own password', async () => {
      const officer = await asRole(t, Role.PROVINCE_OFFICER);
      await t.sql(
        `UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'admin') WHERE id = $1`,
        [officer.userId],
      );
      await t.http
        .post('/api/v1/me/password')
        .set(officer.auth)
        .send({ currentPassword: 'wrong-one-123', newPassword: 'new-password-1' })
        .expect(403);
      await t.http
        .post('/api/v1/me/password')
        .set(officer.auth)
        .send({ currentPassword: ADMIN_PASSWORD, newPassword: 'short' })
        .expect(400);
      await t.http
        .post('/api/v1/me/password')
        .set(officer.auth)
        .send({ currentPassword: ADMIN_PASSWORD, newPassword: 'new-password-1' })
        .expect(204);
      await login(officer.username, 'new-password-1').expect(200);
    });

    it('answers more concurrent logins than the database pool has connections', async () => {
      // A login writes its rate-limit counters on the pool. Run inside a request transaction it held two
      // connections at once, and 20 concurrent logins (the pool's size) each waited for a second one forever.
      const password = 'crowd-password-1';
      const hash = await hashPassword(password);
      const usernames = ['crowd0.user', 'crowd1.user', 'crowd2.user', 'crowd3.user', 'crowd4.user'];
      for (const username of usernames) {
        await t.sql(
          `INSERT INTO users (username, display_name, role, organization_id, password_hash)
           VALUES ($1, $1, 'REGENCY_OPERATOR', $2, $3)`,
          [username, seededOrganizationId('DINSOS-3571'), hash],
        );
      }
      // Twice the pool's size; 8 logins per username (its limit is 10 a minute), each from its own address.
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => login(usernames[i % usernames.length], password, `10.7.${i}.1`)),
      );
      expect(answers.map((res) => res.status)).toEqual(Array(40).fill(200));
      const [sessions] = await t.sql<{ n: string }>(
        `SELECT count(*) AS n FROM refresh_tokens r JOIN users u ON u.id = r.user_id WHERE u.username LIKE 'crowd%'`,
      );
      expect(Number(sessions.n)).toBe(40);
    });

    it('limits login attempts per IP with 429 and Retry-After', async () => {
      let limited;
      for (let i = 0; i < 40 && !limited; i++) {
        const res = await login(`flood${i}.user`, 'whatever-123', '10.9.9.9');
        if (res.status === 429) limited = res;
      }
      expect(limited).toBeDefined();
      expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited!.body.code).toBe('TOO_MANY_REQUESTS');
    });
  });

  describe('bearer tokens', () => {
    it('refuses expired, forged and alg:none tokens with 401 and a Bearer challenge', async () => {
      const officer = await asRole(t, Role.PROVINCE_OFFICER);
      const claims = jwt.decode(officer.token) as Record<string, unknown>;
      const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, t.config.jwtSecret!, {
        algorithm: 'HS256',
      });
      const forged = jwt.sign(claims, 'another-secret-another-secret-another', { algorithm: 'HS256' });
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
      for (const token of [expired, forged, none, 'garbage', `${officer.token}x`]) {
        const res = await t.http.get('/api/v1/organizations').set('Authorization', `Bearer ${token}`).expect(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="jejaring", error="invalid_token"');
        expect(res.body.code).toBe('INVALID_TOKEN');
      }
      await t.http.get('/api/v1/organizations').set(officer.auth).expect(200);
    });
  });

  describe('users', () => {
    it('validates new users and keeps roles in fitting organisations', async () => {
      const auth = await adminAuth();
      const base = {
        username: 'op.kediri',
        displayName: 'Operator',
        role: 'REGENCY_OPERATOR',
        organizationId: seededOrganizationId('DINSOS-3571'),
        password: 'password-1234',
      };
      await t.http
        .post('/api/v1/users')
        .set(auth)
        .send({ ...base, password: 'short' })
        .expect(400);
      await t.http
        .post('/api/v1/users')
        .set(auth)
        .send({ ...base, role: 'KING' })
        .expect(400);
      await t.http
        .post('/api/v1/users')
        .set(auth)
        .send({ ...base, extra: 1 })
        .expect(400);
      const mismatch = await t.http
        .post('/api/v1/users')
        .set(auth)
        .send({ ...base, organizationId: seededOrganizationId('UPT-RSBL-KEDIRI') })
        .expect(422);
      expect(mismatch.body.code).toBe('ROLE_NOT_ALLOWED_FOR_ORGANIZATION');
      await t.http
        .post('/api/v1/users')
        .set(auth)
        .send({ ...base, organizationId: seededOrganizationId('NOPE') })
        .expect(422);
      const created = await t.http.post('/api/v1/users').set(auth).send(base).expect(201);
      expect(created.body).not.toHaveProperty('passwordHash');
      expect(created.headers.etag).toBe('"1"');
      const taken = await t.http.post('/api/v1/users').set(auth).send(base).expect(409);
      expect(taken.body.code).toBe('USERNAME_TAKEN');
      const list = await t.http.get('/api/v1/users?role=REGENCY_OPERATOR').set(auth).expect(200);
      expect(list.body.data.map((u: { username: string }) => u.username)).toContain('op.kediri');
      await t.http.patch(`/api/v1/users/${created.body.id}`).set(auth).send({ displayName: 'X' }).expect(428);
      await t.http
        .patch(`/api/v1/users/${created.body.id}`)
        .set(auth)
        .set('If-Match', '"7"')
        .send({ displayName: 'X' })
        .expect(412);
      const patched = await t.http
        .patch(`/api/v1/users/${created.body.id}`)
        .set(auth)
        .set('If-Match', '"1"')
        .send({ displayName: 'Op Kediri' })
        .expect(200);
      expect(patched.body).toMatchObject({ displayName: 'Op Kediri', version: 2 });
    });

    it('hides users of another province and of other organisations (404, not 403)', async () => {
      const kaltimAdmin = await asRole(t, Role.PROVINCE_ADMIN, 'DINSOS-64');
      const jatimUser = await asRole(t, Role.AUDITOR);
      await t.http.get(`/api/v1/users/${jatimUser.userId}`).set(kaltimAdmin.auth).expect(404);
      const list = await t.http.get('/api/v1/users').set(kaltimAdmin.auth).expect(200);
      expect(
        list.body.data.every((u: { organizationId: string }) => u.organizationId === seededOrganizationId('DINSOS-64')),
      ).toBe(true);
      const operator = await asRole(t, Role.REGENCY_OPERATOR);
      await t.http.get('/api/v1/users').set(operator.auth).expect(403);
      await t.http.get('/api/v1/users/not-a-uuid').set(kaltimAdmin.auth).expect(404);
    });
  });

  describe('API clients and the OAuth2 token endpoint', () => {
    async function createClient(scopes = ['regions:read', 'organizations:read']) {
      const auth = await adminAuth();
      const res = await t.http
        .post('/api/v1/api-clients')
        .set(auth)
        .send({ name: 'SIKS Kota Kediri', organizationId: seededOrganizationId('DINSOS-3571'), scopes })
        .expect(201);
      return { auth, client: res.body as { id: string; client_id: string; client_secret: string; role: string } };
    }

    it('creates a client whose secret is shown once and stored hashed', async () => {
      const { auth, client } = await createClient();
      expect(client.role).toBe('REGENCY_OPERATOR');
      const [row] = await t.sql<{ secret_hash: string }>(`SELECT secret_hash FROM api_clients WHERE id = $1`, [
        client.id,
      ]);
      expect(row.secret_hash).not.toBe(client.client_secret);
      const read = await t.http.get(`/api/v1/api-clients/${client.id}`).set(auth).expect(200);
      expect(read.body).not.toHaveProperty('client_secret');
      const beyond = await t.http
        .post('/api/v1/api-clients')
        .set(auth)
        .send({ name: 'xy', organizationId: seededOrganizationId('DINSOS-3571'), scopes: ['audit:read'] })
        .expect(422);
      expect(beyond.body.code).toBe('SCOPE_NOT_ALLOWED');
      await t.http
        .post('/api/v1/api-clients')
        .set(auth)
        .send({ name: 'xy', organizationId: seededOrganizationId('DINSOS-3571'), scopes: ['nope'] })
        .expect(400);
    });

    it('issues a token to a standard OAuth2 client library, and the token works on the API', async () => {
      const { client } = await createClient();
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' }).then(() => t.app.getUrl());
      const oauth = new ClientCredentials({
        client: { id: client.client_id, secret: client.client_secret },
        auth: { tokenHost: address.replace('[::1]', '127.0.0.1'), tokenPath: '/api/v1/auth/token' },
      });
      const token = await oauth.getToken({ scope: 'regions:read' });
      expect(token.token).toMatchObject({ token_type: 'Bearer', scope: 'regions:read' });
      const accessToken = String(token.token.access_token);
      await t.http.get('/api/v1/regions/35').set('Authorization', `Bearer ${accessToken}`).expect(200);
      // Granted only regions:read: organizations:read was not asked for, so it is not in the token.
      await t.http.get('/api/v1/organizations').set('Authorization', `Bearer ${accessToken}`).expect(403);
    });

    it('pages through API clients without repeating or skipping one', async () => {
      const { auth } = await createClient();
      await createClient();
      await createClient();
      const all = await t.http.get('/api/v1/api-clients?limit=200').set(auth).expect(200);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { data: { id: string }[]; page: { nextCursor: string | null } } } = await t.http
          .get(`/api/v1/api-clients?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .set(auth)
          .expect(200);
        seen.push(...res.body.data.map((c) => c.id));
        cursor = res.body.page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.data.map((c: { id: string }) => c.id));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('accepts credentials in the body and answers errors in RFC 6749 form', async () => {
      const { auth, client } = await createClient();
      const form = (body: Record<string, string>) => t.http.post('/api/v1/auth/token').type('form').send(body);
      const ok = await form({
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_secret: client.client_secret,
      }).expect(200);
      expect(ok.body.scope).toBe('organizations:read regions:read');
      expect(ok.headers['cache-control']).toBe('no-store');

      const cases: [Record<string, string>, number, string][] = [
        [
          { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret },
          400,
          'unsupported_grant_type',
        ],
        [
          { grant_type: 'client_credentials', client_id: client.client_id, client_secret: 'wrong' },
          401,
          'invalid_client',
        ],
        [{ grant_type: 'client_credentials', client_id: 'unknown', client_secret: 'x' }, 401, 'invalid_client'],
        [
          {
            grant_type: 'client_credentials',
            client_id: client.client_id,
            client_secret: client.client_secret,
            scope: 'audit:read',
          },
          400,
          'invalid_scope',
        ],
        [{ client_id: client.client_id, client_secret: client.client_secret }, 400, 'invalid_request'],
      ];
      for (const [body, status, error] of cases) {
        const res = await form(body);
        expect({ status: res.status, error: res.body.error }).toEqual({ status, error });
      }
      const malformedBasic = await t.http
        .post('/api/v1/auth/token')
        .set('Authorization', 'Basic !!!')
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(malformedBasic.status).toBe(401);
      expect(malformedBasic.body.error).toBe('invalid_client');
      expect(malformedBasic.headers['www-authenticate']).toMatch(/^Basic/);
      const json = await t.http.post('/api/v1/auth/token').send({ grant_type: 'client_credentials' });
      expect(json.body.error).toBe('invalid_request');

      const rotated = await t.http.post(`/api/v1/api-clients/${client.id}/rotate-secret`).set(auth).expect(200);
      await form({
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_secret: client.client_secret,
      }).expect(401);
      await form({
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_secret: rotated.body.client_secret,
      }).expect(200);
      await t.http.post(`/api/v1/api-clients/${client.id}/revoke`).set(auth).expect(200);
      await form({
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_secret: rotated.body.client_secret,
      }).expect(401);
    });
  });

  it('limits token requests per client with 429 and Retry-After', async () => {
    const auth = await adminAuth();
    const res = await t.http
      .post('/api/v1/api-clients')
      .set(auth)
      .send({ name: 'Flood client', organizationId: seededOrganizationId('DINSOS-3571'), scopes: ['regions:read'] })
      .expect(201);
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const r = await t.http
        .post('/api/v1/auth/token')
        .set('X-Forwarded-For', `10.7.0.${i}`)
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: res.body.client_id, client_secret: 'wrong' });
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });

  describe('scope on organisations', () => {
    it('lets a regency operator change only their own office, and a UPT user only their UPT', async () => {
      const operator = await asRole(t, Role.REGENCY_OPERATOR);
      const own = await t.http
        .get(`/api/v1/organizations/${seededOrganizationId('DINSOS-3571')}`)
        .set(operator.auth)
        .expect(200);
      await t.http
        .patch(`/api/v1/organizations/${seededOrganizationId('DINSOS-3571')}`)
        .set(operator.auth)
        .set('If-Match', own.headers.etag)
        .send({ phone: '+62 354 682955' })
        .expect(200);
      const other = await t.http
        .patch(`/api/v1/organizations/${seededOrganizationId('DINSOS-3506')}`)
        .set(operator.auth)
        .set('If-Match', '"1"')
        .send({ phone: '+62 354 000000' })
        .expect(403);
      expect(other.body.code).toBe('OUTSIDE_WRITE_SCOPE');
      await t.http
        .post('/api/v1/organizations')
        .set(operator.auth)
        .send({ name: 'Yayasan X', type: 'NGO', regionCode: '3571' })
        .expect(403);

      const upt = await asRole(t, Role.UPT_STAFF);
      await t.http
        .patch(`/api/v1/organizations/${seededOrganizationId('UPT-RSBL-KEDIRI')}`)
        .set(upt.auth)
        .set('If-Match', '"1"')
        .send({ capacity: 310 })
        .expect(200);
      await t.http
        .patch(`/api/v1/organizations/${seededOrganizationId('UPT-RSBL-PASURUAN')}`)
        .set(upt.auth)
        .set('If-Match', '"1"')
        .send({ capacity: 1 })
        .expect(403);
    });

    it('keeps a province officer within their province', async () => {
      const kaltim = await asRole(t, Role.PROVINCE_OFFICER, 'DINSOS-64');
      await t.http
        .post('/api/v1/organizations')
        .set(kaltim.auth)
        .send({ name: 'Yayasan Samarinda', type: 'NGO', regionCode: '6472' })
        .expect(201);
      await t.http
        .post('/api/v1/organizations')
        .set(kaltim.auth)
        .send({ name: 'Yayasan Kediri', type: 'NGO', regionCode: '3571' })
        .expect(403);
    });
  });
});
