import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';

/**
 * For the TypeORM CLI (`npm run migration:generate -- migrations/<name>`): compares the entities with the
 * database at DATABASE_URL and writes the difference as a migration to review.
 */
export const dataSource = new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/jejaring', {
    entities: [join(__dirname, '..', '**', '*.entity.js'), join(__dirname, '..', 'ppks', 'ppks.entities.js')],
  }),
);
