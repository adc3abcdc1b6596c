import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createApp } from '../app.factory';
import { createPinoLogger } from '../common/logging/logger';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { loadConfig } from '../config/app-config';
import { resolveSecrets } from '../config/secrets';
import { embeddedPassword, postmasterPid, startEmbeddedPostgres } from '../database/embedded-postgres';
import { runMigrations } from '../database/migrate';
import { PiiCipher } from '../persons/pii/pii-cipher';
import { DEMO_MARKER, DemoUser, ensureDemoUsers } from '../synthetic/demo-users';
import { parseSeed } from '../synthetic/options';
import { SeedRefusedError, seedSynthetic, tablesInUse } from '../synthetic/seed';

const DEMO_DATABASE = 'jejaring_demo';

/**
 * `npm run demo` (README, docs/synthetic-data.md#demo): the service on its own embedded PostgreSQL under
 * `.data/demo`, with the small synthetic data set (loaded on first start) and one demo user per role whose
 * passwords are printed. Listens on 127.0.0.1 only. Refuses NODE_ENV=production and DATABASE_URL: it is never a
 * deployment.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string', default: join('.data', 'demo') }, seed: { type: 'string', default: '1' } },
    strict: true,
  });
  if (process.env.NODE_ENV === 'production') {
    throw new SeedRefusedError(
      'npm run demo refuses NODE_ENV=production: the demo prints passwords and holds synthetic people.',
    );
  }
  if (process.env.DATABASE_URL) {
    throw new SeedRefusedError(
      'npm run demo always runs on its own embedded database (.data/demo): unset DATABASE_URL.',
    );
  }
  const dataDir = resolve(values['data-dir']);
  const seed = parseSeed(values.seed);
  // The demo's own folder, whatever DATA_DIR says: a developer's real embedded data is never touched.
  const config = resolveSecrets(
    loadConfig({
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: undefined,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    }),
  );
  const running = postmasterPid(join(dataDir, 'pg'));
  if (running !== undefined) throw new SeedRefusedError(`The demo is already running (PostgreSQL pid ${running}).`);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, DEMO_MARKER), 'Data folder of `npm run demo`: synthetic data, printed passwords.\n');
  const logger = createPinoLogger(config.logLevel);
  const database = await startEmbeddedPostgres(dataDir, embeddedPassword(dataDir), logger, DEMO_DATABASE);
  let users: DemoUser[];
  try {
    await runMigrations(database.url);
    users = await prepare(database.url, dataDir, seed, PiiCipher.fromConfig(config));
  } catch (error) {
    await database.stop();
    throw error;
  }
  const app = await createApp(config, database.url, logger);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await app.close();
    } finally {
      await database.stop();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // Loopback only: the demo's passwords are printed on the screen.
  await app.listen({ port: config.port, host: '127.0.0.1' });
  process.stdout.write(banner(`http://127.0.0.1:${config.port}`, dataDir, users));
}

/** The small data set on first start (as of today, so after-care is due now), then the demo users. */
async function prepare(url: string, dataDir: string, seed: number, cipher: PiiCipher): Promise<DemoUser[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if ((await tablesInUse(client)).length === 0) {
      process.stdout.write('Loading the small synthetic data set (first start only)…\n');
      const summary = await seedSynthetic(url, { scale: 'small', seed, asOf: todayIn(timeZoneOfRegion('35')), cipher });
      process.stdout.write(`Loaded ${summary.totalRows} rows in ${summary.seconds.toFixed(1)} s.\n`);
    }
    return await ensureDemoUsers(client, dataDir);
  } finally {
    await client.end();
  }
}

function banner(base: string, dataDir: string, users: DemoUser[]): string {
  const officer = users.find((u) => u.username === 'demo.regency') ?? users[0];
  const rows = users.map(
    (u) => `  ${u.role.padEnd(17)} ${u.username.padEnd(14)} ${u.password.padEnd(18)} ${u.organizationName}`,
  );
  return [
    '',
    '==========================================================================================',
    ' JEJARING DEMO: synthetic data only (no real person), passwords printed. Not a deployment.',
    '==========================================================================================',
    ` API      ${base}/api/v1      OpenAPI UI ${base}/docs      GraphiQL ${base}/graphql`,
    ` Data     ${dataDir} (delete the folder to start again from scratch)`,
    '',
    ' Demo users (one per role):',
    `  ${'role'.padEnd(17)} ${'username'.padEnd(14)} ${'password'.padEnd(18)} organisation`,
    ...rows,
    '',
    ' Log in and read something:',
    `  TOKEN=$(curl -s -X POST ${base}/api/v1/auth/login -H 'content-type: application/json' \\`,
    `    -d '{"username":"${officer.username}","password":"${officer.password}"}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
    `  curl -s "${base}/api/v1/persons?limit=3" -H "authorization: Bearer $TOKEN"`,
    `  curl -s "${base}/api/v1/cases?kind=COMMUNITY&limit=3" -H "authorization: Bearer $TOKEN"`,
    '',
    ' In /docs: "Authorize" with the access_token. In /graphql: header {"Authorization": "Bearer <token>"}.',
    ' Ctrl-C stops the demo and its database.',
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof SeedRefusedError ? 1 : 2);
});
