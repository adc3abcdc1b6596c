/** The file formats a table can be written in. */
export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export function isTableFormat(value: string): value is TableFormat {
  return (TABLE_FORMATS as readonly string[]).includes(value);
}

/**
 * How a column's values are written:
 * - `text`: a string; in CSV a value starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` (formula
 *   neutralisation), in XLSX it is a string cell (never a formula).
 * - `number`: a number cell (a numeric string, e.g. a PostgreSQL bigint, is accepted as is).
 * - `date`: a calendar day `YYYY-MM-DD` (or a Date, read in UTC); an XLSX date cell formatted `yyyy-mm-dd`.
 * - `datetime`: an instant, written as ISO 8601 UTC text (`2025-03-01T02:03:04.000Z`) in both formats, because
 *   spreadsheet date-times carry no time zone.
 * - `boolean`: `true`/`false` in CSV, a boolean cell in XLSX.
 *
 * A value that does not fit its type is written as text (and neutralised), never dropped.
 */
export type ColumnType = 'text' | 'number' | 'date' | 'datetime' | 'boolean';

/** One value as a row gives it. Arrays are written as one cell, their items joined with `; `. */
export type CellValue = string | number | bigint | boolean | Date | null | undefined;

/** One column of a table. */
export interface TableColumn<R> {
  /**
   * Stable machine name. Without `value`, the cell is read from the row by this path (`person.fullName`,
   * `domicile.villageCode`); it is also the header when `header` is absent.
   */
  key: string;
  /** Text of the header row; defaults to `key`. */
  header?: string;
  /** Defaults to `text`. */
  type?: ColumnType;
  /** Computes the cell; defaults to reading `key` as a path. */
  value?: (row: R) => CellValue | readonly CellValue[];
  /** XLSX column width in characters; a default is chosen by type. */
  width?: number;
}

/** Everything {@link sendTable} needs to answer with a table. */
export interface TableSpec<R> {
  format: TableFormat;
  /** File name without extension; unsafe characters are replaced, the extension of `format` is added. */
  filename: string;
  columns: readonly TableColumn<R>[];
  /** Pulled one at a time, only as fast as the client reads: never collect them into an array first. */
  rows: AsyncIterable<R> | Iterable<R>;
  /** XLSX worksheet name (at most 31 characters, no `[]:*?/\`); defaults to `data`. */
  sheetName?: string;
}
