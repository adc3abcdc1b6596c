import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';

/**
 * `npm run migration:run` / `migration:revert` against DATABASE_URL. (In embedded mode migrations run at start;
 * there is no server to point this at while the service is stopped.)
 */
async function main(): Promise<void> {
  const command = process.argv[2];
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new Error('Set DATABASE_URL: the service migrates its embedded database itself at start.');
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl, { logging: ['error', 'migration'] }));
  await dataSource.initialize();
  try {
    if (command === 'run') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      process.stdout.write(`applied ${applied.length} migration(s)${applied.map((m) => `\n  ${m.name}`).join('')}\n`);
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    } else {
      throw new Error('usage: migrate run|revert');
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
