import { Readable } from 'node:stream';
import { Cell, cellOf, neutraliseFormula } from './cells';
import { TableColumn } from './table';

/**
 * UTF-8 byte-order mark. Excel on Windows reads a CSV without it in the legacy code page (Windows-1252), which
 * garbles every non-ASCII letter; with it, Excel reads UTF-8. csv-parse (`bom: true`), Python's `utf-8-sig`,
 * LibreOffice and Google Sheets all skip it.
 */
export const CSV_BOM = '\uFEFF';
/** RFC 4180 line ending. */
export const CSV_EOL = '\r\n';

/** Rows are gathered into chunks of about this many characters before they are pushed. */
const CHUNK_CHARS = 64 * 1024;
const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 field: quoted (with `"` doubled) when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvCell(cell: Cell): string {
  switch (cell.kind) {
    case 'empty':
      return '';
    case 'number':
      return cell.text;
    case 'date':
      return cell.day;
    case 'boolean':
      return cell.value ? 'true' : 'false';
    case 'text':
      return csvField(neutraliseFormula(cell.text));
  }
}

/** The header line followed by one line per row, each ending in CRLF. */
export function csvLine<R>(columns: readonly TableColumn<R>[], row: R): string {
  return columns.map((column) => csvCell(cellOf(column, row))).join(',') + CSV_EOL;
}

export function csvHeader<R>(columns: readonly TableColumn<R>[]): string {
  return columns.map((column) => csvField(neutraliseFormula(column.header ?? column.key))).join(',') + CSV_EOL;
}

/**
 * A CSV file as a byte stream: BOM, header, rows. Rows are pulled from `rows` only when the stream's reader wants
 * more (Readable.from honours backpressure), so memory stays flat however many rows there are. Destroying the
 * stream (the client went away) ends the iteration of `rows`, which runs its `finally` blocks.
 */
export function csvStream<R>(columns: readonly TableColumn<R>[], rows: AsyncIterable<R> | Iterable<R>): Readable {
  async function* chunks(): AsyncGenerator<string> {
    let chunk = CSV_BOM + csvHeader(columns);
    for await (const row of rows) {
      chunk += csvLine(columns, row);
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    yield chunk;
  }
  return Readable.from(chunks(), { objectMode: false });
}
