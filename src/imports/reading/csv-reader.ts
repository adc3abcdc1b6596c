import { parse, CsvError } from 'csv-parse';
import { Readable, Transform, TransformCallback, pipeline } from 'node:stream';
import { ImportErrorCode } from '../imports.errors';
import { MAX_COLUMNS } from './header';
import { CellProblem, ImportFatalError, SourceRow } from './source-row';

/** Longest row accepted, in characters; a longer one stops the job (IMPORT_FILE_UNREADABLE) instead of growing. */
export const MAX_ROW_CHARS = 256 * 1024;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * Cuts every row of the raw CSV bytes after MAX_COLUMNS delimiters, so that a row of 10,000 (or ten million) empty
 * cells reaches the parser as MAX_COLUMNS + 1 cells: csv-parse builds a whole row in memory before anyone can look
 * at it, and empty cells do not count towards its size limit. The reader then refuses that row alone. It follows
 * quoting as csv-parse does (a quote only opens a field at its start; `""` inside is a quote), so delimiters and
 * line breaks inside quoted cells do not count. Chunks with no row to cut pass through unchanged.
 */
export class ColumnGuard extends Transform {
  private state = State.FieldStart;
  private delimiters = 0;
  private dropping = false;

  constructor(
    private readonly delimiter: number,
    private readonly maxColumns = MAX_COLUMNS,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // null while nothing is cut in this chunk; else the kept spans, and where the current one starts (-1: dropping).
    let parts: Buffer[] | null = null;
    let keepFrom = this.dropping ? -1 : 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      let isDelimiter = false;
      let isRowEnd = false;
      if (this.state === State.Quoted) {
        if (byte === QUOTE) this.state = State.QuoteInQuoted;
      } else if (this.state === State.QuoteInQuoted && byte === QUOTE) {
        this.state = State.Quoted;
      } else if (byte === this.delimiter) {
        isDelimiter = true;
        this.state = State.FieldStart;
      } else if (byte === LF || byte === CR) {
        isRowEnd = true;
        this.state = State.FieldStart;
      } else {
        this.state = this.state === State.FieldStart && byte === QUOTE ? State.Quoted : State.Unquoted;
      }
      if (isDelimiter && !this.dropping && ++this.delimiters >= this.maxColumns) {
        // Kept through the delimiter that opens the extra cell, so the parser sees MAX + 1 cells.
        parts ??= [];
        parts.push(chunk.subarray(keepFrom, i + 1));
        keepFrom = -1;
        this.dropping = true;
      } else if (isRowEnd) {
        this.delimiters = 0;
        if (this.dropping) {
          this.dropping = false;
          parts ??= [];
          keepFrom = i;
        }
      }
    }
    if (parts === null) {
      if (this.dropping) done();
      else done(null, chunk);
      return;
    }
    if (keepFrom >= 0) parts.push(chunk.subarray(keepFrom));
    done(null, Buffer.concat(parts));
  }
}

/** The most frequent of `,`, `;` and tab outside quotes in the first line: Indonesian Excel saves CSV with `;`. */
export function sniffDelimiter(head: Buffer): string {
  const counts = new Map<number, number>([
    [0x2c, 0],
    [0x3b, 0],
    [0x09, 0],
  ]);
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i];
    if (byte === QUOTE) quoted = !quoted;
    else if (!quoted && (byte === LF || byte === CR)) break;
    else if (!quoted && counts.has(byte)) counts.set(byte, counts.get(byte)! + 1);
  }
  let best = 0x2c;
  for (const [byte, count] of counts) if (count > counts.get(best)!) best = byte;
  return String.fromCharCode(best);
}

/**
 * Streams the rows of a CSV file (UTF-8, with or without BOM). Memory stays flat whatever the length of the file:
 * one row at a time, rows cut at MAX_COLUMNS cells and MAX_ROW_CHARS characters. Cells are text, never formulas:
 * `=HYPERLINK(...)` is read as those characters. A cell that is not valid UTF-8 is reported, not guessed.
 */
export async function* readCsv(source: Readable, delimiter: string): AsyncGenerator<SourceRow> {
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    // Hand-made files hold quotes inside unquoted cells (`Jl. "Mawar" 5`): they are part of the text.
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_ROW_CHARS,
    info: true,
  });
  const guard = new ColumnGuard(delimiter.charCodeAt(0));
  pipeline(source, guard, parser, () => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const problems: CellProblem[] = [];
      for (let i = 0; i < record.length; i++) {
        // csv-parse decodes each cell's bytes on its own; invalid UTF-8 becomes U+FFFD, which no form can type.
        if (record[i].includes('\uFFFD')) problems.push({ index: i, code: 'CELL_ENCODING' });
      }
      yield { row: info.lines, cells: record, problems, tooWide: record.length > MAX_COLUMNS };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new ImportFatalError(ImportErrorCode.IMPORT_FILE_UNREADABLE, {
        reason: {
          id: `CSV rusak di sekitar baris ${line ?? '?'} (${error.code})`,
          en: `malformed CSV near line ${line ?? '?'} (${error.code})`,
        },
      });
    }
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
}
