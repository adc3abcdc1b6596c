/**
 * Small-count suppression of analytics tables (docs/analytics.md#privacy). Pure, so the rule is unit-tested on its
 * own and every report, GraphQL or CSV/XLSX, goes through the same code.
 *
 * A table is a list of rows: dimension values (what the row is about: a region, a category, a period) and measures.
 * Measures are of three kinds:
 * - `count`: people or things counted; additive. Primary suppression: 1 to 4 (0 is published: it names no one).
 * - `sum`: an additive amount over the counted things (Rupiah); suppressed with its basis count, and protected
 *   against subtraction like counts.
 * - `ratio`: a non-additive figure about the counted things (median, rate, average); suppressed whenever its basis
 *   count is, for whatever reason.
 *
 * Secondary suppression: for each additive measure, a "line" is a set of rows that differ in exactly one dimension.
 * Its total may be published elsewhere (another table, a coarser region, the report's own total), so a line with
 * exactly one suppressed cell would give that cell away by subtraction. Until no line has exactly one, the smallest
 * other cell of such a line (positive first, then zero) is suppressed as well.
 */

export const MIN_PUBLISHED_COUNT = 5;

export type MeasureKind = 'count' | 'sum' | 'ratio';

export interface MeasureRule {
  key: string;
  kind: MeasureKind;
  /** The count measure (same row) that says how many things a `sum` or `ratio` is about. */
  basis?: string;
}

/** A published figure: `value` is null when suppressed (or when there is nothing to compute, e.g. a median of 0). */
export interface Figure {
  value: number | null;
  suppressed: boolean;
}

export type RawRow = Record<string, unknown>;

const isSmall = (v: unknown): boolean => typeof v === 'number' && v >= 1 && v < MIN_PUBLISHED_COUNT;

/**
 * Returns the table with every measure turned into a {@link Figure}. With `suppress` false (roles allowed to see
 * person-level data) figures are published as they are.
 */
export function suppressTable<R extends RawRow>(
  rows: readonly R[],
  dimensions: readonly string[],
  measures: readonly MeasureRule[],
  suppress: boolean,
): Array<Record<string, unknown>> {
  const hidden = rows.map(() => new Set<string>());
  if (suppress) {
    for (const m of measures) {
      if (m.kind === 'count') rows.forEach((r, i) => isSmall(r[m.key]) && hidden[i].add(m.key));
    }
    followBasis(rows, hidden, measures);
    const additive = measures.filter((m) => m.kind !== 'ratio');
    // Each pass only adds cells, and there are finitely many, so this ends.
    for (let changed = true; changed;) {
      changed = false;
      for (const m of additive) {
        for (const line of linesOf(rows, dimensions)) changed = protectLine(rows, hidden, line, m.key) || changed;
      }
      changed = followBasis(rows, hidden, measures) || changed;
    }
  }
  return rows.map((row, i) => {
    const out: Record<string, unknown> = {};
    for (const d of dimensions) out[d] = row[d];
    for (const m of measures) {
      const raw = row[m.key];
      const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
      out[m.key] = hidden[i].has(m.key) ? { value: null, suppressed: true } : { value, suppressed: false };
    }
    return out;
  });
}

/** A `sum` or `ratio` goes with its basis count: hidden whenever that count is. */
function followBasis(rows: readonly RawRow[], hidden: Set<string>[], measures: readonly MeasureRule[]): boolean {
  let changed = false;
  for (const m of measures) {
    if (!m.basis) continue;
    rows.forEach((_, i) => {
      if (hidden[i].has(m.basis!) && !hidden[i].has(m.key)) {
        hidden[i].add(m.key);
        changed = true;
      }
    });
  }
  return changed;
}

/** Row indexes grouped into lines: same values on every dimension but one. Lines of one row cannot be protected. */
function linesOf(rows: readonly RawRow[], dimensions: readonly string[]): number[][] {
  const lines: number[][] = [];
  const free = dimensions.length === 0 ? [null] : dimensions;
  for (const varying of free) {
    const groups = new Map<string, number[]>();
    rows.forEach((row, i) => {
      const key = JSON.stringify(dimensions.filter((d) => d !== varying).map((d) => row[d] ?? null));
      const group = groups.get(key);
      if (group) group.push(i);
      else groups.set(key, [i]);
    });
    for (const group of groups.values()) if (group.length > 1) lines.push(group);
  }
  return lines;
}

function protectLine(rows: readonly RawRow[], hidden: Set<string>[], line: number[], key: string): boolean {
  const suppressedCells = line.filter((i) => hidden[i].has(key));
  if (suppressedCells.length !== 1) return false;
  const candidates = line
    .filter((i) => !hidden[i].has(key) && typeof rows[i][key] === 'number')
    .sort((a, b) => rank(rows[a][key] as number) - rank(rows[b][key] as number) || a - b);
  if (candidates.length === 0) return false;
  hidden[candidates[0]].add(key);
  return true;
}

/** Smallest positive first (least information lost), zeros last (hiding a zero protects less). */
const rank = (v: number): number => (v > 0 ? v : Number.MAX_SAFE_INTEGER);
