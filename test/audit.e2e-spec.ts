import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SEALER_LOCK } from '../src/audit/audit-chain';
import { AuditService } from '../src/audit/audit.service';
import { RequestContext } from '../src/common/context/request-context';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

const ACTOR_ID = randomUUID();
const PERSON_A = randomUUID();
const PERSON_B = randomUUID();

/** A context like the one a request of a regency operator gets. */
function context(requestId: string, purpose?: string): RequestContext {
  const ctx = new RequestContext(requestId, 'id', '10.20.30.40', purpose);
  ctx.principal = {
    kind: 'user',
    id: ACTOR_ID,
    name: 'operator.kediri',
    organizationId: seededOrganizationId('DINSOS-3571'),
    regionCode: '3571',
    role: Role.REGENCY_OPERATOR,
    permissions: new Set(),
  };
  return ctx;
}

describe('audit trail (e2e)', () => {
  let t: TestApp;
  let audit: AuditService;
  let dataSource: DataSource;
  let auditor: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    audit = t.app.get(AuditService);
    dataSource = t.app.get(DataSource);
    auditor = await asRole(t, Role.AUDITOR);
  });
  afterAll(async () => {
    await t.close();
  });

  const eventCount = async (where = 'true', params: unknown[] = []): Promise<number> =>
    Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE ${where}`, params))[0].n);

  it('links 200 appends made concurrently, each in its own transaction, into one unbroken chain', async () => {
    expect(await eventCount()).toBe(0);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        dataSource.transaction(async (em) => {
          const ctx = context(`concurrent-${i}`, i % 2 === 0 ? 'bimbingan lanjut' : undefined);
          ctx.em = em;
          await audit.record(ctx, {
            action: 'UPDATE',
            resourceType: 'person',
            resourceId: i % 2 === 0 ? PERSON_A : PERSON_B,
            personId: i % 2 === 0 ? PERSON_A : PERSON_B,
            changedFields: ['phone', 'domicile.villageCode'],
            purpose: 'CASEWORK',
          });
        }),
      ),
    );
    await audit.seal();
    expect(await audit.verify()).toEqual({
      ok: true,
      checked: 200,
      unsealed: 0,
      head: { position: 200, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const [chain] = await t.sql<{ n: string; events: string; first: string; last: string }>(
      `SELECT count(*) AS n, count(DISTINCT event_id) AS events, min(position) AS first, max(position) AS last FROM audit_chain`,
    );
    expect(chain).toEqual({ n: '200', events: '200', first: '1', last: '200' });
  });

  it('records every audited column, purpose from X-Purpose or the endpoint default', async () => {
    const [row] = await t.sql<Record<string, unknown>>(
      `SELECT actor_kind, actor_id, actor_name, organization_id, role, action, resource_type, resource_id, person_id,
              purpose, ip, changed_fields, occurred_at IS NOT NULL AS has_time
       FROM audit_events WHERE request_id = 'concurrent-0'`,
    );
    expect(row).toEqual({
      actor_kind: 'user',
      actor_id: ACTOR_ID,
      actor_name: 'operator.kediri',
      organization_id: seededOrganizationId('DINSOS-3571'),
      role: 'REGENCY_OPERATOR',
      action: 'UPDATE',
      resource_type: 'person',
      resource_id: PERSON_A,
      person_id: PERSON_A,
      purpose: 'bimbingan lanjut',
      ip: '10.20.30.40',
      changed_fields: ['phone', 'domicile.villageCode'],
      has_time: true,
    });
    const [defaulted] = await t.sql<{ purpose: string }>(
      `SELECT purpose FROM audit_events WHERE request_id = 'concurrent-1'`,
    );
    expect(defaulted.purpose).toBe('CASEWORK');
  });

  it('leaves no event when the transaction that recorded it rolls back', async () => {
    await expect(
      dataSource.transaction(async (em) => {
        const ctx = context('rolled-back');
        ctx.em = em;
        await audit.record(ctx, { action: 'CREATE', resourceType: 'person', resourceId: PERSON_A });
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect(await eventCount(`request_id = 'rolled-back'`)).toBe(0);

    await dataSource.transaction(async (em) => {
      const ctx = context('committed');
      ctx.em = em;
      await audit.record(ctx, { action: 'CREATE', resourceType: 'person', resourceId: PERSON_A });
    });
    expect(await eventCount(`request_id = 'committed'`)).toBe(1);
  });

  it('reports events that are not sealed yet, then seals them', async () => {
    await audit.seal();
    // Holding the sealer lock stands for "the sealer has not run yet": the background ticks skip while it is held.
    await t.sql(`SELECT pg_advisory_lock($1::bigint)`, [SEALER_LOCK]);
    try {
      for (let i = 0; i < 3; i++)
        await audit.record(context(`pending-${i}`), { action: 'READ', resourceType: 'person', personId: PERSON_A });
      const before = await audit.verify();
      expect(before).toMatchObject({ ok: true, checked: 201, unsealed: 3 });
    } finally {
      await t.sql(`SELECT pg_advisory_unlock($1::bigint)`, [SEALER_LOCK]);
    }
    expect(await audit.seal()).toBe(3);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 204, unsealed: 0 });
  });

  it('links an event whose transaction commits late after the events that committed before it, without waiting', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const slowCtx = context('slow-transaction');
      slowCtx.em = runner.manager;
      const slowId = await audit.record(slowCtx, { action: 'UPDATE', resourceType: 'case', resourceId: randomUUID() });
      const fastId = await audit.record(context('fast-read'), {
        action: 'READ',
        resourceType: 'person',
        personId: PERSON_B,
      });
      await audit.seal();
      const linked = await t.sql<{ event_id: string; position: string }>(
        `SELECT event_id, position FROM audit_chain WHERE event_id = ANY($1::uuid[])`,
        [[slowId, fastId]],
      );
      expect(linked.map((l) => l.event_id)).toEqual([fastId]);
      expect(await audit.verify()).toMatchObject({ ok: true, unsealed: 0 });

      await runner.commitTransaction();
      expect(await audit.seal()).toBeGreaterThanOrEqual(0);
      const [slow, fast] = await Promise.all(
        [slowId, fastId].map(
          async (id) =>
            (await t.sql<{ position: string }>(`SELECT position FROM audit_chain WHERE event_id = $1`, [id]))[0],
        ),
      );
      const [seqs] = await t.sql<{ slow: string; fast: string }>(
        `SELECT (SELECT seq FROM audit_events WHERE id = $1) AS slow, (SELECT seq FROM audit_events WHERE id = $2) AS fast`,
        [slowId, fastId],
      );
      expect(BigInt(seqs.slow)).toBeLessThan(BigInt(seqs.fast));
      expect(BigInt(slow.position)).toBeGreaterThan(BigInt(fast.position));
      expect(await audit.verify()).toMatchObject({ ok: true, unsealed: 0 });
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('seals a backlog of several batches in one pass, and a late commit of a lower seq in the next', async () => {
    await audit.seal();
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // The late transaction's event takes a seq below the whole backlog's.
      const lateCtx = context('late-below-backlog');
      lateCtx.em = runner.manager;
      const lateId = await audit.record(lateCtx, { action: 'UPDATE', resourceType: 'case', resourceId: randomUUID() });
      const backlog = context('backlog');
      await audit.recordMany(
        backlog,
        Array.from({ length: 2500 }, () => ({
          action: 'READ' as const,
          resourceType: 'case',
          resourceId: randomUUID(),
        })),
      );
      // Three batches (1,000, 1,000, 500) in one pass, the later two after the last seq linked (by this call or
      // the background tick: either way all of the backlog, and nothing of the open transaction).
      await audit.seal();
      expect(await audit.verify()).toMatchObject({ ok: true, unsealed: 0 });
      const [linked] = await t.sql<{ n: string }>(
        `SELECT count(*) AS n FROM audit_chain c JOIN audit_events e ON e.id = c.event_id WHERE e.request_id = 'backlog'`,
      );
      expect(Number(linked.n)).toBe(2500);
      await runner.commitTransaction();
      await audit.seal();
      const [late] = await t.sql<{ position: string; last: string }>(
        `SELECT position, (SELECT max(position) FROM audit_chain) AS last FROM audit_chain WHERE event_id = $1`,
        [lateId],
      );
      expect(late.position).toBe(late.last);
      expect(await audit.verify()).toMatchObject({ ok: true, unsealed: 0 });
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the trail through the application connection', async () => {
    for (const statement of [
      `UPDATE audit_events SET purpose = 'edited'`,
      `UPDATE audit_events SET purpose = 'edited' WHERE false`,
      `DELETE FROM audit_events`,
      `TRUNCATE audit_events CASCADE`,
      `UPDATE audit_chain SET hash = prev_hash`,
      `DELETE FROM audit_chain WHERE position = 1`,
      `TRUNCATE audit_chain`,
    ]) {
      await expect(dataSource.query(statement)).rejects.toThrow(/append-only/);
    }
    // The owner of the tables, without disabling triggers, is refused just the same.
    await expect(t.sql(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    expect(await audit.verify()).toMatchObject({ ok: true, unsealed: 0 });
  });

  describe('GET /api/v1/audit-events', () => {
    it('lists events by person, oldest first, page by page, and audits the listing itself', async () => {
      const first = await t.http
        .get(`/api/v1/audit-events?personId=${PERSON_A}&resourceType=person&action=READ&limit=2`)
        .set(auditor.auth)
        .expect(200);
      expect(first.body.data).toHaveLength(2);
      expect(first.body.data[0]).toMatchObject({
        actorKind: 'user',
        actorId: ACTOR_ID,
        action: 'READ',
        resourceType: 'person',
        personId: PERSON_A,
        requestId: 'pending-0',
        changedFields: [],
      });
      expect(first.body.data[0].seq).toBeLessThan(first.body.data[1].seq);
      const second = await t.http
        .get(
          `/api/v1/audit-events?personId=${PERSON_A}&resourceType=person&action=READ&limit=2&cursor=${first.body.page.nextCursor}`,
        )
        .set(auditor.auth)
        .expect(200);
      expect(second.body.data.map((e: { requestId: string }) => e.requestId)).toEqual(['pending-2']);
      expect(second.body.page.nextCursor).toBeNull();

      const reads = await t.sql<{ actor_id: string; person_id: string; purpose: string }>(
        `SELECT actor_id, person_id, purpose FROM audit_events WHERE resource_type = 'audit-event' ORDER BY seq`,
      );
      expect(reads[0]).toEqual({ actor_id: auditor.userId, person_id: PERSON_A, purpose: 'AUDIT' });
    });

    it('filters by actor, resource and time', async () => {
      const byActor = await t.http.get(`/api/v1/audit-events?actorId=${auditor.userId}`).set(auditor.auth).expect(200);
      expect(byActor.body.data.every((e: { actorId: string }) => e.actorId === auditor.userId)).toBe(true);
      expect(byActor.body.data.length).toBeGreaterThan(0);

      const byResource = await t.http
        .get(`/api/v1/audit-events?resourceType=person&resourceId=${PERSON_B}&limit=200`)
        .set(auditor.auth)
        .expect(200);
      expect(byResource.body.data).toHaveLength(100);

      const future = await t.http.get('/api/v1/audit-events?from=2999-01-01T00:00:00Z').set(auditor.auth).expect(200);
      expect(future.body.data).toEqual([]);
      const now = new Date().toISOString();
      const past = await t.http
        .get(`/api/v1/audit-events?to=${encodeURIComponent(now)}&limit=5`)
        .set(auditor.auth)
        .expect(200);
      expect(past.body.data).toHaveLength(5);
      const window = await t.http
        .get(`/api/v1/audit-events?from=2000-01-01T07:00:00%2B07:00&to=${encodeURIComponent(now)}&limit=1`)
        .set(auditor.auth)
        .expect(200);
      expect(window.body.data).toHaveLength(1);
    });

    it('refuses bad filters with 400 problem+json', async () => {
      const cases: [string, string][] = [
        ['actorId=not-a-uuid', 'actorId'],
        ['personId=3571010101010001', 'personId'],
        ['resourceType=Bad%20Type', 'resourceType'],
        ['resourceId=a%20b', 'resourceId'],
        ['action=FROB', 'action'],
        ['from=yesterday', 'from'],
        ['from=2025-02-30T00:00:00Z', 'from'],
        ['to=2025-01-01', 'to'],
        ['to=2025-01-01T10:00:00', 'to'],
        ['limit=0', 'limit'],
        ['colour=red', 'colour'],
      ];
      for (const [query, field] of cases) {
        const res = await t.http.get(`/api/v1/audit-events?${query}`).set(auditor.auth);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const range = await t.http
        .get('/api/v1/audit-events?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z')
        .set(auditor.auth)
        .set('Accept-Language', 'en')
        .expect(400);
      expect(range.body).toMatchObject({ code: 'AUDIT_INVALID_TIME_RANGE', status: 400, errors: [{ field: 'from' }] });
      await t.http.get('/api/v1/audit-events?cursor=!!!').set(auditor.auth).expect(400);
    });

    it('needs a token and the audit:read permission', async () => {
      await t.http.get('/api/v1/audit-events').expect(401);
      const analyst = await asRole(t, Role.ANALYST);
      await t.http.get('/api/v1/audit-events').set(analyst.auth).expect(403);
      const operator = await asRole(t, Role.REGENCY_OPERATOR);
      await t.http.get('/api/v1/audit-events').set(operator.auth).expect(403);
      const admin = await asRole(t, Role.PROVINCE_ADMIN);
      await t.http.get('/api/v1/audit-events?limit=1').set(admin.auth).expect(200);
    });

    it("shows an auditor of another province none of this province's events", async () => {
      const kaltimAuditor = await asRole(t, Role.AUDITOR, 'DINSOS-64');
      await t.http.get('/api/v1/audit-events?limit=200').set(auditor.auth).expect(200);
      const jatim = await t.http.get(`/api/v1/audit-events?actorId=${auditor.userId}`).set(auditor.auth).expect(200);
      expect(jatim.body.data.length).toBeGreaterThan(0);
      const kaltim = await t.http
        .get(`/api/v1/audit-events?actorId=${auditor.userId}`)
        .set(kaltimAuditor.auth)
        .expect(200);
      expect(kaltim.body.data).toEqual([]);
    });
  });

  it('GET /api/v1/audit/verify reports an intact chain to a caller with audit:verify only', async () => {
    await audit.seal();
    const res = await t.http.get('/api/v1/audit/verify').set(auditor.auth).expect(200);
    expect(res.body).toMatchObject({ ok: true, unsealed: 0 });
    expect(res.body.checked).toBeGreaterThan(200);
    await t.http.get('/api/v1/audit/verify').expect(401);
    const partner = await asRole(t, Role.PARTNER);
    await t.http.get('/api/v1/audit/verify').set(partner.auth).expect(403);
  });

  it('finds an event changed by hand by a superuser who bypassed the triggers', async () => {
    await audit.seal();
    const [target] = await t.sql<{ event_id: string }>(`SELECT event_id FROM audit_chain WHERE position = 150`);
    // session_replication_role = replica skips ordinary triggers: what a superuser could do directly.
    await t.sql(`SET session_replication_role = replica`);
    try {
      await t.sql(`UPDATE audit_events SET purpose = 'nothing to see' WHERE id = $1`, [target.event_id]);
    } finally {
      await t.sql(`SET session_replication_role = origin`);
    }
    const report = await audit.verify();
    expect(report).toMatchObject({
      ok: false,
      checked: 149,
      firstBrokenPosition: 150,
      firstBrokenEventId: target.event_id,
      reason: 'HASH_MISMATCH',
      unsealed: 0,
      head: { position: 149 },
    });
    const res = await t.http.get('/api/v1/audit/verify').set(auditor.auth).expect(200);
    expect(res.body).toMatchObject({ ok: false, firstBrokenPosition: 150, firstBrokenEventId: target.event_id });
  });

  it('finds a link removed by hand as a hole in the chain', async () => {
    await t.sql(`SET session_replication_role = replica`);
    try {
      // Triggers off: the superuser can now delete; a position before the earlier break shows first.
      await t.sql(`DELETE FROM audit_chain WHERE position = 100`);
    } finally {
      await t.sql(`SET session_replication_role = origin`);
    }
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: false, checked: 99, firstBrokenPosition: 101, reason: 'POSITION_GAP' });
    // The event whose link was removed now counts as unsealed: it is visible, not hidden.
    expect(report.unsealed).toBe(1);
  });
});
