import { Client } from 'pg';
import { encodeCursor } from '../src/common/pagination/pagination';
import { seededOrganizationId } from '../src/common/ids';
import { hashPassword } from '../src/identity/secrets';
import { prng, shuffle } from './synthetic';

/**
 * What the bench adds to the seeded database to measure it: its own organisations and users, and fresh targets
 * for the write benchmarks. Everything it adds is recognisable (organisation codes `BENCH-*`, grant year 2100,
 * referrals to the bench partner), so each run first removes what the previous run left and measures the same
 * database again.
 */

/** Kota Surabaya: the bench's regency office reads and registers people there. */
export const BENCH_REGENCY = '3578';
/** Grants of the bench live in a year of their own, so approving them never touches a seeded budget. */
export const BENCH_GRANT_YEAR = 2100;
export const BENCH_PASSWORD = 'bench-password-not-secret';
/** Users the login benchmark cycles through (each may log in 10 times a minute, the per-user rate limit: 1 000 users allow 166 logins/s). */
export const LOGIN_USERS = 1000;

export interface BenchUser {
  username: string;
  id: string;
  organizationId: string;
  role: string;
}

export interface BenchFixtures {
  regencyOperator: BenchUser;
  partner: BenchUser;
  officer: BenchUser;
  analyst: BenchUser;
  importer: BenchUser;
  loginUsers: string[];
  /** Persons the regency operator may read, in a stable shuffled order. */
  personIds: string[];
  /** ?cursor= of a page ~90 % of the way through the operator's list. */
  deepCursor: string;
  /** Villages of the bench regency, for new people. */
  villages: string[];
}

const ORGS = [
  {
    code: 'BENCH-REGENCY',
    name: 'Benchmark: Dinas Sosial Kota Surabaya',
    type: 'REGENCY_OFFICE',
    region: BENCH_REGENCY,
  },
  { code: 'BENCH-PARTNER', name: 'Benchmark: LKS Mitra', type: 'NGO', region: BENCH_REGENCY },
  {
    code: 'BENCH-IMPORT',
    name: 'Benchmark: Dinas Sosial Kota Surabaya (impor)',
    type: 'REGENCY_OFFICE',
    region: BENCH_REGENCY,
  },
] as const;

export async function prepareFixtures(url: string, seed: number): Promise<BenchFixtures> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const org: Record<string, string> = {};
    const province = seededOrganizationId('DINSOS-35');
    for (const o of ORGS) {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO organizations (code, name, type, region_code, parent_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [o.code, o.name, o.type, o.region, province],
      );
      org[o.code] = rows[0].id;
    }
    await removePreviousRun(client, org);

    const hash = await hashPassword(BENCH_PASSWORD);
    const user = async (username: string, role: string, organizationId: string): Promise<BenchUser> => {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO users (username, display_name, role, organization_id, password_hash) VALUES ($1, $1, $2, $3, $4)
         ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role, organization_id = EXCLUDED.organization_id,
           password_hash = EXCLUDED.password_hash, status = 'ACTIVE'
         RETURNING id`,
        [username, role, organizationId, hash],
      );
      return { username, id: rows[0].id, organizationId, role };
    };
    const regencyOperator = await user('bench-regency', 'REGENCY_OPERATOR', org['BENCH-REGENCY']);
    const partner = await user('bench-partner', 'PARTNER', org['BENCH-PARTNER']);
    const officer = await user('bench-officer', 'PROVINCE_OFFICER', province);
    const analyst = await user('bench-analyst', 'ANALYST', province);
    const importer = await user('bench-importer', 'REGENCY_OPERATOR', org['BENCH-IMPORT']);
    const loginUsers = Array.from({ length: LOGIN_USERS }, (_, i) => `bench-login-${String(i).padStart(3, '0')}`);
    await client.query(
      `INSERT INTO users (username, display_name, role, organization_id, password_hash)
       SELECT u, u, 'REGENCY_OPERATOR', $2, $3 FROM unnest($1::text[]) AS u
       ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, status = 'ACTIVE'`,
      [loginUsers, org['BENCH-REGENCY'], hash],
    );
    // Counters of earlier runs would refuse this run's logins with 429.
    await client.query(`DELETE FROM login_failures WHERE username LIKE 'bench-%'`);
    await client.query(`DELETE FROM rate_limit_counters WHERE key LIKE 'login:%'`);

    const villages = (
      await client.query<{ code: string }>(
        `SELECT code FROM regions WHERE level = 'VILLAGE' AND code LIKE $1 ORDER BY code`,
        [`${BENCH_REGENCY}%`],
      )
    ).rows.map((r) => r.code);

    const visible = `p.status = 'ACTIVE' AND NOT p.restricted AND p.domicile_regency_code = $1`;
    const ids = (
      await client.query<{ id: string }>(`SELECT id FROM persons p WHERE ${visible} ORDER BY id LIMIT 20000`, [
        BENCH_REGENCY,
      ])
    ).rows.map((r) => r.id);
    if (ids.length === 0) throw new Error(`the bench database holds no person living in ${BENCH_REGENCY}`);
    const { rows: deep } = await client.query<{ full_name: string; id: string }>(
      `SELECT full_name, id FROM persons p WHERE ${visible} ORDER BY full_name, id
       OFFSET (SELECT (count(*) * 0.9)::int FROM persons p WHERE ${visible}) LIMIT 1`,
      [BENCH_REGENCY],
    );
    return {
      regencyOperator,
      partner,
      officer,
      analyst,
      importer,
      loginUsers,
      personIds: shuffle(prng(seed), ids),
      deepCursor: encodeCursor(
        deep.length > 0 ? [deep[0].full_name, deep[0].id] : ['', '00000000-0000-0000-0000-000000000000'],
      ),
      villages,
    };
  } finally {
    await client.end();
  }
}

/**
 * `count` referrals REQUESTED from the regency office of Surabaya to the bench partner, each about another person,
 * with a written consent override (as a sender without a consent record would give). Returns their ids in a
 * shuffled order.
 */
export async function prepareReferrals(
  url: string,
  partner: BenchUser,
  count: number,
  seed: number,
): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `WITH people AS (
         SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
           FROM persons WHERE status = 'ACTIVE' AND NOT restricted)
       INSERT INTO referrals (from_organization_id, to_organization_id, person_id, reason, priority, status,
                              respond_by, consent_override_reason)
       SELECT $1, $2, p.id, 'Benchmark: rujukan untuk diterima', 'ROUTINE', 'REQUESTED', now() + interval '7 days',
              'Benchmark on synthetic data'
         FROM generate_series(0, $3 - 1) AS g
         -- The count as a scalar subquery makes the join key a function of g alone, which a hash join can use
         -- (a count beside each person made the condition span both sides: a nested loop, minutes at 200k people).
         JOIN people p ON p.n = g % (SELECT count(*) FROM people)
       RETURNING id`,
      [seededOrganizationId(`DINSOS-${BENCH_REGENCY}`), partner.organizationId, count],
    );
    await client.query('ANALYZE referrals');
    return shuffle(
      prng(seed + 1),
      rows.map((r) => r.id),
    );
  });
}

/**
 * `count` grants SUBMITTED in the bench year, spread over the regencies of Jawa Timur (each regency's budget row
 * is locked by an approval, as in real use), each for another person where there are enough, proposed by that
 * regency's office; and a budget per regency large enough for all of them.
 */
export async function prepareGrants(url: string, count: number, seed: number): Promise<string[]> {
  return withClient(url, async (client) => {
    await client.query(
      `INSERT INTO grant_budgets (regency_code, year, initial_idr, total_idr)
       SELECT code, $1, 1000000000000000, 1000000000000000 FROM regions WHERE level = 'REGENCY' AND code LIKE '35%'
       ON CONFLICT (regency_code, year) DO NOTHING`,
      [BENCH_GRANT_YEAR],
    );
    const { rows } = await client.query<{ id: string }>(
      `WITH people AS (
         SELECT id, domicile_regency_code AS regency, row_number() OVER (ORDER BY id) - 1 AS n
           FROM persons WHERE status = 'ACTIVE' AND NOT restricted AND domicile_regency_code LIKE '35%')
       INSERT INTO grants (person_id, regency_code, year, proposing_organization_id, business_plan, stated_skill,
                           total_idr, status, criteria, criteria_passed)
       SELECT p.id, p.regency, $1, o.id, 'Benchmark: usaha jahit rumahan', 'Menjahit', 5000000, 'SUBMITTED', '[]', true
         FROM generate_series(0, $2 - 1) AS g
         JOIN people p ON p.n = g % (SELECT count(*) FROM people)
         JOIN organizations o ON o.code = 'DINSOS-' || p.regency
       RETURNING id`,
      [BENCH_GRANT_YEAR, count],
    );
    await client.query('ANALYZE grants');
    return shuffle(
      prng(seed + 2),
      rows.map((r) => r.id),
    );
  });
}

/** Removes what earlier runs added (people they registered or imported, referrals, grants), keeping users. */
async function removePreviousRun(client: Client, org: Record<string, string>): Promise<void> {
  const registrars = [org['BENCH-REGENCY'], org['BENCH-IMPORT']];
  await client.query('BEGIN');
  try {
    await client.query(
      `DELETE FROM referral_events WHERE referral_id IN (SELECT id FROM referrals WHERE to_organization_id = $1)`,
      [org['BENCH-PARTNER']],
    );
    await client.query(`DELETE FROM referrals WHERE to_organization_id = $1`, [org['BENCH-PARTNER']]);
    const grants = `SELECT id FROM grants WHERE year = $1`;
    await client.query(`DELETE FROM grant_events WHERE grant_id IN (${grants})`, [BENCH_GRANT_YEAR]);
    await client.query(`DELETE FROM grant_items WHERE grant_id IN (${grants})`, [BENCH_GRANT_YEAR]);
    await client.query(`DELETE FROM grants WHERE year = $1`, [BENCH_GRANT_YEAR]);
    await client.query(`UPDATE grant_budgets SET committed_idr = 0 WHERE year = $1`, [BENCH_GRANT_YEAR]);
    const people = `SELECT id FROM persons WHERE registered_by_organization_id = ANY($1)`;
    for (const table of ['person_kk_numbers', 'person_domiciles', 'person_ppks_categories', 'consents']) {
      await client.query(`DELETE FROM ${table} WHERE person_id IN (${people})`, [registrars]);
    }
    await client.query(`DELETE FROM persons WHERE registered_by_organization_id = ANY($1)`, [registrars]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  // The whole database, not only persons: the previous run's import leaves 100,000 dead rows in every table a
  // person has rows in, and until vacuumed their index-only scans visit the table (the funnel report took 270 ms
  // instead of 120 ms). A live database has autovacuum keeping up; a bench that deletes in bulk must do it itself.
  await client.query('VACUUM (ANALYZE)');
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
