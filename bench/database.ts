import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import type { Scale } from './args';

/** The database the bench measures, and the secrets its synthetic data was written with. */
export interface BenchDatabase {
  url: string;
  embedded: boolean;
  jwtSecret: string;
  piiEncryptionKey: string;
  stop(): Promise<void>;
}

interface BenchState {
  scale: string | null;
  seed: number | null;
  jwt_secret: string;
  pii_key: string;
  seeded_at: Date | null;
}

const quietLogger = {
  info: () => undefined,
  debug: () => undefined,
  error: (object: unknown) => process.stderr.write(`embedded postgres: ${JSON.stringify(object)}\n`),
};

/**
 * The bench's own PostgreSQL: `BENCH_DATABASE_URL` (or `DATABASE_URL`) when set, else an embedded cluster under
 * `<dataDir>/pg` that lives only while the bench runs. Never the development database under `.data/pg`.
 */
export async function openDatabase(dataDir: string): Promise<Pick<BenchDatabase, 'url' | 'embedded' | 'stop'>> {
  const external = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (external) return { url: external, embedded: false, stop: async () => undefined };
  mkdirSync(dataDir, { recursive: true });
  const passwordFile = join(dataDir, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const embedded = await startEmbeddedPostgres(
    dataDir,
    readFileSync(passwordFile, 'utf8').trim(),
    quietLogger,
    'jejaring_bench',
  );
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}

/**
 * Makes the database hold the synthetic data set of this scale and seed. A database already seeded with the same
 * scale and seed (recorded in `bench.state`) is reused as it is, so a rerun measures in minutes instead of
 * seeding again; another scale or seed, or `--reseed`, empties it and seeds again. A database that holds people
 * the bench did not seed is refused, never emptied.
 */
export async function prepareDatabase(
  opened: Pick<BenchDatabase, 'url' | 'embedded' | 'stop'>,
  scale: Scale,
  seed: number,
  reseed: boolean,
  log: (line: string) => void,
): Promise<BenchDatabase> {
  const client = new Client({ connectionString: opened.url });
  await client.connect();
  try {
    let state = await readState(client);
    const reusable = state?.seeded_at && state.scale === scale && state.seed === seed && !reseed;
    if (state && reusable) {
      log(
        `bench database already holds scale ${scale}, seed ${seed} (seeded ${state.seeded_at!.toISOString()}): reused`,
      );
      await runMigrations(opened.url);
      return { ...opened, jwtSecret: state.jwt_secret, piiEncryptionKey: state.pii_key };
    }
    if (!state && (await holdsPersons(client))) {
      throw new Error(
        'the bench database holds persons the bench did not seed; point BENCH_DATABASE_URL to an empty database ' +
          '(the bench empties and seeds it)',
      );
    }
    if (state || (await hasTables(client))) {
      log('emptying the bench database');
      await emptyDatabase(client);
    }
    state = {
      scale: null,
      seed: null,
      jwt_secret: randomBytes(48).toString('base64url'),
      pii_key: randomBytes(32).toString('base64'),
      seeded_at: null,
    };
    await writeState(client, state);
    log('applying migrations');
    await runMigrations(opened.url);
    log(`seeding the synthetic data set: scale ${scale}, seed ${seed} (province scale takes minutes)`);
    const started = Date.now();
    await runSeed(opened.url, state, scale, seed);
    await client.query(`UPDATE bench.state SET scale = $1, seed = $2, seeded_at = now()`, [scale, seed]);
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await client.query('VACUUM ANALYZE');
    return { ...opened, jwtSecret: state.jwt_secret, piiEncryptionKey: state.pii_key };
  } finally {
    await client.end();
  }
}

/** Rows per table of the data set, for the report. */
export async function countDataSet(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of ['persons', 'cases', 'referrals', 'grants', 'business_reports', 'audit_events']) {
      // Estimates from the statistics would do for a report, but exact counts are cheap enough at this size.
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${client.escapeIdentifier(table)}`);
      counts[table] = Number(rows[0].n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

export async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  } finally {
    await client.end();
  }
}

/**
 * The seed script of issue 9 (`npm run seed:synthetic`), run from the build against the bench database with the
 * bench's secrets, so that the NIKs it encrypts are readable by the service the bench starts.
 */
function runSeed(url: string, state: BenchState, scale: Scale, seed: number): Promise<void> {
  const script = join(process.cwd(), 'dist/src/cli/seed-synthetic.js');
  if (!existsSync(script)) {
    return Promise.reject(new Error(`${script} is missing: the bench needs the seed script (npm run seed:synthetic)`));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, '--scale', scale, '--seed', String(seed)], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        JWT_SECRET: state.jwt_secret,
        PII_ENCRYPTION_KEY: state.pii_key,
        // The seed script refuses NODE_ENV=production (synthetic people must never mix with real ones).
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the seed script exited with ${code}`))));
  });
}

async function readState(client: Client): Promise<BenchState | null> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('bench.state') IS NOT NULL AS exists`);
  if (!rows[0].exists) return null;
  const state = await client.query<BenchState>(`SELECT scale, seed, jwt_secret, pii_key, seeded_at FROM bench.state`);
  return state.rows[0] ?? null;
}

/**
 * The secrets live in the bench database itself: it only ever holds synthetic people, and the service started on
 * it must decrypt what the seed encrypted, whichever machine or checkout runs the bench next.
 */
async function writeState(client: Client, state: BenchState): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS bench`);
  await client.query(`
    CREATE TABLE IF NOT EXISTS bench.state (
      one boolean PRIMARY KEY DEFAULT true CHECK (one),
      scale text, seed integer, jwt_secret text NOT NULL, pii_key text NOT NULL, seeded_at timestamptz)`);
  await client.query(`DELETE FROM bench.state`);
  await client.query(
    `INSERT INTO bench.state (scale, seed, jwt_secret, pii_key, seeded_at) VALUES ($1, $2, $3, $4, $5)`,
    [state.scale, state.seed, state.jwt_secret, state.pii_key, state.seeded_at],
  );
}

async function holdsPersons(client: Client): Promise<boolean> {
  const { rows } = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('public.persons') IS NOT NULL AS exists`,
  );
  if (!rows[0].exists) return false;
  const persons = await client.query(`SELECT 1 FROM persons LIMIT 1`);
  return (persons.rowCount ?? 0) > 0;
}

async function hasTables(client: Client): Promise<boolean> {
  const { rows } = await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public' LIMIT 1`);
  return rows.length > 0;
}

/** Drops every schema the service and the bench create; migration 1 creates the extensions again. */
async function emptyDatabase(client: Client): Promise<void> {
  const { rows } = await client.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE nspname IN ('public', 'pgboss', 'bench')`,
  );
  for (const { nspname } of rows) await client.query(`DROP SCHEMA ${client.escapeIdentifier(nspname)} CASCADE`);
  await client.query(`CREATE SCHEMA public`);
}
