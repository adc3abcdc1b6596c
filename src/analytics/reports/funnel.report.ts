import {
  Args,
  Field,
  GraphQLISODateTime,
  Int,
  ObjectType,
  Parent,
  registerEnumType,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Ctx, RequestContext } from '../../common/context/request-context';
import { Tx } from '../../common/database/tx.service';
import { AnalyticsService } from '../analytics.service';
import { GqlFigure, GqlSeriesPoint, ReportParent } from '../analytics.types';
import { BusinessStatusRefresher } from '../business-status.refresher';
import { ReportDefinition, SqlBuilder, TableSpec } from '../report-table';

/**
 * Funnel report (docs/analytics.md#funnel): what became of the people discharged from a UPT, per discharge-year
 * cohort. A person is in the cohort of the year of their first UPT discharge within the period, placed by current
 * domicile; each later stage counts the cohort's people who reached it after that discharge and by the end of the
 * period. ADMITTED is the year's intake (people admitted to a UPT that year), for scale: not the same people.
 */

export const FUNNEL_STAGES = ['ADMITTED', 'DISCHARGED', 'IN_AFTERCARE', 'TRAINED', 'GRANTED', 'GROWING', 'MANDIRI'];

const stageValues = FUNNEL_STAGES.map((s, i) => `(${i + 1}, '${s}')`).join(', ');

/** First admission and first discharge within the period of each active person living in the region. */
const stays = (q: SqlBuilder, event: 'admitted_on' | 'discharged_on'): string => `
  SELECT DISTINCT ON (p.id) p.id AS person_id, r.${event} AS on_date, ${q.area('p.domicile_village_code')} AS area
  FROM case_residences r JOIN cases c ON c.id = r.case_id JOIN persons p ON p.id = c.person_id
  WHERE p.status = 'ACTIVE' AND ${q.inRegion('p.domicile_village_code')} AND ${q.inPeriod(`r.${event}`)}
  ORDER BY p.id, r.${event}`;

/**
 * One row per person and stage reached: `(year, area, stage)`. The discharge cohort's stages are each checked on
 * their own (a grant approved with a criteria override counts as GRANTED without TRAINED), so the funnel need not
 * narrow at every step. Each stage is a set joined to the cohort (hash joins, not a subquery per person). TRAINED
 * reads the nightly snapshot of completed enrolments and GROWING the growth status of the last month of the period
 * from `analytics_business_status` (both built by BusinessStatusRefresher with the modules' own rules).
 */
const reached = (q: SqlBuilder): string => {
  const to = q.to;
  const month = `to_char(least(${to}, ${q.localDate('now()')}), 'YYYY-MM')`;
  return `
  WITH cohort AS (${stays(q, 'discharged_on')}),
  aftercare AS (
    SELECT DISTINCT fp.person_id FROM cohort fp
    JOIN cases k ON k.person_id = fp.person_id AND k.kind = 'COMMUNITY' AND k.opened_on BETWEEN fp.on_date AND ${to}),
  trained AS (
    SELECT DISTINCT e.person_id FROM analytics_training_completions tc
    JOIN training_enrolments e ON e.id = tc.enrolment_id
    WHERE tc.ends_on <= ${to}),
  granted AS (
    SELECT DISTINCT fp.person_id FROM cohort fp
    JOIN grants g ON g.person_id = fp.person_id AND g.status IN ('APPROVED', 'DISBURSED', 'CLOSED')
      AND ${q.localDate('g.approved_at')} BETWEEN fp.on_date AND ${to}),
  growing AS (
    SELECT DISTINCT b.person_id FROM analytics_business_status s JOIN businesses b ON b.id = s.business_id
    WHERE s.month = ${month} AND s.status = 'BERKEMBANG'),
  mandiri AS (
    SELECT DISTINCT fp.person_id FROM cohort fp
    JOIN cases k ON k.person_id = fp.person_id AND k.kind = 'COMMUNITY' AND k.outcome = 'MANDIRI'
      AND k.closed_on BETWEEN fp.on_date AND ${to})
  SELECT extract(year FROM a.on_date)::int AS year, a.area, 'ADMITTED' AS stage FROM (${stays(q, 'admitted_on')}) a
  UNION ALL
  SELECT extract(year FROM fp.on_date)::int, fp.area, v.stage
  FROM cohort fp
  LEFT JOIN aftercare USING (person_id) LEFT JOIN trained USING (person_id) LEFT JOIN granted USING (person_id)
  LEFT JOIN growing USING (person_id) LEFT JOIN mandiri USING (person_id)
  CROSS JOIN LATERAL (VALUES ('DISCHARGED', true), ('IN_AFTERCARE', aftercare.person_id IS NOT NULL),
    ('TRAINED', trained.person_id IS NOT NULL), ('GRANTED', granted.person_id IS NOT NULL),
    ('GROWING', growing.person_id IS NOT NULL), ('MANDIRI', mandiri.person_id IS NOT NULL)) AS v(stage, yes)
  WHERE v.yes`;
};

const byCohort: TableSpec = {
  name: 'byCohort',
  description:
    'People per discharge-year cohort and stage (ADMITTED: the year’s UPT intake; the other stages: people of ' +
    'the cohort who reached the stage by the end of the period)',
  dimensions: [
    { key: 'cohortYear', header: 'cohort_year' },
    { key: 'stage', header: 'stage' },
  ],
  measures: [{ key: 'people', header: 'people', kind: 'count' }],
  sql: (q) => `
    WITH r AS (${reached(q)})
    SELECT y.year AS "cohortYear", st.stage, count(r.stage) AS people
    FROM generate_series(extract(year FROM ${q.from})::int, extract(year FROM ${q.to})::int) AS y(year)
    CROSS JOIN (VALUES ${stageValues}) AS st(ord, stage)
    LEFT JOIN r ON r.year = y.year AND r.stage = st.stage
    GROUP BY y.year, st.ord, st.stage
    ORDER BY y.year, st.ord`,
};

const byArea: TableSpec = {
  name: 'byArea',
  description: 'People per area and stage, all cohorts of the period together',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'stage', header: 'stage' },
  ],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: [{ key: 'people', header: 'people', kind: 'count' }],
  fill: { areas: true },
  sql: (q) => `
    WITH r AS (${reached(q)})
    SELECT a.code AS "regionCode", st.stage, count(r.stage) AS people
    FROM regions a
    CROSS JOIN (VALUES ${stageValues}) AS st(ord, stage)
    LEFT JOIN r ON r.area = a.code AND r.stage = st.stage
    WHERE ${q.inRegion('a.code')} AND length(a.code) = ${q.f.areaLength}
    GROUP BY a.code, st.ord, st.stage
    ORDER BY a.code, st.ord`,
};

export const FUNNEL_REPORT: ReportDefinition = {
  name: 'funnel',
  title: 'Funnel: from UPT discharge to independence, per discharge-year cohort',
  tables: [byCohort, byArea],
  series: [
    {
      measure: 'DISCHARGED',
      description: 'People discharged from a UPT in each period (placed by domicile)',
      kind: 'count',
      sql: (q) => `
        SELECT ${q.period('r.discharged_on')} AS period ${q.seriesArea('p.domicile_village_code')},
               count(DISTINCT p.id) AS value
        FROM case_residences r JOIN cases c ON c.id = r.case_id JOIN persons p ON p.id = c.person_id
        WHERE p.status = 'ACTIVE' AND ${q.inRegion('p.domicile_village_code')} AND ${q.inPeriod('r.discharged_on')}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
    {
      measure: 'MANDIRI',
      description: 'People whose community case closed with outcome MANDIRI in each period',
      kind: 'count',
      sql: (q) => `
        SELECT ${q.period('k.closed_on')} AS period ${q.seriesArea('p.domicile_village_code')},
               count(DISTINCT p.id) AS value
        FROM cases k JOIN persons p ON p.id = k.person_id
        WHERE k.kind = 'COMMUNITY' AND k.outcome = 'MANDIRI' AND p.status = 'ACTIVE'
          AND ${q.inRegion('p.domicile_village_code')} AND ${q.inPeriod('k.closed_on')}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
  ],
};

enum FunnelMeasure {
  DISCHARGED = 'DISCHARGED',
  MANDIRI = 'MANDIRI',
}
registerEnumType(FunnelMeasure, { name: 'FunnelMeasure' });

@ObjectType('FunnelByCohort')
class GqlFunnelByCohort {
  @Field(() => Int, { description: 'Year of the first UPT discharge within the period' }) cohortYear: number;
  @Field({ description: 'ADMITTED, DISCHARGED, IN_AFTERCARE, TRAINED, GRANTED, GROWING or MANDIRI' }) stage: string;
  @Field(() => GqlFigure) people: GqlFigure;
}

@ObjectType('FunnelByArea')
class GqlFunnelByArea {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field() stage: string;
  @Field(() => GqlFigure) people: GqlFigure;
}

@ObjectType('FunnelReport')
export class GqlFunnelReport {}

@Resolver(() => GqlFunnelReport)
export class FunnelReportResolver {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly refresher: BusinessStatusRefresher,
    private readonly tx: Tx,
  ) {}

  @ResolveField(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'When the training completions (TRAINED) and growth statuses (GROWING) were last rebuilt; null if never',
  })
  refreshedAt(@Ctx() ctx: RequestContext): Promise<Date | null> {
    return this.refresher.refreshedAt(this.tx.manager(ctx));
  }

  @ResolveField(() => [GqlFunnelByCohort], { description: byCohort.description })
  byCohort(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, FUNNEL_REPORT, 'byCohort');
  }

  @ResolveField(() => [GqlFunnelByArea], { description: byArea.description })
  byArea(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, FUNNEL_REPORT, 'byArea');
  }

  @ResolveField(() => [GqlSeriesPoint], { description: 'One measure per period of the filter' })
  series(
    @Ctx() ctx: RequestContext,
    @Parent() r: ReportParent,
    @Args('measure', { type: () => FunnelMeasure }) measure: FunnelMeasure,
    @Args('byRegion', { defaultValue: false, description: 'One point per period and area' }) byRegion: boolean,
  ): Promise<GqlSeriesPoint[]> {
    return this.analytics.seriesOf(ctx, r.filter, FUNNEL_REPORT, measure, byRegion);
  }
}
