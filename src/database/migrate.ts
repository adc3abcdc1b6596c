import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Applies pending migrations; used at start, by `npm run migration:run` and by the test setup. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, { logging: ['error'] }));
  await dataSource.initialize();
  // Several nodes may start at once against an older database: one migrates, the others wait and find nothing
  // left to do. A session lock on one pinned connection, released when it closes.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext('jejaring:migrations'))`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext('jejaring:migrations'))`).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
