import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { WebhookDispatcher } from '../src/integration/webhook-dispatcher.service';
import { asRole, ensurePartnerOrganization, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

interface Message {
  path: string;
  id: string;
  type: string;
  status?: string;
  referralId: string;
  verified: boolean;
  answered: number;
}

/**
 * The closed loop over real HTTP: an NGO's app (an API client with client credentials) learns of a new
 * referral by signed webhook, accepts and completes it through the API, and the sending regency office's system is
 * told each status change; while the receivers are down, nothing is lost.
 */
describe('referrals with webhooks (e2e)', () => {
  let t: TestApp;
  let server: Server;
  let port = 0;
  let up = true;
  const messages: Message[] = [];
  const secrets: Record<string, string> = {};
  let sender: TestPrincipal;
  let ngoAuth: { Authorization: string };
  let dispatcher: WebhookDispatcher;
  const NGO = seededOrganizationId('TEST-NGO-KEDIRI');

  beforeAll(async () => {
    t = await createTestApp({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_WORKER: 'false',
      WEBHOOK_RETRY_BASE_SECONDS: '1',
    });
    dispatcher = t.app.get(WebhookDispatcher);
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const path = req.url ?? '';
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        let verified = false;
        try {
          new Webhook(secrets[path]).verify(body, headers);
          verified = true;
        } catch {
          verified = false;
        }
        const parsed = JSON.parse(body) as { type: string; data: { status?: string; referral: { id: string } } };
        const answered = up ? 200 : 503;
        messages.push({
          path,
          id: headers['webhook-id'],
          type: parsed.type,
          status: parsed.data.status,
          referralId: parsed.data.referral.id,
          verified,
          answered,
        });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;

    await ensurePartnerOrganization(t);
    sender = await asRole(t, Role.REGENCY_OPERATOR);
    const admin = await asRole(t, Role.PROVINCE_ADMIN);
    const client = await t.http
      .post('/api/v1/api-clients')
      .set(admin.auth)
      .send({
        name: 'Aplikasi Yayasan',
        organizationId: NGO,
        scopes: ['referrals:read', 'referrals:write', 'webhooks:read', 'webhooks:write'],
      })
      .expect(201);
    const token = await t.http
      .post('/api/v1/auth/token')
      .auth(client.body.client_id, client.body.client_secret)
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(200);
    ngoAuth = { Authorization: `Bearer ${token.body.access_token}` };

    const subscribe = async (auth: { Authorization: string }, path: string, events: string[]) => {
      const res = await t.http
        .post('/api/v1/webhook-subscriptions')
        .set(auth)
        .send({ url: `http://127.0.0.1:${port}${path}`, events })
        .expect(201);
      secrets[path] = res.body.secret;
    };
    await subscribe(ngoAuth, '/ngo', ['referral.created', 'referral.status_changed']);
    await subscribe(sender.auth, '/dinsos', ['referral.status_changed']);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  async function referral(name: string): Promise<string> {
    const person = await t.http
      .post('/api/v1/persons')
      .set(sender.auth)
      .send({ fullName: name, sex: 'M', domicile: { villageCode: '3571011010' } })
      .expect(201);
    await t.http
      .post(`/api/v1/persons/${person.body.id}/consents`)
      .set(sender.auth)
      .send({
        purpose: 'REFERRAL',
        recipientOrganizationId: NGO,
        givenBy: 'SELF',
        givenOn: '2026-01-05',
        evidenceReference: 'Form-12',
      })
      .expect(201);
    const res = await t.http
      .post('/api/v1/referrals')
      .set(sender.auth)
      .send({ personId: person.body.id, toOrganizationId: NGO, reason: 'Pendampingan usaha', priority: 'ROUTINE' })
      .expect(201);
    return res.body.id as string;
  }

  const delivered = (referralId: string, path: string) =>
    messages.filter((m) => m.referralId === referralId && m.path === path && m.answered === 200);

  it('tells the NGO of a new referral and the regency office of every status change, signed', async () => {
    const id = await referral('Slamet Riyadi');
    await dispatcher.runOnce();
    expect(delivered(id, '/ngo').map((m) => [m.type, m.verified])).toEqual([['referral.created', true]]);

    // The NGO's app acts through the API with its client-credentials token.
    const incoming = await t.http.get('/api/v1/referrals?direction=incoming&status=REQUESTED').set(ngoAuth).expect(200);
    expect(incoming.body.data.map((r: { id: string }) => r.id)).toContain(id);
    for (const [action, body] of [
      ['accept', {}],
      ['start', {}],
      ['complete', { note: 'Usaha keset kain perca berjalan' }],
    ] as const) {
      await t.http.post(`/api/v1/referrals/${id}/${action}`).set(ngoAuth).send(body).expect(200);
      await dispatcher.runOnce();
    }
    const dinsos = delivered(id, '/dinsos');
    expect(dinsos.map((m) => m.status)).toEqual(['ACCEPTED', 'IN_PROGRESS', 'COMPLETED']);
    expect(dinsos.every((m) => m.verified && m.type === 'referral.status_changed')).toBe(true);
  });

  it('delivers every message after the receivers come back', async () => {
    up = false;
    const id = await referral('Bambang Hermanto');
    await dispatcher.runOnce();
    await t.http.post(`/api/v1/referrals/${id}/accept`).set(ngoAuth).send({}).expect(200);
    await t.http.post(`/api/v1/referrals/${id}/start`).set(ngoAuth).send({}).expect(200);
    await dispatcher.runOnce();
    expect(delivered(id, '/ngo')).toEqual([]);
    expect(messages.filter((m) => m.referralId === id && m.answered === 503).length).toBeGreaterThan(0);

    up = true;
    // Retries back off from 1 s; give them a few rounds.
    for (
      let round = 0;
      round < 8 && (delivered(id, '/ngo').length < 3 || delivered(id, '/dinsos').length < 2);
      round++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await dispatcher.runOnce();
    }
    expect(delivered(id, '/ngo').map((m) => m.type)).toEqual([
      'referral.created',
      'referral.status_changed',
      'referral.status_changed',
    ]);
    expect(delivered(id, '/dinsos').map((m) => m.status)).toEqual(['ACCEPTED', 'IN_PROGRESS']);
    // A retried message keeps its webhook-id, and each is accepted exactly once.
    const ids = [...delivered(id, '/ngo'), ...delivered(id, '/dinsos')].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const failed of messages.filter((m) => m.referralId === id && m.answered === 503)) {
      expect(ids).toContain(failed.id);
    }
  });
});
