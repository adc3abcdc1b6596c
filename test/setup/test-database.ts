import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Where the test run's databases live; written by the global setup, read by every test file. */
export interface TestDatabaseEnv {
  /** URL of the maintenance database (`postgres`) of the server under test. */
  adminUrl: string;
  /** The migrated template each test file copies. */
  template: string;
  /** Prefix of every database this run creates, so teardown can drop them all. */
  prefix: string;
}

export const ENV_KEY = 'JEJARING_TEST_DB';

export function readTestDatabaseEnv(): TestDatabaseEnv {
  const raw = process.env[ENV_KEY];
  if (!raw) throw new Error('The e2e global setup did not run (JEJARING_TEST_DB is unset)');
  return JSON.parse(raw) as TestDatabaseEnv;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery<T = unknown>(adminUrl: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file, copied from the migrated template (fast: no migrations to run). */
export async function createFileDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const env = readTestDatabaseEnv();
  const name = `${env.prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(env.adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${env.template}"`);
  return {
    url: withDatabase(env.adminUrl, name),
    drop: async () => {
      await adminQuery(env.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
