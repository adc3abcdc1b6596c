import { rmSync } from 'node:fs';
import type { EmbeddedDatabase } from '../../src/database/embedded-postgres';
import { adminQuery, readTestDatabaseEnv } from './test-database';

/** Drops every database this run created and stops the embedded cluster, if one was started. */
export default async function globalTeardown(): Promise<void> {
  const env = readTestDatabaseEnv();
  const rows = await adminQuery<{ datname: string }>(
    env.adminUrl,
    `SELECT datname FROM pg_database WHERE datname LIKE '${env.prefix}%'`,
  );
  for (const { datname } of rows) {
    await adminQuery(env.adminUrl, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  const state = globalThis as { __embedded?: EmbeddedDatabase; __embeddedDir?: string };
  if (state.__embedded) {
    await state.__embedded.stop();
    if (state.__embeddedDir) rmSync(state.__embeddedDir, { recursive: true, force: true });
  }
}
