import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** The nearest folder above this file that holds `migrations/data` (works from `migrations/` and `dist/migrations/`). */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'migrations', 'data'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No project root above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** Reads a CSV file of `migrations/data/` with a header row into records. */
export function readDataCsv(relativePath: string): Record<string, string>[] {
  const file = join(projectRoot(), 'migrations', 'data', relativePath);
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
}
