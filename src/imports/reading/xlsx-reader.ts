import * as ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { ImportErrorCode } from '../imports.errors';
import { MAX_COLUMNS } from './header';
import { CellProblem, CellProblemCode, ImportFatalError, SourceRow } from './source-row';

type Cell = ExcelJS.CellValue;

/**
 * Streams the rows of the first worksheet of an XLSX workbook (exceljs' streaming reader: one row at a time, shared
 * strings cached, a sheet stored before its strings spooled to a temporary file by exceljs). Formulas are never
 * evaluated: a formula cell gives the value Excel stored with it, or a problem when it has none.
 */
export async function* readXlsx(source: Readable): AsyncGenerator<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const worksheet of reader) {
      sheets++;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const converted = convertRow(row);
        if (converted) yield converted;
      }
      // Only the first sheet holds the data; the others (notes, lists for drop-downs) are not read.
      break;
    }
  } catch (error) {
    if (error instanceof ImportFatalError) throw error;
    throw new ImportFatalError(ImportErrorCode.IMPORT_FILE_UNREADABLE, {
      reason: { id: `XLSX rusak (${describe(error)})`, en: `damaged XLSX (${describe(error)})` },
    });
  } finally {
    source.destroy();
  }
  if (sheets === 0) {
    throw new ImportFatalError(ImportErrorCode.IMPORT_FILE_UNREADABLE, {
      reason: { id: 'buku kerja tanpa lembar kerja', en: 'a workbook without a worksheet' },
    });
  }
}

function convertRow(row: ExcelJS.Row): SourceRow | null {
  const values = row.values as Cell[];
  // values[0] is always empty: exceljs numbers cells from 1.
  const width = Math.max(0, values.length - 1);
  const tooWide = width > MAX_COLUMNS;
  const count = Math.min(width, MAX_COLUMNS + 1);
  const cells: string[] = new Array<string>(count).fill('');
  const problems: CellProblem[] = [];
  let numbers: Set<number> | undefined;
  let empty = true;
  for (let i = 0; i < count; i++) {
    const result = cellText(values[i + 1]);
    if ('problem' in result) {
      problems.push({ index: i, code: result.problem });
      empty = false;
      continue;
    }
    cells[i] = result.text;
    if (result.text !== '') empty = false;
    if (result.number) (numbers ??= new Set()).add(i);
  }
  if (empty && !tooWide) return null;
  return { row: row.number, cells, problems, numbers, tooWide };
}

type CellText = { text: string; number?: boolean } | { problem: CellProblemCode };

function cellText(value: Cell, depth = 0): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') {
    // Integers print without exponent up to 2^53; Excel itself keeps 15 significant digits.
    const text = Number.isInteger(value) ? BigInt(value).toString() : String(value);
    return { text, number: true };
  }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { problem: 'CELL_UNSUPPORTED' };
    // exceljs gives date cells as UTC midnights of the calendar day shown.
    return { text: value.toISOString().slice(0, 10) };
  }
  if (typeof value === 'object') {
    const object = value as unknown as Record<string, unknown>;
    if ('error' in object) return { problem: 'CELL_ERROR_VALUE' };
    if ('formula' in object || 'sharedFormula' in object) {
      const result = object.result as Cell | undefined;
      if (result === undefined || result === null || depth > 0) return { problem: 'CELL_FORMULA' };
      return cellText(result, depth + 1);
    }
    if (Array.isArray(object.richText)) {
      return { text: (object.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('') };
    }
    if (typeof object.text === 'string') return { text: object.text };
  }
  return { problem: 'CELL_UNSUPPORTED' };
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 120);
}
