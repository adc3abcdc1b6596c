import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { csvStream } from './csv-writer';
import { TableColumn, TableFormat, TableSpec } from './table';
import { xlsxStream } from './xlsx-writer';

export const TABLE_CONTENT_TYPES: Record<TableFormat, string> = {
  // RFC 4180 registers the `header` parameter: the first line names the columns.
  csv: 'text/csv; charset=utf-8; header=present',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const MAX_FILENAME = 100;

/**
 * A file name that is safe everywhere: letters, digits, `.`, `_` and `-` only (anything else becomes `-`), no
 * leading dot, at most 100 characters, with the format's extension. Never lets a caller-supplied value inject a
 * header, a path or a quote.
 */
export function safeFilename(name: string, format: TableFormat): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents go, letters stay: Ngámpél → Ngampel
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/-+$/, '')
    .slice(0, MAX_FILENAME);
  return `${base === '' ? 'export' : base}.${format}`;
}

/** `attachment; filename="…"` (RFC 6266); the name is ASCII by construction, so no `filename*` is needed. */
export function contentDisposition(name: string, format: TableFormat): string {
  return `attachment; filename="${safeFilename(name, format)}"`;
}

/** The table as a byte stream in the given format. */
export function tableStream<R>(
  format: TableFormat,
  columns: readonly TableColumn<R>[],
  rows: AsyncIterable<R> | Iterable<R>,
  sheetName?: string,
): Readable {
  return format === 'csv' ? csvStream(columns, rows) : xlsxStream(columns, rows, sheetName);
}

/**
 * Answers a request with a table, streamed: `Content-Type` of the format, `Content-Disposition: attachment` with a
 * safe file name, `Cache-Control: no-store` (exports hold personal data), then the file, written only as fast as the
 * client reads it.
 *
 * The first row is pulled **before** anything is sent, so an error the row source raises up front (a bad filter,
 * an unknown reference, a refused cursor) still becomes an ordinary problem+json answer: the promise rejects and the
 * exception filter answers. An error after the first byte can no longer change the status: the stream is broken
 * off, so the client sees an incomplete download, never a file that looks whole.
 *
 * Use from a controller that takes the reply with `@Res()` (not passthrough) and returns nothing.
 */
export async function sendTable<R>(reply: FastifyReply, spec: TableSpec<R>): Promise<void> {
  const rows = await primed(spec.rows);
  const stream = tableStream(spec.format, spec.columns, rows, spec.sheetName);
  // Not awaited: the reply resolves when the download ends, and a failure then is the stream's to report.
  void reply
    .status(200)
    .header('Content-Type', TABLE_CONTENT_TYPES[spec.format])
    .header('Content-Disposition', contentDisposition(spec.filename, spec.format))
    .header('Cache-Control', 'no-store')
    .send(stream);
}

/**
 * Pulls the first row now; answers an iterable that yields it and then the rest. Ending the iteration early (the
 * client went away) ends the source's iteration too.
 */
export async function primed<R>(rows: AsyncIterable<R> | Iterable<R>): Promise<AsyncIterable<R>> {
  const iterator =
    Symbol.asyncIterator in rows
      ? (rows as AsyncIterable<R>)[Symbol.asyncIterator]()
      : (rows as Iterable<R>)[Symbol.iterator]();
  const first = await iterator.next();
  return {
    [Symbol.asyncIterator]: async function* () {
      let finished = false;
      try {
        if (first.done) {
          finished = true;
          return;
        }
        yield first.value;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
        finished = true;
      } finally {
        if (!finished) await iterator.return?.();
      }
    },
  };
}
