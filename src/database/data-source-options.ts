import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migration-list';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * Options shared by the application, the migration scripts and the tests. The schema comes only from
 * `migrations/`: `synchronize` stays off everywhere.
 */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // Request-scoped transactions hold a connection for the length of a write; keep room for reads beside them.
    extra: { max: 20, application_name: 'jejaring' },
    ...extra,
  } as DataSourceOptions;
}
