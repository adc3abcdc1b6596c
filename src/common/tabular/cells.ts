import { CellValue, ColumnType, TableColumn } from './table';

/**
 * A cell after type conversion, before it is written: the CSV and XLSX writers share this step so a value reads the
 * same in both formats.
 */
export type Cell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  /** `text` keeps the exact digits (a bigint beyond 2^53 stays exact in CSV). */
  | { kind: 'number'; value: number; text: string }
  | { kind: 'date'; day: string }
  | { kind: 'boolean'; value: boolean };

/** Joins the items of an array value into one cell. */
export const LIST_SEPARATOR = '; ';

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): `=`, `+`, `-`, `@`, and
 * tab or carriage return, which some programs skip before looking for those.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
/** Beyond 15 significant digits a spreadsheet number loses precision: such values stay text in XLSX. */
const SAFE_DIGITS = 15;

/**
 * Makes text safe to open in a spreadsheet: text that would start a formula gets a leading apostrophe, which
 * Excel, LibreOffice and Google Sheets all read as "this is text" (OWASP CSV injection guidance).
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function startsFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** Reads `a.b.c` from a row; anything missing on the way is `undefined`. */
export function readPath(row: unknown, path: string): unknown {
  let current: unknown = row;
  for (const part of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The cell of `column` for `row`, converted by the column's type. */
export function cellOf<R>(column: TableColumn<R>, row: R): Cell {
  const raw = column.value ? column.value(row) : (readPath(row, column.key) as CellValue | readonly CellValue[]);
  if (Array.isArray(raw)) {
    const items = (raw as readonly CellValue[]).map((item) => textOf(item)).filter((item) => item !== '');
    return items.length === 0 ? { kind: 'empty' } : { kind: 'text', text: items.join(LIST_SEPARATOR) };
  }
  return convert(raw as CellValue, column.type ?? 'text');
}

function convert(value: CellValue, type: ColumnType): Cell {
  if (value === null || value === undefined || value === '') return { kind: 'empty' };
  switch (type) {
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'number', value, text: String(value) };
      if (typeof value === 'bigint') return { kind: 'number', value: Number(value), text: value.toString() };
      if (typeof value === 'string' && DECIMAL.test(value))
        return { kind: 'number', value: Number(value), text: value };
      break;
    case 'date':
      if (typeof value === 'string' && DAY.test(value)) return { kind: 'date', day: value };
      if (value instanceof Date && !Number.isNaN(value.getTime()))
        return { kind: 'date', day: value.toISOString().slice(0, 10) };
      break;
    case 'boolean':
      if (typeof value === 'boolean') return { kind: 'boolean', value };
      break;
    case 'datetime':
    case 'text':
      break;
  }
  return { kind: 'text', text: textOf(value) };
}

function textOf(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  // Lone surrogates cannot be encoded as UTF-8 nor stored in XML: replaced by U+FFFD, like any UTF-8 encoder does.
  return String(value).replace(LONE_SURROGATE, '\uFFFD');
}

/** Whether a number cell can be an XLSX number without losing digits. */
export function fitsSpreadsheetNumber(cell: { value: number; text: string }): boolean {
  return cell.text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length <= SAFE_DIGITS;
}
