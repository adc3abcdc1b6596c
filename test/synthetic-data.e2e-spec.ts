import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditChain } from '../src/audit/audit-chain';
import {
  addMonths,
  DEFAULT_GROWTH_THRESHOLDS,
  GROWTH_STATUSES,
  growthStatus,
  meetsGraduationRule,
} from '../src/businesses/growth-status';
import { timeZoneOfRegion, todayIn } from '../src/common/dates';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { validateKk, validateNik } from '../src/persons/nik';
import { PiiCipher } from '../src/persons/pii/pii-cipher';
import { PII_CONTEXTS } from '../src/persons/pii/pii-columns';
import { PASUNG_STATUSES } from '../src/pasung/pasung-status';
import {
  checkTransition,
  REFERRAL_STATUSES,
  REFERRAL_TRANSITIONS,
  ReferralAction,
  ReferralStatus,
} from '../src/referrals/referral-lifecycle';
import { ensureDemoUsers } from '../src/synthetic/demo-users';
import { GRANT_STATUSES, ASSET_STATUSES } from '../src/synthetic/grants';
import { SeedRefusedError, seedSynthetic, SeedSummary } from '../src/synthetic/seed';
import { asRole } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';
import { createFileDatabase } from './setup/test-database';

/** Every table the seed writes (audit tables aside: the trail is checked by its own verification). */
const SEEDED_TABLES = [
  'organizations',
  'organization_ppks_categories',
  'services',
  'service_areas',
  'partnerships',
  'partnership_parties',
  'persons',
  'person_domiciles',
  'person_kk_numbers',
  'person_ppks_categories',
  'consents',
  'cases',
  'case_residences',
  'case_assessments',
  'case_follow_ups',
  'case_visits',
  'case_escalations',
  'case_events',
  'referrals',
  'referral_events',
  'pasung_cases',
  'pasung_case_events',
  'trainings',
  'training_sessions',
  'training_enrolments',
  'training_attendance',
  'grant_budgets',
  'grant_budget_top_ups',
  'grants',
  'grant_items',
  'grant_events',
  'grant_assets',
  'grant_asset_events',
  'businesses',
  'business_reports',
  'products',
  'product_makers',
  'product_stock_movements',
  'orders',
  'order_lines',
  'market_events',
  'market_event_makers',
  'market_event_sales',
  'maker_revenue',
  'surveys',
  'survey_responses',
];

/**
 * One digest of everything the seed wrote. Ciphertexts are left out (a fresh IV each time, by design); their blind
 * indexes, which are deterministic under one key, stand in for them. Identity-column sequence numbers are left out
 * too: they depend on what the database held before.
 */
async function digest(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const parts: string[] = [];
    for (const table of SEEDED_TABLES) {
      const columns = (
        await client.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1
             AND column_name NOT LIKE '%encrypted' AND column_name <> 'seq' ORDER BY ordinal_position`,
          [table],
        )
      ).rows.map((r) => `"${r.column_name}"`);
      const [row] = (
        await client.query<{ n: string; d: string }>(
          `SELECT count(*) AS n, md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS d
           FROM (SELECT ${columns.join(', ')} FROM ${table}) r`,
        )
      ).rows;
      parts.push(`${table}:${row.n}:${row.d}`);
    }
    return createHash('sha256').update(parts.join('|')).digest('hex');
  } finally {
    await client.end();
  }
}

describe('synthetic data set (npm run seed:synthetic), small scale', () => {
  let t: TestApp;
  let cipher: PiiCipher;
  let summary: SeedSummary;
  // The app reads this database while it runs: its day is today, so nothing is already overdue for its timers
  // (the referral expiry job would otherwise expire the REQUESTED referrals of a fixed past day).
  const asOf = todayIn(timeZoneOfRegion('35'));

  beforeAll(async () => {
    t = await createTestApp();
    cipher = t.app.get(PiiCipher);
    summary = await seedSynthetic(t.databaseUrl, { scale: 'small', seed: 1, asOf, cipher });
  });

  afterAll(async () => {
    await t.close();
  });

  it('loads every table of the story in seconds, a few hundred people', () => {
    expect(summary).toMatchObject({ scale: 'small', seed: 1, asOf });
    expect(summary.rows.persons).toBeGreaterThanOrEqual(400);
    expect(summary.rows.persons).toBeLessThan(1000);
    for (const table of SEEDED_TABLES.filter((x) => x !== 'organization_ppks_categories')) {
      expect({ table, rows: summary.rows[table] }).toEqual({ table, rows: expect.any(Number) });
      expect({ table, filled: summary.rows[table] > 0 }).toEqual({ table, filled: true });
    }
  });

  it('is deterministic: the same seed gives the same data, another seed other data', async () => {
    const databases = [await createFileDatabase(), await createFileDatabase(), await createFileDatabase()];
    try {
      await seedSynthetic(databases[0].url, { scale: 'small', seed: 7, cipher });
      await seedSynthetic(databases[1].url, { scale: 'small', seed: 7, cipher });
      await seedSynthetic(databases[2].url, { scale: 'small', seed: 8, cipher });
      const [a, b, c] = await Promise.all(databases.map((d) => digest(d.url)));
      expect(a).toBe(b);
      expect(c).not.toBe(a);
    } finally {
      for (const d of databases) await d.drop();
    }
  });

  it('gives valid NIKs that agree with the domicile district, sex and birth date; some people have none', async () => {
    const regions = await t.sql<{ code: string; level: string }>(
      `SELECT code, level FROM regions WHERE level IN ('REGENCY', 'DISTRICT')`,
    );
    const known = {
      regencies: new Set(regions.filter((r) => r.level === 'REGENCY').map((r) => r.code)),
      districts: new Set(regions.filter((r) => r.level === 'DISTRICT').map((r) => r.code)),
    };
    const people = await t.sql<{
      id: string;
      nik_encrypted: string | null;
      nik_index: string | null;
      sex: 'M' | 'F';
      birth_date: string | null;
      birth_date_precision: string | null;
      domicile_village_code: string;
    }>(
      `SELECT id, nik_encrypted, nik_index, sex, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, birth_date_precision, domicile_village_code FROM persons`,
    );
    const withNik = people.filter((p) => p.nik_encrypted !== null);
    expect(withNik.length).toBeGreaterThan(people.length * 0.6);
    expect(people.length - withNik.length).toBeGreaterThan(10);
    const niks = new Set<string>();
    for (const p of withNik) {
      const nik = cipher.decrypt(p.nik_encrypted!, PII_CONTEXTS.nik);
      niks.add(nik);
      expect(p.nik_index).toBe(cipher.blindIndex(nik, PII_CONTEXTS.nik));
      const check = validateNik(nik, known, { birthDate: p.birth_date!, birthDatePrecision: 'DAY', sex: p.sex });
      expect({ id: p.id, check }).toEqual({
        id: p.id,
        check: expect.objectContaining({ ok: true, warnings: [], birthDate: p.birth_date, sex: p.sex }),
      });
      expect(nik.slice(0, 6)).toBe(p.domicile_village_code.slice(0, 6));
      expect(p.birth_date_precision).toBe('DAY');
    }
    expect(niks.size).toBe(withNik.length);
    const kks = await t.sql<{ kk_encrypted: string; kk_index: string }>(
      `SELECT kk_encrypted, kk_index FROM person_kk_numbers`,
    );
    expect(kks.length).toBeGreaterThan(50);
    for (const k of kks) {
      const kk = cipher.decrypt(k.kk_encrypted, PII_CONTEXTS.kk);
      expect(validateKk(kk, known)).toEqual({ ok: true });
      expect(k.kk_index).toBe(cipher.blindIndex(kk, PII_CONTEXTS.kk));
    }
  });

  it('has eks klien in after-care in every regency of Jawa Timur (and of Kalimantan Timur)', async () => {
    const rows = await t.sql<{ regency: string; cases: number; follow_ups: number }>(
      `SELECT o.region_code AS regency, count(DISTINCT c.id)::int AS cases, count(f.id)::int AS follow_ups
       FROM cases c JOIN organizations o ON o.id = c.managing_organization_id
       LEFT JOIN case_follow_ups f ON f.case_id = c.id
       WHERE c.kind = 'COMMUNITY' AND o.type = 'REGENCY_OFFICE' GROUP BY o.region_code`,
    );
    const regencies = await t.sql<{ code: string }>(`SELECT code FROM regions WHERE level = 'REGENCY'`);
    const jatim = regencies.filter((r) => r.code.startsWith('35'));
    expect(jatim).toHaveLength(38);
    for (const { code } of regencies) {
      const row = rows.find((r) => r.regency === code);
      expect({ code, cases: row?.cases ?? 0 }).toEqual({ code, cases: expect.any(Number) });
      expect({ code, ok: (row?.cases ?? 0) > 0 && (row?.follow_ups ?? 0) > 0 }).toEqual({ code, ok: true });
    }
    // Overdue visits exist (missed ones of open cases), as after-care lists need.
    const [{ overdue }] = await t.sql<{ overdue: number }>(
      `SELECT count(*)::int AS overdue FROM case_follow_ups f JOIN cases c ON c.id = f.case_id
       WHERE c.status = 'OPEN' AND f.visit_id IS NULL AND f.cancelled_at IS NULL AND f.due_on < $1`,
      [asOf],
    );
    expect(overdue).toBeGreaterThan(0);
  });

  it('keeps follow-ups, visits, handovers and closures consistent', async () => {
    const badLinks = await t.sql(
      `SELECT f.id FROM case_follow_ups f LEFT JOIN case_visits v ON v.id = f.visit_id
       WHERE (f.visit_id IS NOT NULL AND (v.follow_up_id IS DISTINCT FROM f.id OR v.case_id <> f.case_id))
          OR EXISTS (SELECT 1 FROM case_visits w WHERE w.follow_up_id = f.id AND f.visit_id IS DISTINCT FROM w.id)`,
    );
    expect(badLinks).toEqual([]);
    const badHandovers = await t.sql(
      `SELECT child.id FROM cases child JOIN cases parent ON parent.id = child.parent_case_id
       WHERE parent.kind <> 'RESIDENTIAL' OR parent.outcome <> 'RETURNED_TO_FAMILY' OR child.kind <> 'COMMUNITY'
          OR child.opened_on <> parent.closed_on OR child.person_id <> parent.person_id`,
    );
    expect(badHandovers).toEqual([]);
    const visitsAfterClosure = await t.sql(
      `SELECT v.id FROM case_visits v JOIN cases c ON c.id = v.case_id WHERE v.visited_on > coalesce(c.closed_on, $1::date)
          OR v.visited_on < c.opened_on`,
      [asOf],
    );
    expect(visitsAfterClosure).toEqual([]);
    const futureRows = await t.sql(
      `SELECT id FROM cases WHERE opened_on > $1 UNION ALL SELECT id FROM case_visits WHERE visited_on > $1
       UNION ALL SELECT id FROM referrals WHERE created_at::date > $1::date + 1`,
      [asOf],
    );
    expect(futureRows).toEqual([]);
  });

  it('keeps every UPT within its capacity, each resident in one open stay', async () => {
    const upts = await t.sql<{ code: string; capacity: number; residents: number }>(
      `SELECT o.code, o.capacity, count(r.id)::int AS residents FROM organizations o
       JOIN case_residences r ON r.organization_id = o.id AND r.discharged_on IS NULL WHERE o.type = 'UPT' GROUP BY o.code, o.capacity`,
    );
    expect(upts.length).toBeGreaterThanOrEqual(2);
    for (const upt of upts) expect(upt.residents).toBeLessThanOrEqual(upt.capacity);
    const openStayOfClosedCase = await t.sql(
      `SELECT r.id FROM case_residences r JOIN cases c ON c.id = r.case_id WHERE r.discharged_on IS NULL AND c.status <> 'OPEN'`,
    );
    expect(openStayOfClosedCase).toEqual([]);
  });

  it('has referrals in every state, each reached through the lifecycle with its events', async () => {
    const referrals = await t.sql<{
      id: string;
      status: ReferralStatus;
      from_organization_id: string;
      to_organization_id: string;
      consent_id: string | null;
    }>(`SELECT id, status, from_organization_id, to_organization_id, consent_id FROM referrals`);
    expect(new Set(referrals.map((r) => r.status))).toEqual(new Set(REFERRAL_STATUSES));
    const events = await t.sql<{
      referral_id: string;
      action: string;
      from_status: ReferralStatus | null;
      to_status: ReferralStatus;
      actor_organization_id: string | null;
    }>(`SELECT referral_id, action, from_status, to_status, actor_organization_id FROM referral_events ORDER BY seq`);
    const byReferral = new Map<string, typeof events>();
    for (const e of events) byReferral.set(e.referral_id, [...(byReferral.get(e.referral_id) ?? []), e]);
    for (const r of referrals) {
      const steps = byReferral.get(r.id) ?? [];
      expect(steps[0]).toMatchObject({
        action: 'create',
        from_status: null,
        to_status: 'REQUESTED',
        actor_organization_id: r.from_organization_id,
      });
      for (const step of steps.slice(1)) {
        if (step.action === 'expire') {
          expect(step.from_status).toBe('REQUESTED');
          continue;
        }
        const action = step.action as ReferralAction;
        const side = step.actor_organization_id === r.from_organization_id ? 'sender' : 'receiver';
        expect(REFERRAL_TRANSITIONS[action].side).toBe(side);
        expect(checkTransition(step.from_status!, action, side)).toEqual({ ok: true, to: step.to_status });
      }
      expect(steps[steps.length - 1].to_status).toBe(r.status);
    }
    // A referral needs a consent covering the receiver for that purpose, or a written override (CHECK).
    const uncovered = await t.sql(
      `SELECT r.id FROM referrals r JOIN consents c ON c.id = r.consent_id
       WHERE c.purpose <> 'REFERRAL' OR c.recipient_organization_id <> r.to_organization_id OR c.person_id <> r.person_id
          OR c.given_on > r.created_at::date OR (c.expires_on IS NOT NULL AND c.expires_on < r.created_at::date)`,
    );
    expect(uncovered).toEqual([]);
  });

  it('has businesses on every growth trajectory, by the same rule the service applies', async () => {
    const reports = await t.sql<{ business_id: string; period: string; net_income_idr: string; open: boolean }>(
      `SELECT business_id, period, net_income_idr, open FROM business_reports`,
    );
    const businesses = await t.sql<{ id: string; graduated_on: string | null; start_date: string }>(
      `SELECT id, to_char(graduated_on, 'YYYY-MM-DD') AS graduated_on, to_char(start_date, 'YYYY-MM-DD') AS start_date FROM businesses`,
    );
    const byBusiness = new Map<string, { period: string; netIncomeIdr: number; open: boolean }[]>();
    for (const r of reports) {
      byBusiness.set(r.business_id, [
        ...(byBusiness.get(r.business_id) ?? []),
        { period: r.period, netIncomeIdr: Number(r.net_income_idr), open: r.open },
      ]);
    }
    const statuses = new Set<string>();
    for (const b of businesses) {
      const list = byBusiness.get(b.id) ?? [];
      statuses.add(growthStatus(list, asOf, DEFAULT_GROWTH_THRESHOLDS).status);
      // At most 60 monthly reports (five years), none before the business started or after the data set's day.
      expect(list.length).toBeLessThanOrEqual(60);
      for (const r of list) {
        expect(r.period >= b.start_date.slice(0, 7) && r.period <= asOf.slice(0, 7)).toBe(true);
      }
      if (b.graduated_on) {
        const before = list.filter((r) => r.period <= b.graduated_on!.slice(0, 7));
        expect(meetsGraduationRule(before, { minNetIncomeIdr: 1_500_000, months: 6 })).toBe(true);
      }
    }
    expect(statuses).toEqual(new Set(GROWTH_STATUSES));
    expect(
      addMonths(asOf.slice(0, 7), -59) <= [...reports].sort((a, b) => (a.period < b.period ? -1 : 1))[0].period,
    ).toBe(true);
    // The API derives the same status (a Jawa Timur business: same local day as `asOf`).
    const [business] = await t.sql<{ id: string }>(
      `SELECT b.id FROM businesses b WHERE b.village_code LIKE '35%' AND EXISTS (SELECT 1 FROM business_reports r WHERE r.business_id = b.id) LIMIT 1`,
    );
    const officer = await asRole(t, Role.PROVINCE_OFFICER);
    const res = await t.http.get(`/api/v1/businesses/${business.id}`).set(officer.auth).expect(200);
    expect(res.body.growth.status).toBe(
      growthStatus(byBusiness.get(business.id)!, asOf, DEFAULT_GROWTH_THRESHOLDS).status,
    );
  });

  it('has pasung cases in every status, grants in every status within their budgets, assets and orders in every status', async () => {
    const values = async (sql: string) => new Set((await t.sql<{ v: string }>(sql)).map((r) => r.v));
    expect(await values(`SELECT DISTINCT current_status AS v FROM pasung_cases`)).toEqual(new Set(PASUNG_STATUSES));
    expect(await values(`SELECT DISTINCT status AS v FROM grants`)).toEqual(new Set(GRANT_STATUSES));
    expect(await values(`SELECT DISTINCT status AS v FROM grant_assets`)).toEqual(new Set(ASSET_STATUSES));
    expect(await values(`SELECT DISTINCT status AS v FROM orders`)).toEqual(
      new Set(['PLACED', 'CONFIRMED', 'DELIVERED', 'PAID', 'CANCELLED']),
    );
    const pasungStatusNotLatest = await t.sql(
      `SELECT p.id FROM pasung_cases p WHERE p.current_status <> (SELECT e.status FROM pasung_case_events e
         WHERE e.pasung_case_id = p.id ORDER BY e.occurred_on DESC, e.seq DESC LIMIT 1)`,
    );
    expect(pasungStatusNotLatest).toEqual([]);
    const budgetsOff = await t.sql(
      `SELECT b.id FROM grant_budgets b WHERE b.committed_idr <> coalesce((SELECT sum(g.total_idr) FROM grants g
         WHERE g.budget_id = b.id AND g.status IN ('APPROVED', 'DISBURSED', 'CLOSED')), 0)
         OR b.disbursed_idr <> coalesce((SELECT sum(g.total_idr) FROM grants g WHERE g.budget_id = b.id AND g.status IN ('DISBURSED', 'CLOSED')), 0)`,
    );
    expect(budgetsOff).toEqual([]);
    const stockOff = await t.sql(
      `SELECT p.id FROM products p WHERE p.stock <> (SELECT sum(m.delta) FROM product_stock_movements m WHERE m.product_id = p.id)`,
    );
    expect(stockOff).toEqual([]);
  });

  it('gives a grant whose skill is a training a training completed before the proposal', async () => {
    const grants = await t.sql<{ id: string; person_id: string; created_at: Date }>(
      `SELECT id, person_id, created_at FROM grants WHERE criteria @> '[{"code": "SKILL", "passed": true}]'
         AND criteria::text LIKE '%Completed a skills training%'`,
    );
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) {
      // TrainingsService.hasCompletedTraining's rule, as of the proposal.
      const [row] = await t.sql<{ completed: boolean }>(
        `SELECT EXISTS (
           SELECT 1 FROM training_enrolments e JOIN trainings tr ON tr.id = e.training_id
           CROSS JOIN LATERAL (
             SELECT count(*) AS held, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM training_attendance a
               WHERE a.session_id = s.id AND a.enrolment_id = e.id AND a.present)) AS attended
             FROM training_sessions s WHERE s.training_id = tr.id AND s.status = 'SCHEDULED') c
           WHERE e.person_id = $1 AND tr.ends_on < $2::date AND c.held > 0
             AND c.attended * 100 >= tr.min_attendance_percent * c.held) AS completed`,
        [g.person_id, g.created_at],
      );
      expect({ grant: g.id, completed: row.completed }).toEqual({ grant: g.id, completed: true });
    }
    // Enrolments that fail the eligibility rules carry the override reason the CHECK requires.
    const [{ overridden }] = await t.sql<{ overridden: number }>(
      `SELECT count(*)::int AS overridden FROM training_enrolments WHERE cardinality(failed_rules) > 0`,
    );
    expect(overridden).toBeGreaterThan(0);
  });

  it('lets the service read a seeded person: NIK in clear for casework roles, masked for the province', async () => {
    const [person] = await t.sql<{ id: string; nik_encrypted: string; regency: string }>(
      `SELECT id, nik_encrypted, domicile_regency_code AS regency FROM persons WHERE nik_encrypted IS NOT NULL AND domicile_regency_code LIKE '35%' ORDER BY id LIMIT 1`,
    );
    const nik = cipher.decrypt(person.nik_encrypted, PII_CONTEXTS.nik);
    const operator = await asRole(t, Role.REGENCY_OPERATOR, `DINSOS-${person.regency}`);
    const own = await t.http.get(`/api/v1/persons/${person.id}`).set(operator.auth).expect(200);
    expect(own.body.nik).toBe(nik);
    const officer = await asRole(t, Role.PROVINCE_OFFICER);
    const masked = await t.http.get(`/api/v1/persons/${person.id}`).set(officer.auth).expect(200);
    expect(masked.body.nik).toBe(`${nik.slice(0, 4)}********${nik.slice(-4)}`);
    // Another regency's office does not see the person at all (unless its own cases or referrals bring them in).
    const other = person.regency === '3501' ? '3502' : '3501';
    const [{ linked }] = await t.sql<{ linked: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM cases WHERE person_id = $1 AND managing_organization_id = $2)
          OR EXISTS (SELECT 1 FROM referrals WHERE person_id = $1 AND to_organization_id = $2) OR
          EXISTS (SELECT 1 FROM persons WHERE id = $1 AND registered_by_organization_id = $2) AS linked`,
      [person.id, seededOrganizationId(`DINSOS-${other}`)],
    );
    const stranger = await asRole(t, Role.REGENCY_OPERATOR, `DINSOS-${other}`);
    await t.http
      .get(`/api/v1/persons/${person.id}`)
      .set(stranger.auth)
      .expect(linked ? 200 : 404);
    // Lists and aggregates work over the seeded rows too.
    const list = await t.http.get(`/api/v1/persons?region=${person.regency}&limit=5`).set(operator.auth).expect(200);
    expect(list.body.data.length).toBeGreaterThan(0);
  });

  it('leaves the audit trail intact: one sealed event for the load', async () => {
    const chain = new AuditChain(t.app.get(DataSource));
    await chain.seal();
    const report = await chain.verify();
    expect(report).toMatchObject({ ok: true, unsealed: 0 });
    const events = await t.sql<{ action: string; resource_type: string; resource_id: string; actor_kind: string }>(
      `SELECT action, resource_type, resource_id, actor_kind FROM audit_events WHERE resource_type = 'synthetic-data'`,
    );
    expect(events).toEqual([
      { action: 'IMPORT', resource_type: 'synthetic-data', resource_id: 'small:1', actor_kind: 'system' },
    ]);
  });

  it('refuses a database that holds data, unless forced; a seed is never loaded twice', async () => {
    await expect(seedSynthetic(t.databaseUrl, { scale: 'small', seed: 2, asOf, cipher })).rejects.toThrow(
      SeedRefusedError,
    );
    await expect(seedSynthetic(t.databaseUrl, { scale: 'small', seed: 1, asOf, cipher, force: true })).rejects.toThrow(
      /already loaded/,
    );
    const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM persons`);
    const forced = await seedSynthetic(t.databaseUrl, { scale: 'small', seed: 3, asOf, cipher, force: true });
    const after = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM persons`);
    expect(after[0].n).toBe(before[0].n + forced.rows.persons);
    // Still within capacity, with both seeds' residents in the seeded UPTs.
    const over = await t.sql(
      `SELECT o.code FROM organizations o JOIN case_residences r ON r.organization_id = o.id AND r.discharged_on IS NULL
       GROUP BY o.code, o.capacity HAVING count(*) > o.capacity`,
    );
    expect(over).toEqual([]);
    // A refused or failed load leaves nothing behind: one transaction.
    const bad = new PiiCipher(randomBytes(32));
    const db = await createFileDatabase();
    try {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      await client.query(`ALTER TABLE business_reports ADD CONSTRAINT ck_test_refuse CHECK (net_income_idr < 0)`);
      await client.end();
      await expect(seedSynthetic(db.url, { scale: 'small', seed: 1, cipher: bad })).rejects.toThrow(/ck_test_refuse/);
      const leftovers = await new Client({ connectionString: db.url });
      await leftovers.connect();
      const { rows } = await leftovers.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons`);
      await leftovers.end();
      expect(rows[0].n).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it('creates one demo user per role, who can log in with the printed password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jejaring-demo-'));
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const users = await ensureDemoUsers(client, dir);
      expect(new Set(users.map((u) => u.role))).toEqual(new Set(Object.values(Role)));
      for (const user of users) {
        const res = await t.http
          .post('/api/v1/auth/login')
          .send({ username: user.username, password: user.password })
          .expect(200);
        const me = await t.http
          .get('/api/v1/me')
          .set({ Authorization: `Bearer ${res.body.access_token as string}` })
          .expect(200);
        expect(me.body).toMatchObject({ role: user.role, organizationId: user.organizationId });
      }
      // A second start keeps the same users and passwords.
      const again = await ensureDemoUsers(client, dir);
      expect(again.map((u) => u.password)).toEqual(users.map((u) => u.password));
      const [{ n }] = (
        await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE username LIKE 'demo.%'`)
      ).rows;
      expect(n).toBe(users.length);
    } finally {
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
