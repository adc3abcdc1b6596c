import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { RequestContext } from '../src/common/context/request-context';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { OutboxRetention } from '../src/integration/outbox-retention.service';
import { OutboxService } from '../src/integration/outbox.service';
import { PiiCipher } from '../src/persons/pii/pii-cipher';
import { PII_CONTEXTS } from '../src/persons/pii/pii-columns';
import { WebhookDispatcher } from '../src/integration/webhook-dispatcher.service';
import { asRole, ensurePartnerOrganization, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

/** A partner's webhook endpoint on 127.0.0.1: records every request; can answer 503 or stop listening. */
class Receiver {
  readonly requests: Received[] = [];
  mode: 'up' | 'down' = 'up';
  port = 0;
  private server?: Server;

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const status = this.mode === 'up' ? 200 : 503;
        this.requests.push({ path: req.url ?? '', headers: flatten(req.headers), body, status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'down');
      });
    });
    // The same port on a restart, as a real receiver coming back.
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Subscription {
  id: string;
  secret: string;
  organizationId: string;
  version: number;
}

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  retryUntil: string;
}

describe('webhooks (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let partner: TestPrincipal;
  let dispatcher: WebhookDispatcher;
  let paths = 0;

  beforeAll(async () => {
    t = await createTestApp({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_WORKER: 'false',
      WEBHOOK_RETRY_BASE_SECONDS: '1',
    });
    receiver = new Receiver();
    await receiver.start();
    partner = await asRole(t, Role.PARTNER);
    dispatcher = t.app.get(WebhookDispatcher);
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });
  // Each test counts what its own subscriptions receive: earlier tests' subscriptions (same organisation, same
  // events) are switched off first, and the receiver is up.
  beforeEach(async () => {
    receiver.mode = 'up';
    await t.sql(`UPDATE webhook_subscriptions SET status = 'INACTIVE', deactivated_at = now() WHERE status = 'ACTIVE'`);
    await dispatcher.runOnce();
  });

  /** Writes an outbox event the way a module does: inside its transaction, as the system. */
  async function publish(
    app: TestApp,
    type: string,
    organizationIds: string[],
    data: Record<string, unknown> = {},
  ): Promise<string> {
    return app.app.get(DataSource).transaction(async (em) => {
      const ctx = RequestContext.system();
      ctx.em = em;
      return app.app
        .get(OutboxService)
        .publish(ctx, type, { type: 'case', id: randomUUID() }, organizationIds, { caseId: randomUUID(), ...data });
    });
  }

  async function subscribe(
    auth: { Authorization: string },
    events = ['case.handover'],
    path = `/hooks/${++paths}`,
  ): Promise<Subscription & { path: string }> {
    const res = await t.http
      .post('/api/v1/webhook-subscriptions')
      .set(auth)
      .send({ url: receiver.url(path), events, description: 'SIM rujukan' })
      .expect(201);
    return { ...(res.body as Subscription), path };
  }

  async function deliveries(auth: { Authorization: string }, subscriptionId: string): Promise<Delivery[]> {
    const res = await t.http
      .get(`/api/v1/webhook-subscriptions/${subscriptionId}/deliveries?limit=200`)
      .set(auth)
      .expect(200);
    return res.body.data as Delivery[];
  }

  function verify(
    secret: string,
    request: Received,
  ): { type: string; timestamp: string; data: Record<string, unknown> } {
    return new Webhook(secret).verify(request.body, request.headers) as {
      type: string;
      timestamp: string;
      data: Record<string, unknown>;
    };
  }

  describe('subscriptions and signed delivery', () => {
    it('creates a subscription for a partner with a secret shown once, and delivers a signed event', async () => {
      const subscription = await subscribe(partner.auth);
      expect(subscription.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(subscription.organizationId).toBe(partner.organizationId);
      const read = await t.http.get(`/api/v1/webhook-subscriptions/${subscription.id}`).set(partner.auth).expect(200);
      expect(read.body).not.toHaveProperty('secret');
      expect(read.body).toMatchObject({ status: 'ACTIVE', events: ['case.handover'], description: 'SIM rujukan' });
      expect(read.headers.etag).toBe('"1"');
      const list = await t.http.get('/api/v1/webhook-subscriptions').set(partner.auth).expect(200);
      expect(list.body.data.map((s: { id: string }) => s.id)).toContain(subscription.id);
      expect(JSON.stringify(list.body)).not.toContain(subscription.secret);

      const eventId = await publish(t, 'case.handover', [partner.organizationId, seededOrganizationId('DINSOS-3571')], {
        dischargedOn: '2026-01-05',
      });
      // Neither another event type nor another organisation's event reaches it.
      await publish(t, 'referral.created', [partner.organizationId]);
      await publish(t, 'case.handover', [seededOrganizationId('DINSOS-3571')]);
      expect(receiver.at(subscription.path)).toHaveLength(0);

      const result = await dispatcher.runOnce();
      expect(result.published).toBe(3);
      const received = receiver.at(subscription.path);
      expect(received).toHaveLength(1);
      expect(received[0].headers['content-type']).toBe('application/json');
      expect(received[0].headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      const message = verify(subscription.secret, received[0]);
      expect(message).toMatchObject({ type: 'case.handover', data: { dischargedOn: '2026-01-05' } });
      expect(Number.isNaN(Date.parse(message.timestamp))).toBe(false);
      expect(() =>
        new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(received[0].body, received[0].headers),
      ).toThrow();

      const [delivery] = await deliveries(partner.auth, subscription.id);
      expect(delivery).toMatchObject({
        id: received[0].headers['webhook-id'],
        eventId,
        eventType: 'case.handover',
        status: 'DELIVERED',
        attemptCount: 1,
        lastStatusCode: 200,
        lastError: null,
        nextAttemptAt: null,
      });
      expect(delivery.deliveredAt).not.toBeNull();
      // Published once: a second pass sends nothing.
      expect(await dispatcher.runOnce()).toMatchObject({ published: 0, attempted: 0 });
      expect(receiver.at(subscription.path)).toHaveLength(1);
    });

    it('never sends the event of a transaction that rolled back', async () => {
      const subscription = await subscribe(partner.auth);
      await expect(
        t.app.get(DataSource).transaction(async (em) => {
          const ctx = RequestContext.system();
          ctx.em = em;
          await t.app
            .get(OutboxService)
            .publish(ctx, 'case.handover', { type: 'case', id: randomUUID() }, [partner.organizationId], {});
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await dispatcher.runOnce()).toMatchObject({ published: 0, attempted: 0 });
      expect(receiver.at(subscription.path)).toHaveLength(0);
    });

    it('stores the secret only where the signer can read it, never returned after creation', async () => {
      const subscription = await subscribe(partner.auth);
      const [row] = await t.sql<{ secret: string }>(`SELECT secret FROM webhook_subscriptions WHERE id = $1`, [
        subscription.id,
      ]);
      // Encrypted at rest: the dump shows a v1 ciphertext, the signer decrypts it.
      expect(row.secret).toMatch(/^v1\./);
      expect(row.secret).not.toContain(subscription.secret.slice(6));
      expect(t.app.get(PiiCipher).decrypt(row.secret, PII_CONTEXTS.webhookSecret)).toBe(subscription.secret);
      const patched = await t.http
        .patch(`/api/v1/webhook-subscriptions/${subscription.id}`)
        .set(partner.auth)
        .set('If-Match', '"1"')
        .send({ description: null })
        .expect(200);
      expect(patched.body).not.toHaveProperty('secret');
      expect(patched.body.description).toBeNull();
    });

    it('serves an NGO API client that got its token by client credentials', async () => {
      const admin = await asRole(t, Role.PROVINCE_ADMIN);
      const ngo = await ensurePartnerOrganization(t);
      const created = await t.http
        .post('/api/v1/api-clients')
        .set(admin.auth)
        .send({ name: 'SIM Yayasan', organizationId: ngo, scopes: ['webhooks:read', 'webhooks:write'] })
        .expect(201);
      const token = await t.http
        .post('/api/v1/auth/token')
        .type('form')
        .send({
          grant_type: 'client_credentials',
          client_id: created.body.client_id,
          client_secret: created.body.client_secret,
        })
        .expect(200);
      const auth = { Authorization: `Bearer ${token.body.access_token}` };
      const subscription = await subscribe(auth, ['referral.created', 'referral.status_changed']);
      expect(subscription.organizationId).toBe(ngo);
      await t.http.get(`/api/v1/webhook-subscriptions/${subscription.id}`).set(auth).expect(200);

      await publish(t, 'referral.created', [seededOrganizationId('DINSOS-3571'), ngo], { referralId: 'r-1' });
      await publish(t, 'referral.status_changed', [seededOrganizationId('DINSOS-3571'), ngo], {
        referralId: 'r-1',
        status: 'ACCEPTED',
      });
      await dispatcher.runOnce();
      const received = receiver.at(subscription.path).map((r) => verify(subscription.secret, r));
      expect(received.map((m) => m.type).sort()).toEqual(['referral.created', 'referral.status_changed']);
      expect((await deliveries(auth, subscription.id)).every((d) => d.status === 'DELIVERED')).toBe(true);
    });
  });

  describe('retries', () => {
    it('retries with backoff while the receiver is down, and every message arrives once it is back', async () => {
      const subscription = await subscribe(partner.auth);
      receiver.mode = 'down';
      const events = [];
      for (let i = 0; i < 3; i++) events.push(await publish(t, 'case.handover', [partner.organizationId], { n: i }));

      const first = await dispatcher.runOnce();
      expect(first).toMatchObject({ deliveriesCreated: 3, attempted: 3, delivered: 0, retrying: 3 });
      let log = await deliveries(partner.auth, subscription.id);
      expect(log).toHaveLength(3);
      for (const d of log) {
        expect(d).toMatchObject({ status: 'PENDING', attemptCount: 1, lastStatusCode: 503, lastError: 'HTTP 503' });
        expect(new Date(d.nextAttemptAt ?? 0).getTime()).toBeGreaterThan(Date.now() - 1000);
        expect(new Date(d.retryUntil).getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
      }
      // Not due yet: the backoff holds them back.
      expect(await dispatcher.runOnce()).toMatchObject({ attempted: 0 });

      await sleep(1100);
      expect(await dispatcher.runOnce()).toMatchObject({ attempted: 3, retrying: 3 });

      // Now it stops listening altogether: connection refused.
      await receiver.stop();
      await sleep(2100);
      expect(await dispatcher.runOnce()).toMatchObject({ attempted: 3, retrying: 3 });
      log = await deliveries(partner.auth, subscription.id);
      for (const d of log) {
        expect(d).toMatchObject({ status: 'PENDING', attemptCount: 3, lastStatusCode: null });
        expect(d.lastError).toContain('ECONNREFUSED');
      }

      receiver.mode = 'up';
      await receiver.start();
      await sleep(4100);
      expect(await dispatcher.runOnce()).toMatchObject({ attempted: 3, delivered: 3 });

      const received = receiver.at(subscription.path);
      const ok = received.filter((r) => r.status === 200);
      expect(ok).toHaveLength(3);
      const ids = log.map((d) => d.id).sort();
      // Every attempt of a message carried the same webhook-id, and each message was accepted exactly once.
      expect([...new Set(received.map((r) => r.headers['webhook-id']))].sort()).toEqual(ids);
      expect(ok.map((r) => r.headers['webhook-id']).sort()).toEqual(ids);
      expect(ok.map((r) => verify(subscription.secret, r).data.n).sort()).toEqual([0, 1, 2]);
      log = await deliveries(partner.auth, subscription.id);
      expect(log.map((d) => [d.status, d.attemptCount])).toEqual([
        ['DELIVERED', 4],
        ['DELIVERED', 4],
        ['DELIVERED', 4],
      ]);
      expect(log.map((d) => d.eventId).sort()).toEqual([...events].sort());
    });

    it('gives up after a failed attempt past the 24-hour window, and a redelivery starts a new window', async () => {
      const subscription = await subscribe(partner.auth);
      receiver.mode = 'down';
      try {
        await publish(t, 'case.handover', [partner.organizationId]);
        await dispatcher.runOnce();
        const [pending] = await deliveries(partner.auth, subscription.id);
        // As if the event were 24 hours old.
        await t.sql(`UPDATE webhook_deliveries SET next_attempt_at = now(), give_up_at = now() WHERE id = $1`, [
          pending.id,
        ]);
        expect(await dispatcher.runOnce()).toMatchObject({ attempted: 1, failed: 1 });
        const [failed] = await deliveries(partner.auth, subscription.id);
        expect(failed).toMatchObject({ status: 'FAILED', attemptCount: 2, nextAttemptAt: null, lastError: 'HTTP 503' });
        expect(await dispatcher.runOnce()).toMatchObject({ attempted: 0 });
      } finally {
        receiver.mode = 'up';
      }
      const [failed] = await deliveries(partner.auth, subscription.id);
      const again = await t.http
        .post(`/api/v1/webhook-subscriptions/${subscription.id}/deliveries/${failed.id}/redeliver`)
        .set(partner.auth)
        .expect(202);
      expect(again.body).toMatchObject({ id: failed.id, status: 'PENDING' });
      expect(new Date(again.body.retryUntil).getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
      await dispatcher.runOnce();
      const [delivered] = await deliveries(partner.auth, subscription.id);
      expect(delivered).toMatchObject({ status: 'DELIVERED', attemptCount: 3, lastStatusCode: 200 });
      const ok = receiver.at(subscription.path).filter((r) => r.status === 200);
      expect(ok.map((r) => r.headers['webhook-id'])).toEqual([failed.id]);
    });

    it('redelivers a delivered message with the same webhook-id', async () => {
      const subscription = await subscribe(partner.auth);
      await publish(t, 'case.handover', [partner.organizationId]);
      await dispatcher.runOnce();
      const [delivery] = await deliveries(partner.auth, subscription.id);
      expect(delivery.status).toBe('DELIVERED');
      await t.http
        .post(`/api/v1/webhook-subscriptions/${subscription.id}/deliveries/${delivery.id}/redeliver`)
        .set(partner.auth)
        .expect(202);
      await dispatcher.runOnce();
      const received = receiver.at(subscription.path);
      expect(received).toHaveLength(2);
      expect(received.map((r) => r.headers['webhook-id'])).toEqual([delivery.id, delivery.id]);
      expect(verify(subscription.secret, received[1])).toEqual(verify(subscription.secret, received[0]));
      const [after] = await deliveries(partner.auth, subscription.id);
      expect(after).toMatchObject({ status: 'DELIVERED', attemptCount: 2 });

      const other = await subscribe(partner.auth);
      for (const bad of [randomUUID(), 'not-a-uuid']) {
        const res = await t.http
          .post(`/api/v1/webhook-subscriptions/${other.id}/deliveries/${bad}/redeliver`)
          .set(partner.auth)
          .expect(404);
        expect(res.body.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
      }
      // A delivery of another subscription is not found through this one.
      await t.http
        .post(`/api/v1/webhook-subscriptions/${other.id}/deliveries/${delivery.id}/redeliver`)
        .set(partner.auth)
        .expect(404);
    });
  });

  describe('retention', () => {
    it('deletes old finished deliveries and the published events nothing points at, never a retrying one', async () => {
      const subscription = await subscribe(partner.auth);
      const delivered = await publish(t, 'case.handover', [partner.organizationId]);
      await dispatcher.runOnce();
      receiver.mode = 'down';
      let retrying: string;
      try {
        retrying = await publish(t, 'case.handover', [partner.organizationId]);
        await dispatcher.runOnce();
      } finally {
        receiver.mode = 'up';
      }
      const unheard = await publish(t, 'case.handover', []); // no subscriber: published, no delivery
      const recent = await publish(t, 'case.handover', []);
      await dispatcher.runOnce();
      const [done] = (await deliveries(partner.auth, subscription.id)).filter((d) => d.status === 'DELIVERED');

      // Older than the 90-day default, all but `recent`.
      await t.sql(`UPDATE webhook_deliveries SET created_at = now() - interval '91 days' WHERE subscription_id = $1`, [
        subscription.id,
      ]);
      await t.sql(`UPDATE outbox_events SET published_at = now() - interval '91 days' WHERE id = ANY($1)`, [
        [delivered, retrying, unheard],
      ]);
      expect(await t.app.get(OutboxRetention).purge()).toEqual({ deliveries: 1, events: 2 });

      const log = await deliveries(partner.auth, subscription.id);
      expect(log.map((d) => [d.eventId, d.status])).toEqual([[retrying, 'PENDING']]);
      const left = await t.sql<{ id: string }>(`SELECT id FROM outbox_events WHERE id = ANY($1)`, [
        [delivered, retrying, unheard, recent],
      ]);
      expect(left.map((r) => r.id).sort()).toEqual([retrying, recent].sort());
      await t.http
        .post(`/api/v1/webhook-subscriptions/${subscription.id}/deliveries/${done.id}/redeliver`)
        .set(partner.auth)
        .expect(404);
      expect(await t.app.get(OutboxRetention).purge()).toEqual({ deliveries: 0, events: 0 });
    });
  });

  describe('changing a subscription', () => {
    it('changes URL and events under If-Match', async () => {
      const subscription = await subscribe(partner.auth);
      const url = `/api/v1/webhook-subscriptions/${subscription.id}`;
      await t.http
        .patch(url)
        .set(partner.auth)
        .send({ events: ['referral.created'] })
        .expect(428);
      await t.http
        .patch(url)
        .set(partner.auth)
        .set('If-Match', '"7"')
        .send({ events: ['referral.created'] })
        .expect(412);
      const bad = await t.http
        .patch(url)
        .set(partner.auth)
        .set('If-Match', '"1"')
        .send({ url: 'ftp://example.org/x' })
        .expect(400);
      expect(bad.body.code).toBe('WEBHOOK_URL_SCHEME');
      await t.http
        .patch(url)
        .set(partner.auth)
        .set('If-Match', '"1"')
        .send({ events: ['*'] })
        .expect(400);
      const res = await t.http
        .patch(url)
        .set(partner.auth)
        .set('If-Match', '"1"')
        .send({ url: receiver.url('/moved'), events: ['referral.status_changed', 'case.handover'] })
        .expect(200);
      expect(res.body).toMatchObject({ version: 2, events: ['referral.status_changed', 'case.handover'] });
      expect(res.headers.etag).toBe('"2"');
      await publish(t, 'case.handover', [partner.organizationId]);
      await dispatcher.runOnce();
      expect(receiver.at('/moved').map((r) => verify(subscription.secret, r).type)).toEqual(['case.handover']);
    });

    it('rotates the secret: shown once, and the old one still verifies for a while', async () => {
      const subscription = await subscribe(partner.auth);
      const rotated = await t.http
        .post(`/api/v1/webhook-subscriptions/${subscription.id}/rotate-secret`)
        .set(partner.auth)
        .expect(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(subscription.secret);
      const read = await t.http.get(`/api/v1/webhook-subscriptions/${subscription.id}`).set(partner.auth).expect(200);
      expect(read.body).not.toHaveProperty('secret');
      await publish(t, 'case.handover', [partner.organizationId]);
      await dispatcher.runOnce();
      const [request] = receiver.at(subscription.path);
      expect(request.headers['webhook-signature'].split(' ')).toHaveLength(2);
      expect(verify(rotated.body.secret, request).type).toBe('case.handover');
      expect(verify(subscription.secret, request).type).toBe('case.handover');
    });

    it('deactivates: pending deliveries are cancelled, no new ones, no changes', async () => {
      const subscription = await subscribe(partner.auth);
      receiver.mode = 'down';
      try {
        await publish(t, 'case.handover', [partner.organizationId]);
        await dispatcher.runOnce();
      } finally {
        receiver.mode = 'up';
      }
      const base = `/api/v1/webhook-subscriptions/${subscription.id}`;
      const res = await t.http.post(`${base}/deactivate`).set(partner.auth).expect(200);
      expect(res.body).toMatchObject({ status: 'INACTIVE' });
      expect(res.body.deactivatedAt).not.toBeNull();
      await t.http.post(`${base}/deactivate`).set(partner.auth).expect(200);
      const [cancelled] = await deliveries(partner.auth, subscription.id);
      expect(cancelled).toMatchObject({ status: 'CANCELLED', nextAttemptAt: null });

      await publish(t, 'case.handover', [partner.organizationId]);
      await dispatcher.runOnce();
      expect(await deliveries(partner.auth, subscription.id)).toHaveLength(1);
      expect(receiver.at(subscription.path).filter((r) => r.status === 200)).toHaveLength(0);

      for (const request of [
        t.http.patch(base).set(partner.auth).set('If-Match', '*').send({ description: 'x' }),
        t.http.post(`${base}/rotate-secret`).set(partner.auth),
        t.http.post(`${base}/deliveries/${cancelled.id}/redeliver`).set(partner.auth),
      ]) {
        const answer = await request.expect(409);
        expect(answer.body.code).toBe('WEBHOOK_SUBSCRIPTION_INACTIVE');
      }
      const active = await t.http.get('/api/v1/webhook-subscriptions?status=ACTIVE').set(partner.auth).expect(200);
      expect(active.body.data.map((s: { id: string }) => s.id)).not.toContain(subscription.id);
    });
  });

  describe('bad input', () => {
    async function count(): Promise<number> {
      const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_subscriptions`);
      return row.n;
    }

    it.each([
      ['ftp://example.org/hook', 'WEBHOOK_URL_SCHEME'],
      ['file:///etc/passwd', 'WEBHOOK_URL_SCHEME'],
      ['javascript:alert(1)', 'WEBHOOK_URL_SCHEME'],
      ['http://user:pw@example.org/hook', 'WEBHOOK_URL_CREDENTIALS'],
      ['https://token@example.org/hook', 'WEBHOOK_URL_CREDENTIALS'],
      ['example.org/hook', 'WEBHOOK_URL_INVALID'],
      ['http://exa mple.org/', 'WEBHOOK_URL_INVALID'],
    ])('refuses %s with 400 %s and writes nothing', async (url, code) => {
      const before = await count();
      const res = await t.http
        .post('/api/v1/webhook-subscriptions')
        .set(partner.auth)
        .send({ url, events: ['case.handover'] })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code, errors: [{ field: 'url' }] });
      expect(await count()).toBe(before);
    });

    it.each([
      [{ events: ['*'] }],
      [{ events: [] }],
      [{ events: ['case.handover', 'case.handover'] }],
      [{ events: ['case.created'] }],
      [{ events: 'case.handover' }],
      [{ url: 42 }],
      [{ description: 'x'.repeat(501) }],
      [{ organizationId: 'nope' }],
      [{ secret: 'whsec_mine' }],
    ])('refuses a body with %j', async (change) => {
      const before = await count();
      const res = await t.http
        .post('/api/v1/webhook-subscriptions')
        .set(partner.auth)
        .send({ url: receiver.url('/x'), events: ['case.handover'], ...change })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await count()).toBe(before);
    });

    it('allows at most 20 active subscriptions per organisation', async () => {
      for (let i = 0; i < 20; i++) await subscribe(partner.auth);
      const res = await t.http
        .post('/api/v1/webhook-subscriptions')
        .set(partner.auth)
        .send({ url: receiver.url('/one-too-many'), events: ['case.handover'] })
        .expect(409);
      expect(res.body.code).toBe('WEBHOOK_SUBSCRIPTION_LIMIT');
    });

    it('refuses an organisation that does not exist with 422', async () => {
      const res = await t.http
        .post('/api/v1/webhook-subscriptions')
        .set(await asRole(t, Role.PROVINCE_OFFICER).then((p) => p.auth))
        .send({ url: receiver.url('/x'), events: ['case.handover'], organizationId: randomUUID() })
        .expect(422);
      expect(res.body.code).toBe('WEBHOOK_ORGANIZATION_UNKNOWN');
    });
  });

  describe('scope', () => {
    it("hides another organisation's subscription and refuses callers without the permission", async () => {
      const mine = await subscribe(partner.auth);
      await ensurePartnerOrganization(t, 'TEST-NGO-B', '3571011010');
      const other = await asRole(t, Role.PARTNER, 'TEST-NGO-B');
      const base = `/api/v1/webhook-subscriptions/${mine.id}`;
      await t.http.get(base).set(other.auth).expect(404);
      await t.http.patch(base).set(other.auth).set('If-Match', '*').send({ description: 'x' }).expect(404);
      await t.http.post(`${base}/rotate-secret`).set(other.auth).expect(404);
      await t.http.post(`${base}/deactivate`).set(other.auth).expect(404);
      await t.http.get(`${base}/deliveries`).set(other.auth).expect(404);
      await t.http.post(`${base}/deliveries/${randomUUID()}/redeliver`).set(other.auth).expect(404);
      const list = await t.http.get('/api/v1/webhook-subscriptions').set(other.auth).expect(200);
      expect(list.body.data.map((s: { id: string }) => s.id)).not.toContain(mine.id);
      const foreign = await t.http
        .post('/api/v1/webhook-subscriptions')
        .set(other.auth)
        .send({ url: receiver.url('/x'), events: ['case.handover'], organizationId: partner.organizationId })
        .expect(403);
      expect(foreign.body.code).toBe('OUTSIDE_WRITE_SCOPE');

      // A regency office sees its own organisation's subscriptions only.
      const operator = await asRole(t, Role.REGENCY_OPERATOR);
      await t.http.get(base).set(operator.auth).expect(404);

      const analyst = await asRole(t, Role.ANALYST);
      await t.http.get('/api/v1/webhook-subscriptions').set(analyst.auth).expect(403);
      await t.http
        .post('/api/v1/webhook-subscriptions')
        .set(analyst.auth)
        .send({ url: receiver.url('/x'), events: ['case.handover'] })
        .expect(403);
      await t.http.get(base).set(analyst.auth).expect(403);
      await t.http.get('/api/v1/webhook-subscriptions').expect(401);
    });

    it('lets province roles see and create subscriptions of organisations in their province only', async () => {
      const mine = await subscribe(partner.auth);
      const officer = await asRole(t, Role.PROVINCE_OFFICER);
      const list = await t.http
        .get(`/api/v1/webhook-subscriptions?organizationId=${partner.organizationId}&limit=200`)
        .set(officer.auth)
        .expect(200);
      expect(list.body.data.map((s: { id: string }) => s.id)).toContain(mine.id);
      const created = await t.http
        .post('/api/v1/webhook-subscriptions')
        .set(officer.auth)
        .send({ url: receiver.url('/province'), events: ['case.handover'], organizationId: partner.organizationId })
        .expect(201);
      expect(created.body.organizationId).toBe(partner.organizationId);

      const kaltim = await asRole(t, Role.PROVINCE_OFFICER, 'DINSOS-64');
      await t.http.get(`/api/v1/webhook-subscriptions/${mine.id}`).set(kaltim.auth).expect(404);
      await t.http
        .post('/api/v1/webhook-subscriptions')
        .set(kaltim.auth)
        .send({ url: receiver.url('/x'), events: ['case.handover'], organizationId: partner.organizationId })
        .expect(403);
    });
  });
});

describe('webhook addresses without WEBHOOK_ALLOW_PRIVATE (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let partner: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    receiver = new Receiver();
    await receiver.start();
    partner = await asRole(t, Role.PARTNER);
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it.each([
    ['http://127.0.0.1/hook', 'loopback'],
    ['http://127.1/hook', 'loopback'],
    ['http://0x7f000001/hook', 'loopback'],
    ['http://10.0.0.1/hook', 'private'],
    ['http://192.168.1.10:8080/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['http://100.64.0.1/hook', 'carrierGradeNat'],
    ['http://0.0.0.0/hook', 'unspecified'],
    ['http://[::1]/hook', 'loopback'],
    ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['http://[fd00::1]/hook', 'uniqueLocal'],
    ['http://localhost:8080/hook', 'loopback'],
  ])('refuses %s with 422 (%s) and writes nothing', async (url, range) => {
    const res = await t.http
      .post('/api/v1/webhook-subscriptions')
      .set(partner.auth)
      .send({ url, events: ['case.handover'] })
      .expect(422);
    expect(res.body).toMatchObject({ code: 'WEBHOOK_URL_PRIVATE_ADDRESS', errors: [{ field: 'url' }] });
    expect(res.body.detail).toContain(range);
    const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_subscriptions`);
    expect(row.n).toBe(0);
  });

  it('refuses a host that does not resolve', async () => {
    const res = await t.http
      .post('/api/v1/webhook-subscriptions')
      .set(partner.auth)
      .send({ url: 'https://jejaring-receiver.invalid/hook', events: ['case.handover'] })
      .expect(422);
    expect(res.body.code).toBe('WEBHOOK_URL_UNRESOLVABLE');
  });

  it('accepts a public address, and checks again at delivery time (the address may have changed)', async () => {
    const created = await t.http
      .post('/api/v1/webhook-subscriptions')
      .set(partner.auth)
      .send({ url: 'https://93.184.215.14/hook', events: ['case.handover'] })
      .expect(201);
    const id = created.body.id as string;
    const patch = await t.http
      .patch(`/api/v1/webhook-subscriptions/${id}`)
      .set(partner.auth)
      .set('If-Match', '"1"')
      .send({ url: 'http://localhost/hook' })
      .expect(422);
    expect(patch.body.code).toBe('WEBHOOK_URL_PRIVATE_ADDRESS');

    // As if its DNS now pointed at our network: first an IP literal, then a name resolving to loopback.
    const dispatcher = t.app.get(WebhookDispatcher);
    for (const url of [receiver.url('/literal'), `http://localhost:${receiver.port}/name`]) {
      await t.sql(`UPDATE webhook_subscriptions SET url = $2 WHERE id = $1`, [id, url]);
      await t.app.get(DataSource).transaction(async (em) => {
        const ctx = RequestContext.system();
        ctx.em = em;
        await t.app
          .get(OutboxService)
          .publish(ctx, 'case.handover', { type: 'case', id: randomUUID() }, [partner.organizationId], {});
      });
      await dispatcher.runOnce();
      await t.sql(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE status = 'PENDING'`);
    }
    expect(receiver.requests).toHaveLength(0);
    const log = await t.http.get(`/api/v1/webhook-subscriptions/${id}/deliveries`).set(partner.auth).expect(200);
    expect(log.body.data).toHaveLength(2);
    for (const d of log.body.data as Delivery[]) {
      expect(d.status).toBe('PENDING');
      expect(d.lastError).toMatch(/address refused: .*(127\.0\.0\.1|::1) \(loopback\)/);
    }
  });
});

describe('webhook worker on pg-boss (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_WORKER: 'true' });
    receiver = new Receiver();
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('delivers a committed event without anyone calling runOnce', async () => {
    const partner = await asRole(t, Role.PARTNER);
    const created = await t.http
      .post('/api/v1/webhook-subscriptions')
      .set(partner.auth)
      .send({ url: receiver.url('/live'), events: ['case.handover'] })
      .expect(201);
    const [schema] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = 'pgboss'`,
    );
    expect(schema.n).toBe(1);
    await t.app.get(DataSource).transaction(async (em) => {
      const ctx = RequestContext.system();
      ctx.em = em;
      await t.app
        .get(OutboxService)
        .publish(ctx, 'case.handover', { type: 'case', id: randomUUID() }, [partner.organizationId], { live: true });
    });
    // Woken by the job queued after the commit, well before the minute sweep.
    const deadline = Date.now() + 20_000;
    while (receiver.requests.length === 0 && Date.now() < deadline) await sleep(100);
    expect(receiver.requests).toHaveLength(1);
    const message = new Webhook(created.body.secret as string).verify(
      receiver.requests[0].body,
      receiver.requests[0].headers,
    );
    expect(message).toMatchObject({ type: 'case.handover', data: { live: true } });
    const [wake] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'webhook-dispatch' AND singleton_key = 'wake'`,
    );
    expect(wake.n).toBeGreaterThanOrEqual(1);
  });
});
