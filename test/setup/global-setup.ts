import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { adminQuery, ENV_KEY, TestDatabaseEnv, withDatabase } from './test-database';

/**
 * One PostgreSQL for the run: the server at DATABASE_URL when set, otherwise an embedded cluster in a temporary
 * folder. A uniquely named template database gets the real migrations once; each test file copies it, so runs
 * and files never see each other's data.
 */
export default async function globalSetup(): Promise<void> {
  const prefix = `jejaring_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'jejaring-test-pg-'));
    const embedded = await startEmbeddedPostgres(
      dir,
      randomBytes(12).toString('hex'),
      pino({ level: 'warn' }),
      'postgres',
    );
    (globalThis as { __embedded?: typeof embedded }).__embedded = embedded;
    (globalThis as { __embeddedDir?: string }).__embeddedDir = dir;
    adminUrl = embedded.url;
  }
  const template = `${prefix}_template`;
  await adminQuery(adminUrl, `CREATE DATABASE "${template}"`);
  await runMigrations(withDatabase(adminUrl, template));
  const env: TestDatabaseEnv = { adminUrl, template, prefix };
  process.env[ENV_KEY] = JSON.stringify(env);
}
