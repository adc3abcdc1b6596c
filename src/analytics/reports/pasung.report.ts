import { Args, Field, ObjectType, Parent, registerEnumType, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../../common/context/request-context';
import { PASUNG_STATUSES } from '../../pasung/pasung-status';
import { AnalyticsService } from '../analytics.service';
import { GqlFigure, GqlSeriesPoint, ReportParent } from '../analytics.types';
import { ReportDefinition, SqlBuilder, TableSpec } from '../report-table';

/**
 * Bebas Pasung report (docs/analytics.md#bebas-pasung): people by status and area over time, and the re-shackling
 * rate. Everything is read from the cases' status timelines (`pasung_case_events`, ordered by day then by
 * recording): a case's status on a day is its last event on or before that day. People are placed where they were
 * found (the case's village, `pasung_cases.village_code`); erased and merged records are never counted.
 */

/** Statuses of someone no longer in shackles (pasung-status.ts): a REPASUNG after one of them is a re-shackling. */
const RELEASED = ['BEBAS_PASUNG', 'PERAWATAN', 'REHABILITASI', 'KEMBALI_KE_KELUARGA'];
/** Statuses of someone in shackles. */
const SHACKLED = ['MASIH_TERPASUNG', 'REPASUNG'];

/**
 * Every event of the cases found in the filter's region, with the day the next event replaced it (`until`, null for
 * the current one) and the status before it (`previous`).
 */
const timeline = (q: SqlBuilder): string => `
  SELECT e.pasung_case_id, pc.person_id, pc.village_code, e.status, e.occurred_on, e.seq,
         lag(e.status) OVER w AS previous, lead(e.occurred_on) OVER w AS until
  FROM pasung_cases pc
  JOIN persons p ON p.id = pc.person_id
  JOIN pasung_case_events e ON e.pasung_case_id = pc.id
  WHERE p.status = 'ACTIVE' AND ${q.inRegion('pc.village_code')}
  WINDOW w AS (PARTITION BY e.pasung_case_id ORDER BY e.occurred_on, e.seq)`;

/** The event in force at the end of `day` (a later event the same day replaces it: then `until` = its day). */
const inForceOn = (day: string): string => `(t.occurred_on <= ${day} AND (t.until IS NULL OR t.until > ${day}))`;

const byStatus: TableSpec = {
  name: 'byStatus',
  description: 'People by their status at the end of the period, per area where they were found',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'status', header: 'status' },
  ],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: [{ key: 'people', header: 'people', kind: 'count' }],
  fill: { areas: true },
  sql: (q) => `
    SELECT ${q.area('t.village_code')} AS "regionCode", t.status, count(DISTINCT t.person_id) AS people
    FROM (${timeline(q)}) t
    WHERE ${inForceOn(q.to)}
    GROUP BY 1, 2
    ORDER BY 1, array_position(${q.p(PASUNG_STATUSES)}::text[], t.status::text)`,
};

const statusOverTime: TableSpec = {
  name: 'statusOverTime',
  description: 'People by their status at the end of each period of the filter (the region as a whole)',
  dimensions: [
    { key: 'period', header: 'period' },
    { key: 'status', header: 'status' },
  ],
  measures: [{ key: 'people', header: 'people', kind: 'count' }],
  fill: { periods: true },
  sql: (q) => `
    SELECT periods.label AS period, t.status, count(DISTINCT t.person_id) AS people
    FROM ${q.periodsRelation()}
    JOIN (${timeline(q)}) t ON ${inForceOn('periods.end_on')}
    GROUP BY periods.label, periods.end_on, t.status
    ORDER BY periods.end_on, array_position(${q.p(PASUNG_STATUSES)}::text[], t.status::text)`,
};

const reshackling: TableSpec = {
  name: 'reshackling',
  description:
    'People released from shackles within the period, how many of them were shackled again by its end, and the rate',
  dimensions: [{ key: 'regionCode', header: 'region_code' }],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: [
    { key: 'released', header: 'people_released', kind: 'count' },
    { key: 'reshackled', header: 'people_reshackled_after_release', kind: 'count', basis: 'released' },
    { key: 'reshacklingRate', header: 'reshackling_rate_percent', kind: 'ratio', basis: 'reshackled' },
  ],
  fill: { areas: true },
  sql: (q) => `
    WITH t AS (
      SELECT e.pasung_case_id, pc.person_id, pc.village_code, e.status, e.occurred_on,
             -- A REPASUNG later in the same case's timeline (by the end of the period), found in the one sorted pass.
             bool_or(e.status = 'REPASUNG' AND e.occurred_on <= ${q.to}) OVER (
               PARTITION BY e.pasung_case_id ORDER BY e.occurred_on, e.seq
               ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS again
      FROM pasung_cases pc
      JOIN persons p ON p.id = pc.person_id
      JOIN pasung_case_events e ON e.pasung_case_id = pc.id
      WHERE p.status = 'ACTIVE' AND ${q.inRegion('pc.village_code')}),
    -- Each person released within the period (once; cases in two villages: the lower code), and whether any of those
    -- releases was followed by a REPASUNG on the same case by the end of the period.
    people AS (
      SELECT person_id, min(village_code) AS village_code, bool_or(coalesce(again, false)) AS again
      FROM t
      WHERE status = 'BEBAS_PASUNG' AND ${q.inPeriod('occurred_on')}
      GROUP BY person_id)
    SELECT ${q.area('village_code')} AS "regionCode", count(*) AS released,
           count(*) FILTER (WHERE again) AS reshackled,
           round(100.0 * count(*) FILTER (WHERE again) / count(*), 1) AS "reshacklingRate"
    FROM people
    GROUP BY 1
    ORDER BY 1`,
};

export const PASUNG_REPORT: ReportDefinition = {
  name: 'pasung',
  title: 'Bebas Pasung: people by status and area over time, re-shackling',
  tables: [byStatus, statusOverTime, reshackling],
  series: [
    {
      measure: 'IN_SHACKLES',
      description: 'People in shackles (MASIH_TERPASUNG or REPASUNG) at the end of each period',
      kind: 'count',
      sql: (q) => `
        SELECT periods.label AS period ${q.seriesArea('t.village_code')}, count(DISTINCT t.person_id) AS value
        FROM ${q.periodsRelation()}
        JOIN (${timeline(q)}) t ON ${inForceOn('periods.end_on')}
        WHERE t.status = ANY(${q.p(SHACKLED)}::text[])
        GROUP BY periods.label ${q.seriesAreaGroup}`,
    },
    {
      measure: 'RELEASES',
      description: 'People released from shackles (a BEBAS_PASUNG event) in each period',
      kind: 'count',
      sql: (q) => `
        SELECT ${q.period('t.occurred_on')} AS period ${q.seriesArea('t.village_code')},
               count(DISTINCT t.person_id) AS value
        FROM (${timeline(q)}) t
        WHERE t.status = 'BEBAS_PASUNG' AND ${q.inPeriod('t.occurred_on')}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
    {
      measure: 'RESHACKLINGS',
      description:
        'People shackled again after a recorded release (REPASUNG following a released status) in each period',
      kind: 'count',
      sql: (q) => `
        SELECT ${q.period('t.occurred_on')} AS period ${q.seriesArea('t.village_code')},
               count(DISTINCT t.person_id) AS value
        FROM (${timeline(q)}) t
        WHERE t.status = 'REPASUNG' AND t.previous = ANY(${q.p(RELEASED)}::text[]) AND ${q.inPeriod('t.occurred_on')}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
  ],
};

enum PasungMeasure {
  IN_SHACKLES = 'IN_SHACKLES',
  RELEASES = 'RELEASES',
  RESHACKLINGS = 'RESHACKLINGS',
}
registerEnumType(PasungMeasure, { name: 'PasungMeasure' });

@ObjectType('PasungByStatus')
class GqlByStatus {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field({ description: 'Status at the end of the period (MASIH_TERPASUNG, BEBAS_PASUNG, …, MENINGGAL)' })
  status: string;
  @Field(() => GqlFigure) people: GqlFigure;
}

@ObjectType('PasungStatusOverTime')
class GqlStatusOverTime {
  @Field() period: string;
  @Field() status: string;
  @Field(() => GqlFigure) people: GqlFigure;
}

@ObjectType('PasungReshackling')
class GqlReshackling {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field(() => GqlFigure, { description: 'People released (BEBAS_PASUNG) within the period' }) released: GqlFigure;
  @Field(() => GqlFigure, { description: 'Of those, shackled again (REPASUNG) after that release, by its end' })
  reshackled: GqlFigure;
  @Field(() => GqlFigure, { description: 'reshackled ÷ released × 100, one decimal' }) reshacklingRate: GqlFigure;
}

@ObjectType('PasungReport')
export class GqlPasungReport {}

@Resolver(() => GqlPasungReport)
export class PasungReportResolver {
  constructor(private readonly analytics: AnalyticsService) {}

  @ResolveField(() => [GqlByStatus], { description: byStatus.description })
  byStatus(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, PASUNG_REPORT, 'byStatus');
  }

  @ResolveField(() => [GqlStatusOverTime], { description: statusOverTime.description })
  statusOverTime(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, PASUNG_REPORT, 'statusOverTime');
  }

  @ResolveField(() => [GqlReshackling], { description: reshackling.description })
  reshackling(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, PASUNG_REPORT, 'reshackling');
  }

  @ResolveField(() => [GqlSeriesPoint], { description: 'One measure per period of the filter' })
  series(
    @Ctx() ctx: RequestContext,
    @Parent() r: ReportParent,
    @Args('measure', { type: () => PasungMeasure }) measure: PasungMeasure,
    @Args('byRegion', { defaultValue: false, description: 'One point per period and area' }) byRegion: boolean,
  ): Promise<GqlSeriesPoint[]> {
    return this.analytics.seriesOf(ctx, r.filter, PASUNG_REPORT, measure, byRegion);
  }
}
