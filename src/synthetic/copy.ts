import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A jsonb value (plain arrays are written as PostgreSQL arrays). */
export class JsonValue {
  constructor(readonly value: unknown) {}
}

export function json(value: unknown): JsonValue {
  return new JsonValue(value);
}

export type CopyValue = string | number | boolean | null | undefined | JsonValue | readonly (string | null)[];

// Rows are batched into chunks of about this many characters: large enough that the per-write overhead of the
// stream disappears, small enough that memory stays flat whatever the table's size.
const CHUNK_CHARACTERS = 256 * 1024;

/**
 * Streams rows into `table` with `COPY … FROM STDIN` (text format). The rows come from a generator, so a table of a
 * million rows never exists in memory at once; backpressure from the server pauses the generator. Returns the number
 * of rows written. A row the database refuses (constraint, type) fails the whole COPY with PostgreSQL's message.
 */
export async function copyInto(
  client: ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<number> {
  let count = 0;
  function* chunks(): Generator<string> {
    let chunk = '';
    for (const row of rows) {
      if (row.length !== columns.length) {
        throw new Error(`${table}: a row has ${row.length} values for ${columns.length} columns`);
      }
      chunk += `${row.map(encode).join('\t')}\n`;
      count++;
      if (chunk.length >= CHUNK_CHARACTERS) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk.length > 0) yield chunk;
  }
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  await pipeline(Readable.from(chunks(), { objectMode: false }), client.query(copyFrom(sql)));
  return count;
}

function encode(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof JsonValue) return escapeText(JSON.stringify(value.value));
  return escapeText(arrayLiteral(value));
}

/** `{"a","b c",NULL}`: every element quoted, so no element text can be mistaken for syntax. */
function arrayLiteral(items: readonly (string | null)[]): string {
  return `{${items.map((item) => (item === null ? 'NULL' : `"${item.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

function escapeText(text: string): string {
  return text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}
