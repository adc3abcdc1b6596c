import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { resolveSecrets } from './config/secrets';
import { EmbeddedDatabase, embeddedPassword, startEmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { createPinoLogger } from './common/logging/logger';
import { isDemoDataDir } from './synthetic/demo-users';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = resolveSecrets(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config.isProduction && !config.databaseUrl && isDemoDataDir(config.dataDir)) {
    process.stderr.write(
      `${config.dataDir} is the data folder of npm run demo (synthetic data): refused with NODE_ENV=production\n`,
    );
    process.exit(1);
  }
  const logger = createPinoLogger(config.logLevel);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, embeddedPassword(config.dataDir), logger);
    databaseUrl = embedded.url;
  }
  const applied = await runMigrations(databaseUrl);
  if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');

  const app = await createApp(config, databaseUrl, logger);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await app.close();
    } finally {
      await embedded?.stop();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: '0.0.0.0' });
  logger.info({ port: config.port, embedded: Boolean(embedded) }, 'Jejaring API listening');
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `Jejaring failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
