import type { ColumnSpec } from './import-kinds';
import type { MappedRow, RowError } from './kinds/import-kind';
import type { HeaderMap } from './reading/header';
import { CELL_PROBLEMS, SourceRow } from './reading/source-row';
import { MAX_COLUMNS } from './reading/header';

/**
 * Row-level codes of the error report besides the domain codes of the rules (docs/imports.md "Error report").
 */
export const ROW_CODES = {
  ROW_TOO_MANY_COLUMNS: {
    id: `baris berisi lebih dari ${MAX_COLUMNS} sel; baris tidak dibaca`,
    en: `the row has more than ${MAX_COLUMNS} cells; it was not read`,
  },
  ROW_EXTRA_CELLS: {
    id: 'ada isi di luar kolom templat (di kanan kolom terakhir)',
    en: "there are values outside the template's columns (right of the last column)",
  },
  REQUIRED: { id: 'wajib diisi', en: 'is required' },
} as const;

/**
 * A data row under the header: the template column of each cell, with what the reader could not read and what a
 * required column lacks reported. Cells with a problem are left out of `values`, so the kind's rules do not report
 * them a second time.
 */
export function mapRow(
  source: SourceRow,
  header: HeaderMap,
  specs: readonly ColumnSpec[],
): { mapped: MappedRow | null; errors: RowError[] } {
  const errors: RowError[] = [];
  if (source.tooWide) {
    errors.push({ column: null, code: 'ROW_TOO_MANY_COLUMNS', message: ROW_CODES.ROW_TOO_MANY_COLUMNS });
    return { mapped: null, errors };
  }
  const problems = new Map(source.problems.map((p) => [p.index, p.code]));
  const values = new Map<string, string>();
  let extra = false;
  for (let i = 0; i < source.cells.length; i++) {
    const spec = i < header.columns.length ? header.columns[i] : null;
    const problem = problems.get(i);
    const text = source.cells[i].trim();
    if (!spec) {
      if (text !== '' || problem) extra = true;
      continue;
    }
    if (problem) {
      errors.push({ column: spec.name, code: problem, message: CELL_PROBLEMS[problem] });
      continue;
    }
    if (text === '') continue;
    if (spec.text && source.numbers?.has(i)) {
      errors.push({ column: spec.name, code: 'CELL_NUMBER_NOT_TEXT', message: CELL_PROBLEMS.CELL_NUMBER_NOT_TEXT });
      continue;
    }
    values.set(spec.name, text);
  }
  if (extra) errors.push({ column: null, code: 'ROW_EXTRA_CELLS', message: ROW_CODES.ROW_EXTRA_CELLS });
  for (const spec of specs) {
    if (spec.required && !values.has(spec.name) && !errors.some((e) => e.column === spec.name)) {
      errors.push({ column: spec.name, code: 'VALIDATION_FAILED', message: ROW_CODES.REQUIRED });
    }
  }
  return { mapped: { row: source.row, values }, errors };
}

/** The reader's problems first, then the rules' problems on other columns (one cell is blamed once). */
export function mergeErrors(first: RowError[], second: RowError[]): RowError[] {
  const blamed = new Set(first.map((e) => e.column).filter((c) => c !== null));
  return [...first, ...second.filter((e) => e.column === null || !blamed.has(e.column))];
}
