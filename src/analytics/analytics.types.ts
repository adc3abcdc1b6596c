import { Field, Float, ObjectType } from '@nestjs/graphql';
import { Granularity, ResolvedFilter } from './analytics-filter';

/** A published number: null with `suppressed: true` when small-count suppression hides it (docs/analytics.md). */
@ObjectType('Figure')
export class GqlFigure {
  @Field(() => Float, {
    nullable: true,
    description: 'Null when suppressed (or nothing to compute, e.g. a median of none)',
  })
  value: number | null;

  @Field({ description: 'True when hidden by small-count suppression (ANALYST role)' })
  suppressed: boolean;
}

@ObjectType('SeriesPoint')
export class GqlSeriesPoint {
  @Field({ description: '`2026`, `2026-Q3` or `2026-07`, per the filter granularity' })
  period: string;

  @Field(() => String, { nullable: true, description: 'Area code when the series is broken down by region' })
  regionCode: string | null;

  @Field(() => String, { nullable: true })
  regionName: string | null;

  @Field(() => Float, { nullable: true })
  value: number | null;

  @Field()
  suppressed: boolean;
}

@ObjectType('AnalyticsScope', { description: 'The filter as applied, after defaults' })
export class GqlAnalyticsScope {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field() regionLevel: string;
  @Field({ description: 'Rows are broken down by this level: REGENCY under a province, DISTRICT below' })
  breakdownLevel: string;
  @Field() from: string;
  @Field() to: string;
  @Field(() => Granularity) granularity: Granularity;
  @Field(() => [String]) periods: string[];
  @Field({ description: 'Small-count suppression applies to this caller' })
  suppression: boolean;
}

/** What every report object carries to its field resolvers: the checked filter. */
export interface ReportParent {
  filter: ResolvedFilter;
}

export function scopeOf(f: ResolvedFilter): GqlAnalyticsScope {
  return {
    regionCode: f.region.code,
    regionName: f.region.name,
    regionLevel: f.region.level,
    breakdownLevel: f.areaLength === 4 ? 'REGENCY' : 'DISTRICT',
    from: f.from,
    to: f.to,
    granularity: f.granularity,
    periods: f.periods.map((p) => p.label),
    suppression: f.suppress,
  };
}

/** Series rows from AnalyticsService.series as GraphQL points. */
export function seriesPoints(rows: Record<string, unknown>[]): GqlSeriesPoint[] {
  return rows.map((r) => {
    const figure = r.value as GqlFigure;
    return {
      period: String(r.period),
      regionCode: (r.regionCode as string | undefined) ?? null,
      regionName: (r.regionName as string | undefined) ?? null,
      value: figure.value,
      suppressed: figure.suppressed,
    };
  });
}
