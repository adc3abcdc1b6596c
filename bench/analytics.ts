import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface AnalyticsQuery {
  /** The operation's name, or the file's when the operation has none. */
  name: string;
  file: string;
  document: string;
  variables: Record<string, unknown> | undefined;
}

/**
 * The documented analytics queries: one operation per `docs/analytics-queries/<name>.graphql`, its variables (if
 * any) in `<name>.json` beside it. Every one found is benchmarked, so a new report is measured without touching the
 * bench.
 */
export function discoverAnalyticsQueries(folder: string): AnalyticsQuery[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const document = readFileSync(join(folder, file), 'utf8');
      const variablesFile = join(folder, `${basename(file, '.graphql')}.json`);
      const variables = existsSync(variablesFile)
        ? (JSON.parse(readFileSync(variablesFile, 'utf8')) as Record<string, unknown>)
        : undefined;
      return { name: operationName(document) ?? basename(file, '.graphql'), file, document, variables };
    });
}

/** The name of the first named operation in a document (comments ignored). */
export function operationName(document: string): string | null {
  const code = document.replace(/#[^\n]*/g, '');
  const match = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(code);
  return match ? match[1] : null;
}
