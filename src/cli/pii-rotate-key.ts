import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { createPinoLogger } from '../common/logging/logger';
import { AppConfig, loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { postmasterPid, startEmbeddedPostgres } from '../database/embedded-postgres';
import {
  beginEmbeddedRotation,
  completeEmbeddedRotation,
  planEmbeddedRotation,
  readStoredSecrets,
  secretsPath,
} from '../persons/pii/embedded-keys';
import { PiiCipher } from '../persons/pii/pii-cipher';
import { PII_COLUMNS } from '../persons/pii/pii-columns';
import { PiiColumnRotation, rotatePiiColumns } from '../persons/pii/rotate';

const USAGE = 'usage: pii-rotate-key [--dry-run] [--batch-size <rows>]';

/**
 * `npm run pii:rotate-key`: moves every encrypted NIK/KK to the current key and recomputes its blind index.
 *
 * - With DATABASE_URL: PII_ENCRYPTION_KEY is the new key, PII_ENCRYPTION_KEYS_PREVIOUS the old one(s). Safe beside
 *   running nodes once they all run with that same pair.
 * - Embedded (no DATABASE_URL), service stopped: generates a new key, stores it in DATA_DIR/secrets.json before
 *   using it, rotates on the embedded cluster, then makes it the service's key. An interrupted run resumes.
 *   With PII_ENCRYPTION_KEY set, the keys come from the environment as above and secrets.json is left alone.
 *
 * Exit code 0 when every value is on the current key, 1 when some are not (dry run: some would be rotated), 2 when
 * the command could not run. Prints counts and key ids only, never a key or a value.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { 'dry-run': { type: 'boolean', default: false }, 'batch-size': { type: 'string', default: '500' } },
  });
  const dryRun = values['dry-run'] ?? false;
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000) {
    throw new Error(`--batch-size must be a whole number from 1 to 10000\n${USAGE}`);
  }
  const config = loadConfig();
  if (config.databaseUrl) {
    const cipher = PiiCipher.fromConfig(config);
    return report(await rotate(config.databaseUrl, cipher, batchSize, dryRun), cipher, dryRun);
  }
  return rotateEmbedded(config, batchSize, dryRun);
}

async function rotateEmbedded(config: AppConfig, batchSize: number, dryRun: boolean): Promise<number> {
  const dataDir = config.dataDir;
  const clusterDir = join(dataDir, 'pg');
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    throw new Error(
      `No embedded database under ${clusterDir}: set DATA_DIR to the service's data folder, ` +
        'or DATABASE_URL to the server to rotate.',
    );
  }
  const running = postmasterPid(clusterDir);
  if (running !== undefined) {
    throw new Error(
      `The embedded database under ${clusterDir} is in use (PostgreSQL pid ${running}). ` +
        'Stop the service first: in embedded mode only one process can open the database.',
    );
  }
  const passwordFile = join(dataDir, 'pg-password');
  if (!existsSync(passwordFile)) throw new Error(`${passwordFile} is missing: cannot connect to the embedded cluster`);

  // A key in the environment overrides secrets.json in the service too: then the operator manages the keys.
  const managedHere = !config.piiEncryptionKey;
  const logger = createPinoLogger(
    config.logLevel === 'debug' || config.logLevel === 'trace' ? config.logLevel : 'warn',
  );
  const password = readFileSync(passwordFile, 'utf8').trim();
  // The cluster starts before a new key is stored, so a cluster that will not start leaves no rotation pending.
  const database = await startEmbeddedPostgres(dataDir, password, logger);
  let cipher: PiiCipher;
  let results: PiiColumnRotation[];
  try {
    cipher = managedHere ? generatedKeyCipher(config, dryRun) : environmentKeyCipher(config);
    results = await rotate(database.url, cipher, batchSize, dryRun);
  } finally {
    await database.stop();
  }
  const code = report(results, cipher, dryRun);
  if (managedHere && !dryRun) {
    if (code === 0) {
      completeEmbeddedRotation(dataDir);
      process.stdout.write(
        `${secretsPath(dataDir)} now holds key ${cipher.keyId}; the old key is kept under piiEncryptionKeysRetired ` +
          'for backups taken before this rotation. The service can be started again.\n',
      );
    } else {
      process.stdout.write('The rotation is not finished: run the command again before starting the service.\n');
    }
  }
  return code;
}

/** The key in secrets.json is rotated to a new generated one (or to the one an interrupted run stored). */
function generatedKeyCipher(config: AppConfig, dryRun: boolean): PiiCipher {
  const keys = dryRun ? planEmbeddedRotation(config.dataDir) : beginEmbeddedRotation(config.dataDir);
  const cipher = new PiiCipher(keys.currentKey, [...keys.previousKeys, ...config.piiEncryptionKeysPrevious]);
  if (keys.resumed) process.stdout.write(`resuming the interrupted rotation to key ${cipher.keyId}\n`);
  else if (!dryRun) process.stdout.write(`new key ${cipher.keyId} stored in ${secretsPath(config.dataDir)}\n`);
  return cipher;
}

/** The environment's keys; any key secrets.json ever held may still be on values, so those decrypt too. */
function environmentKeyCipher(config: AppConfig): PiiCipher {
  const stored = readStoredSecrets(config.dataDir);
  const storedKeys = stored
    ? [
        stored.piiEncryptionKey,
        stored.piiEncryptionKeyNext,
        ...(stored.piiEncryptionKeysRetired ?? []).map((r) => r.key),
      ]
    : [];
  return new PiiCipher(config.piiEncryptionKey as string, [
    ...config.piiEncryptionKeysPrevious,
    ...storedKeys.filter((key): key is string => typeof key === 'string'),
  ]);
}

async function rotate(url: string, cipher: PiiCipher, batchSize: number, dryRun: boolean) {
  const dataSource = new DataSource(dataSourceOptions(url, { logging: ['error'], extra: { max: 2 } }));
  await dataSource.initialize();
  try {
    process.stdout.write(
      `current key ${cipher.keyId}; previous keys: ${cipher.previousKeyIds.join(', ') || '(none)'}` +
        `${dryRun ? ' (dry run: nothing is changed)' : ''}\n`,
    );
    return await rotatePiiColumns(dataSource, cipher, PII_COLUMNS, {
      batchSize,
      dryRun,
      onBatch: (column, rotated) => process.stdout.write(`  ${column.table}.${column.encrypted}: ${rotated}\n`),
    });
  } finally {
    await dataSource.destroy();
  }
}

function report(results: PiiColumnRotation[], cipher: PiiCipher, dryRun: boolean): number {
  for (const r of results) {
    const found = Object.entries(r.foundByKeyId)
      .map(([keyId, n]) => `${n} on ${keyId === '?' ? 'no recognisable key' : `key ${keyId}`}`)
      .join(', ');
    process.stdout.write(
      dryRun
        ? `${r.column}: ${found || 'every value on the current key'}\n`
        : `${r.column}: ${r.rotated} rotated, ${r.remaining} not on key ${cipher.keyId}\n`,
    );
  }
  const left = results.reduce((n, r) => n + r.remaining, 0);
  if (left > 0 && !dryRun) {
    process.stdout.write(
      `${left} value(s) are still not on key ${cipher.keyId}: check that every node runs with the new ` +
        'PII_ENCRYPTION_KEY, then run the command again.\n',
    );
  }
  return left === 0 ? 0 : 1;
}

// process.exit rather than process.exitCode: embedded-postgres' exit hook ends the process with code 0 on
// `beforeExit`, which would turn an unfinished rotation into a success for a calling script.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
