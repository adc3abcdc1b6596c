import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditChain } from '../audit/audit-chain';
import { createPinoLogger } from '../common/logging/logger';
import { AppConfig, loadConfig } from '../config/app-config';
import { resolveSecrets } from '../config/secrets';
import { dataSourceOptions } from '../database/data-source-options';
import { embeddedPassword, postmasterPid, startEmbeddedPostgres } from '../database/embedded-postgres';
import { runMigrations } from '../database/migrate';
import { PiiCipher } from '../persons/pii/pii-cipher';
import { SCALES, ScaleName } from '../synthetic/scale';
import { SeedRefusedError, seedSynthetic, SeedSummary } from '../synthetic/seed';
import { parseAsOf, parseSeed } from '../synthetic/options';

const USAGE = 'usage: seed-synthetic --scale small|province --seed <N> [--as-of YYYY-MM-DD] [--force]';

/**
 * `npm run seed:synthetic -- --scale small|province --seed N` (docs/synthetic-data.md): migrates, then loads the
 * deterministic synthetic data set with COPY into DATABASE_URL, or into the embedded PostgreSQL under DATA_DIR
 * exactly as the service would open it (service stopped). Refuses a database that already holds data unless
 * --force, and any NODE_ENV=production configuration. Exit code 0 when loaded, 1 when refused, 2 on failure.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      force: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.scale || !(SCALES as readonly string[]).includes(values.scale)) {
    throw new SeedRefusedError(`--scale must be small or province\n${USAGE}`);
  }
  const scale = values.scale as ScaleName;
  const seed = parseSeed(values.seed);
  const asOf = parseAsOf(values['as-of']);
  const config = loadConfig();
  if (config.isProduction) {
    throw new SeedRefusedError(
      'Synthetic data is never loaded with NODE_ENV=production: it would mix with real people.',
    );
  }
  const run = async (url: string, cipher: PiiCipher): Promise<SeedSummary> => {
    const applied = await runMigrations(url);
    if (applied.length > 0) process.stdout.write(`applied ${applied.length} migration(s)\n`);
    const summary = await seedSynthetic(url, {
      scale,
      seed,
      asOf,
      force: values.force,
      cipher,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    await sealAudit(url);
    return summary;
  };
  let summary: SeedSummary;
  if (config.databaseUrl) {
    summary = await run(config.databaseUrl, PiiCipher.fromConfig(config));
  } else {
    summary = await runEmbedded(config, run);
  }
  process.stdout.write(
    `seeded ${summary.scale} (seed ${summary.seed}, as of ${summary.asOf}): ${summary.totalRows} rows in ` +
      `${summary.seconds.toFixed(1)} s (plan ${summary.planSeconds.toFixed(1)} s, COPY ${summary.loadSeconds.toFixed(1)} s, ` +
      `ANALYZE ${summary.analyzeSeconds.toFixed(1)} s)\n`,
  );
  return 0;
}

/** The embedded cluster of the service (service stopped): its password, its secrets, its database. */
async function runEmbedded(
  config: AppConfig,
  run: (url: string, cipher: PiiCipher) => Promise<SeedSummary>,
): Promise<SeedSummary> {
  const clusterDir = join(config.dataDir, 'pg');
  const running = postmasterPid(clusterDir);
  if (running !== undefined) {
    throw new SeedRefusedError(
      `The embedded database under ${clusterDir} is in use (PostgreSQL pid ${running}). Stop the service first: in ` +
        'embedded mode only one process can open the database.',
    );
  }
  // Same secrets as the service: generated into DATA_DIR/secrets.json on first use, so the service reads the NIKs.
  const resolved = resolveSecrets(config);
  const logger = createPinoLogger(
    config.logLevel === 'debug' || config.logLevel === 'trace' ? config.logLevel : 'warn',
  );
  const database = await startEmbeddedPostgres(config.dataDir, embeddedPassword(config.dataDir), logger);
  try {
    return await run(database.url, PiiCipher.fromConfig(resolved));
  } finally {
    await database.stop();
  }
}

/** Links the seed's audit event into the hash chain now, as `npm run audit:verify` would. */
async function sealAudit(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, { logging: ['error'], extra: { max: 2 } }));
  await dataSource.initialize();
  try {
    await new AuditChain(dataSource).seal();
  } finally {
    await dataSource.destroy();
  }
}

// process.exit rather than process.exitCode: embedded-postgres' exit hook would otherwise end the process with 0.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof SeedRefusedError ? 1 : 2);
  },
);
