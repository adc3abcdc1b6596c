import { stream as excelStream, Worksheet } from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { Cell, cellOf, fitsSpreadsheetNumber } from './cells';
import { ColumnType, TableColumn } from './table';

/** Excel refuses longer text in a cell ("repairs" the file); longer values are cut, which docs/exports.md notes. */
export const XLSX_MAX_TEXT = 32767;
const DEFAULT_WIDTH: Record<ColumnType, number> = { text: 24, number: 14, date: 12, datetime: 26, boolean: 8 };
const DATE_FORMAT = 'yyyy-mm-dd';

type XlsxCell = string | number | boolean | Date | null;

/** What the streaming worksheet exposes beyond its typings: the stream its XML goes to. */
interface StreamingSheet {
  stream: { pipes?: unknown[] };
}

/** The first stream of the zip pipeline that honours backpressure, as seen on its writable side. */
interface BackpressureTarget {
  _writableState?: { needDrain?: boolean };
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

export function xlsxCell(cell: Cell): XlsxCell {
  switch (cell.kind) {
    case 'empty':
      return null;
    // A number that a spreadsheet would round (more than 15 digits) stays exact as text; never a formula.
    case 'number':
      return fitsSpreadsheetNumber(cell) ? cell.value : cell.text;
    case 'date':
      return new Date(`${cell.day}T00:00:00.000Z`);
    case 'boolean':
      return cell.value;
    case 'text':
      // A string cell is never evaluated, so text that looks like a formula is kept exactly as it is.
      return cell.text.length > XLSX_MAX_TEXT ? cell.text.slice(0, XLSX_MAX_TEXT) : cell.text;
  }
}

/**
 * An XLSX workbook (one worksheet: a bold, frozen header row with an auto-filter, then the rows) as a byte stream,
 * written by exceljs's streaming writer, so neither the rows nor the sheet are ever held whole in memory.
 *
 * Backpressure: exceljs writes each committed row's XML into the zip without waiting, so a slow client would make
 * the buffers grow. After each row the writer looks at the first stream of exceljs's zip pipeline that honours
 * backpressure (archiver's PassThrough in front of the deflater) and waits for its `drain` before it pulls the next
 * row. That is an internal of exceljs 4.4.0, pinned exactly in package.json; `xlsx-writer.spec.ts` fails if an
 * upgrade loses it.
 */
export function xlsxStream<R>(
  columns: readonly TableColumn<R>[],
  rows: AsyncIterable<R> | Iterable<R>,
  sheetName = 'data',
): Readable {
  const output = new PassThrough();
  let closed = false;
  output.once('close', () => {
    closed = true;
  });
  const workbook = new excelStream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    key: column.key,
    width: column.width ?? DEFAULT_WIDTH[column.type ?? 'text'],
    style: column.type === 'date' ? { numFmt: DATE_FORMAT } : {},
  }));
  if (columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };

  const write = async (): Promise<void> => {
    // String cells, like all text here: a header is never evaluated either.
    const header = sheet.addRow(columns.map((column) => column.header ?? column.key));
    header.font = { bold: true };
    header.commit();
    for await (const row of rows) {
      if (closed) return; // the client went away: stop pulling rows (this ends their iteration)
      sheet.addRow(columns.map((column) => xlsxCell(cellOf(column, row)))).commit();
      await drained(sheet, output);
    }
    if (closed) return;
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => {
    // After the first byte there is no status to change: breaking the stream makes the client see an incomplete
    // download instead of a file that looks whole.
    output.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return output;
}

/** Waits until exceljs's zip pipeline takes more, or the output is gone. */
function drained(sheet: Worksheet, output: PassThrough): Promise<void> {
  const target = (sheet as unknown as StreamingSheet).stream.pipes?.[0] as BackpressureTarget | undefined;
  if (!target?._writableState?.needDrain || output.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      target.removeListener('drain', done);
      output.removeListener('close', done);
      resolve();
    };
    target.once('drain', done);
    output.once('close', done);
  });
}

/** Excel's rules: at most 31 characters, none of `[]:*?/\`, not empty. */
function safeSheetName(name: string): string {
  const cleaned = name
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31);
  return cleaned === '' ? 'data' : cleaned;
}
