import type { LocalizedText } from '../../common/i18n';
import { ColumnSpec, normaliseHeader } from '../import-kinds';

/** More cells than this in one row is not a spreadsheet row of ours; the row is refused, not parsed. */
export const MAX_COLUMNS = 256;

export interface ColumnProblem {
  column: string;
  message: LocalizedText;
}

export interface HeaderMap {
  /** Template column at each cell index of the file, or null for an ignored (empty, trailing) header cell. */
  columns: (ColumnSpec | null)[];
  problems: ColumnProblem[];
}

/**
 * Matches a file's header row with a template: every required column present, no unknown or repeated column (a typo
 * such as `tangal_lahir` would otherwise drop a whole column of data without a word). Optional columns may be left
 * out and the order is free. Empty header cells at the end (Excel leaves them) are ignored.
 */
export function mapHeader(cells: readonly string[], specs: readonly ColumnSpec[]): HeaderMap {
  const problems: ColumnProblem[] = [];
  const byName = new Map(specs.map((s) => [s.name, s]));
  let last = cells.length - 1;
  while (last >= 0 && cells[last].trim() === '') last--;
  if (last + 1 > MAX_COLUMNS) {
    problems.push({
      column: '',
      message: {
        id: `baris judul berisi ${last + 1} kolom; paling banyak ${MAX_COLUMNS}`,
        en: `the header row has ${last + 1} columns; at most ${MAX_COLUMNS}`,
      },
    });
    return { columns: [], problems };
  }
  const columns: (ColumnSpec | null)[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < cells.length; i++) {
    if (i > last) {
      columns.push(null);
      continue;
    }
    const name = normaliseHeader(cells[i]);
    const spec = byName.get(name);
    if (name === '') {
      problems.push({
        column: `#${i + 1}`,
        message: { id: `kolom ke-${i + 1} tidak berjudul`, en: `column ${i + 1} has no header` },
      });
    } else if (!spec) {
      problems.push({
        column: cells[i].trim().slice(0, 100),
        message: { id: 'kolom tidak dikenal dalam templat ini', en: 'not a column of this template' },
      });
    } else if (seen.has(name)) {
      problems.push({ column: name, message: { id: 'kolom ini muncul dua kali', en: 'this column appears twice' } });
    }
    if (spec) seen.add(name);
    columns.push(spec && !problems.some((p) => p.column === name) ? spec : null);
  }
  for (const spec of specs.filter((s) => s.required && !seen.has(s.name))) {
    problems.push({ column: spec.name, message: { id: 'kolom wajib tidak ada', en: 'required column is missing' } });
  }
  return { columns, problems };
}
