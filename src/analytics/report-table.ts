import { Area, Period, ResolvedFilter } from './analytics-filter';
import { MeasureRule } from './suppression';

/**
 * How reports are written (docs/analytics.md#writing-a-report): each table is one SQL aggregate, in one place,
 * returning one row per combination of its dimensions with its measures as numbers; this module fills the empty
 * combinations with zeros, applies suppression and hands the same rows to GraphQL and to the CSV/XLSX exports.
 */

export interface Column {
  /** Property name in GraphQL and the SQL column alias (quoted camelCase). */
  key: string;
  /** Column header in CSV/XLSX exports. */
  header: string;
}

export type Measure = Column & MeasureRule;

export interface TableSpec {
  name: string;
  description: string;
  /** What a row is about; suppression lines run along these. */
  dimensions: Column[];
  /** Columns that only describe a dimension (a region's name), carried along. */
  labels?: Column[];
  measures: Measure[];
  /**
   * Rows for every area of the filter (dimension `regionCode`, label `regionName`) and/or every period
   * (dimension `period`), zero when the SQL returned none, so an empty area reads 0, not "missing".
   */
  fill?: { areas?: boolean; periods?: boolean };
  sql(q: SqlBuilder): string;
  /**
   * Measures computed in TypeScript from the SQL's aggregated columns, where a module owns the one calculation
   * (the SKM index from per-element sums, src/surveys/skm.ts) and SQL would be a second copy of it. Runs on the
   * SQL's rows before zero fill and suppression.
   */
  compute?(rows: Row[]): Row[];
}

/** A report's time series: one measure per period, optionally per area. */
export interface SeriesSpec {
  /** Enum value in GraphQL (`ADMISSIONS`), also the export table name `series.ADMISSIONS`. */
  measure: string;
  description: string;
  kind: 'count' | 'sum';
  /** Rows `{ period, regionCode?, value }`; `regionCode` only when `q.byRegion`. */
  sql(q: SqlBuilder): string;
}

export interface ReportDefinition {
  /** URL and GraphQL name: `network`, `funnel`, … */
  name: string;
  title: string;
  tables: TableSpec[];
  series: SeriesSpec[];
}

/**
 * Positional parameters and the SQL pieces every report repeats (region, area, period, time zone), so each
 * report's SQL reads as SQL and none builds its own date or region logic.
 */
export class SqlBuilder {
  readonly params: unknown[] = [];

  constructor(
    readonly f: ResolvedFilter,
    /** Series only: break the series down by area. */
    readonly byRegion = false,
  ) {}

  /** A bound parameter. */
  p(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get from(): string {
    return `${this.p(this.f.from)}::date`;
  }

  get to(): string {
    return `${this.p(this.f.to)}::date`;
  }

  /**
   * A timestamp on a local day of the period, written as a range of instants (the start of `from` and the end of
   * `to` in the region's zone): PostgreSQL computes the zone twice, not for every row as `localDate(ts)` would, and
   * an index on the timestamp can serve it.
   */
  instantInPeriod(timestampExpr: string): string {
    const zone = this.p(this.f.timeZone);
    return `${timestampExpr} >= (${this.from}::timestamp AT TIME ZONE ${zone}) AND ${this.byEndOf(timestampExpr)}`;
  }

  /** A timestamp on or before the last local day of the period (see `instantInPeriod`). */
  byEndOf(timestampExpr: string): string {
    return `${timestampExpr} < ((${this.to} + 1)::timestamp AT TIME ZONE ${this.p(this.f.timeZone)})`;
  }

  /** A region code column within the filter's region. */
  inRegion(codeExpr: string): string {
    return `starts_with(${codeExpr}, ${this.p(this.f.region.code)})`;
  }

  /** The area (regency or district) a region code falls in. */
  area(codeExpr: string): string {
    return `left(${codeExpr}, ${this.f.areaLength})`;
  }

  /** A timestamp's calendar day in the province's time zone. */
  localDate(timestampExpr: string): string {
    return `(${timestampExpr} AT TIME ZONE ${this.p(this.f.timeZone)})::date`;
  }

  /** A date within the filter's period. */
  inPeriod(dateExpr: string): string {
    return `${dateExpr} BETWEEN ${this.from} AND ${this.to}`;
  }

  /** The label of the period (as in {@link Period}) a date falls in. */
  period(dateExpr: string): string {
    switch (this.f.granularity) {
      case 'YEAR':
        return `to_char(${dateExpr}, 'YYYY')`;
      case 'QUARTER':
        return `to_char(${dateExpr}, 'YYYY-"Q"Q')`;
      default:
        return `to_char(${dateExpr}, 'YYYY-MM')`;
    }
  }

  /**
   * The filter's periods as a relation `periods(label, start_on, end_on)`, for figures counted at a period's end
   * (residents, people under after-care) rather than events within it.
   */
  periodsRelation(): string {
    const rows = this.f.periods.map(
      (p) => `(${this.p(p.label)}::text, ${this.p(p.start)}::date, ${this.p(p.end)}::date)`,
    );
    return `(VALUES ${rows.join(', ')}) AS periods(label, start_on, end_on)`;
  }

  /** `, <expr> AS "regionCode"` when a series is broken down by area, else nothing. */
  seriesArea(codeExpr: string): string {
    return this.byRegion ? `, ${this.area(codeExpr)} AS "regionCode"` : '';
  }

  /** `, "regionCode"` for GROUP BY when a series is broken down by area. */
  get seriesAreaGroup(): string {
    return this.byRegion ? `, "regionCode"` : '';
  }
}

export type Row = Record<string, unknown>;

/** Numbers come back from PostgreSQL as strings for bigint/numeric; measures become JavaScript numbers. */
export function numeric(rows: Row[], measures: readonly string[]): Row[] {
  for (const row of rows) {
    for (const key of measures) {
      const v = row[key];
      row[key] = v === null || v === undefined ? null : Number(v);
    }
  }
  return rows;
}

/**
 * Adds a zero row for every missing combination of the filter's areas and/or periods with the combinations of the
 * other dimensions present, keeping the SQL's row order for existing rows and areas/periods in order.
 */
export function fillRows(
  rows: Row[],
  spec: Pick<TableSpec, 'dimensions' | 'measures' | 'fill'>,
  areas: Area[],
  periods: Period[],
): Row[] {
  const fillAreas = spec.fill?.areas ?? false;
  const fillPeriods = spec.fill?.periods ?? false;
  if (!fillAreas && !fillPeriods) return rows;
  const otherDims = spec.dimensions.map((d) => d.key).filter((k) => k !== 'regionCode' && k !== 'period');
  const others = new Map<string, Row>();
  for (const row of rows) others.set(JSON.stringify(otherDims.map((k) => row[k] ?? null)), row);
  if (others.size === 0 && otherDims.length === 0) others.set('[]', {});
  const key = (row: Row): string =>
    JSON.stringify(spec.dimensions.map((d) => (d.key === 'regionCode' ? row.regionCode : (row[d.key] ?? null))));
  const existing = new Map(rows.map((r) => [key(r), r]));
  const names = new Map(areas.map((a) => [a.code, a.name]));
  const out: Row[] = [];
  const areaList: Array<Area | null> = fillAreas ? areas : [null];
  const periodList: Array<Period | null> = fillPeriods ? periods : [null];
  for (const other of others.values()) {
    for (const area of areaList) {
      for (const period of periodList) {
        const candidate: Row = {};
        for (const k of otherDims) candidate[k] = other[k] ?? null;
        if (area) candidate.regionCode = area.code;
        if (period) candidate.period = period.label;
        const found = existing.get(key(candidate));
        if (found) {
          out.push(found);
          existing.delete(key(candidate));
          continue;
        }
        for (const m of spec.measures) candidate[m.key] = m.kind === 'ratio' ? null : 0;
        // Labels that depend only on the other dimensions (a category's name) come from the row that had them.
        for (const [k, v] of Object.entries(other)) if (!(k in candidate) && isLabel(k, spec)) candidate[k] = v;
        if (area) candidate.regionName = area.name;
        out.push(candidate);
      }
    }
  }
  // Rows outside the filter's areas or periods (none, when the SQL filters as it should) are kept, not hidden.
  out.push(...existing.values());
  for (const row of out)
    if (fillAreas && row.regionName === undefined) row.regionName = names.get(String(row.regionCode));
  return out;
}

function isLabel(key: string, spec: Pick<TableSpec, 'dimensions' | 'measures'>): boolean {
  return (
    key !== 'regionName' && !spec.dimensions.some((d) => d.key === key) && !spec.measures.some((m) => m.key === key)
  );
}
