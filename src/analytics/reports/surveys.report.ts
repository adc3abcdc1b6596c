import { Args, Field, ObjectType, Parent, registerEnumType, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../../common/context/request-context';
import { computeSkm, convert, SATISFACTION_LEVELS, SKM_ELEMENTS, SkmAggregate } from '../../surveys/skm';
import { AnalyticsService } from '../analytics.service';
import { GqlFigure, GqlSeriesPoint, ReportParent } from '../analytics.types';
import { Measure, ReportDefinition, Row, SqlBuilder, TableSpec } from '../report-table';

/**
 * Surveys report (docs/analytics.md#surveys): the SKM index (IKM, PermenPAN-RB 14/2017) and the distribution of
 * respondents' satisfaction levels, per organisation, per service and per area. A response is placed in the area of
 * the organisation giving the service and counted in the period it was submitted (local calendar).
 *
 * One calculation: SQL only sums (per group: responses, the nine element sums, how many respondents gave each
 * total), and `computeSkm` from src/surveys/skm.ts turns those sums into the index and the distribution, as the
 * surveys module's own results do.
 */

/** Responses in the filter's region and period, with the scores and the organisation's region. */
const responses = (q: SqlBuilder): string => `
  SELECT s.organization_id, s.service_id, o.region_code, ${ELEMENTS.map((e) => `r.${e}`).join(', ')},
         ${ELEMENTS.map((e) => `r.${e}`).join(' + ')} AS total
  FROM survey_responses r
  JOIN surveys s ON s.id = r.survey_id
  JOIN organizations o ON o.id = s.organization_id
  WHERE ${q.inRegion('o.region_code')} AND ${q.inPeriod(q.localDate('r.submitted_at'))}`;

const ELEMENTS = SKM_ELEMENTS.map((_, i) => `u${i + 1}`);

/**
 * CTEs ending in `agg(g, responses, s1…s9, totals, counts)`: per group `g`, the sums computeSkm takes (SkmAggregate),
 * totals and counts being the respondents' totals and how many gave each.
 */
const skmAggregate = (q: SqlBuilder, groupExpr: string, where = 'true'): string => `
  resp AS (${responses(q)}),
  per_total AS (
    SELECT ${groupExpr} AS g, total, count(*) AS c, ${ELEMENTS.map((e, i) => `sum(${e}) AS s${i + 1}`).join(', ')}
    FROM resp WHERE ${where} GROUP BY 1, 2),
  agg AS (
    SELECT g, sum(c) AS responses, ${ELEMENTS.map((_, i) => `sum(s${i + 1}) AS s${i + 1}`).join(', ')},
           array_agg(total ORDER BY total) AS totals, array_agg(c ORDER BY total) AS counts
    FROM per_total GROUP BY g)`;

/** The SkmAggregate of a row from `agg`. */
function aggregateOf(row: Row): SkmAggregate {
  const totals = (row.totals as unknown[]).map(Number);
  const counts = (row.counts as unknown[]).map(Number);
  return {
    responses: Number(row.responses),
    elementSums: ELEMENTS.map((_, i) => Number(row[`s${i + 1}`])),
    totals: totals.map((total, i) => ({ total, count: counts[i] })),
  };
}

/** The index of each group, by skm.ts. */
const computeIndex = (rows: Row[]): Row[] => rows.map((row) => ({ ...row, ikm: computeSkm(aggregateOf(row)).ikm }));

/** Respondents and percent of each group's level, by skm.ts. */
const computeDistribution = (rows: Row[]): Row[] =>
  rows.map((row) => {
    const level = computeSkm(aggregateOf(row)).distribution.find((d) => d.level === row.level)!;
    return { ...row, respondents: level.count, percent: level.percent };
  });

const indexMeasures: Measure[] = [
  { key: 'responses', header: 'responses', kind: 'count' },
  { key: 'ikm', header: 'ikm', kind: 'ratio', basis: 'responses' },
];

/** An organisation is in an area when its region code reaches the breakdown level (see the referrals report). */
const placed = (q: SqlBuilder, codeExpr: string): string => `length(${codeExpr}) >= ${q.f.areaLength}`;

const AGG_COLUMNS = `agg.responses, ${ELEMENTS.map((_, i) => `agg.s${i + 1}`).join(', ')}, agg.totals, agg.counts`;

const byOrganization: TableSpec = {
  name: 'byOrganization',
  description: 'Responses and the SKM index per organisation in the region, within the period',
  dimensions: [{ key: 'organizationId', header: 'organization_id' }],
  labels: [
    { key: 'organizationName', header: 'organization_name' },
    { key: 'organizationRegionCode', header: 'organization_region_code' },
  ],
  measures: indexMeasures,
  sql: (q) => `
    WITH ${skmAggregate(q, 'organization_id')}
    SELECT o.id AS "organizationId", o.name AS "organizationName", o.region_code AS "organizationRegionCode",
           ${AGG_COLUMNS}
    FROM agg JOIN organizations o ON o.id = agg.g
    ORDER BY o.name, o.id`,
  compute: computeIndex,
};

const byService: TableSpec = {
  name: 'byService',
  description: 'Responses and the SKM index per service of an organisation in the region, within the period',
  dimensions: [{ key: 'serviceId', header: 'service_id' }],
  labels: [
    { key: 'serviceName', header: 'service_name' },
    { key: 'serviceCategory', header: 'service_category' },
    { key: 'organizationId', header: 'organization_id' },
    { key: 'organizationName', header: 'organization_name' },
  ],
  measures: indexMeasures,
  sql: (q) => `
    WITH ${skmAggregate(q, 'service_id')}
    SELECT sv.id AS "serviceId", sv.name AS "serviceName", sv.category_code AS "serviceCategory",
           o.id AS "organizationId", o.name AS "organizationName", ${AGG_COLUMNS}
    FROM agg JOIN services sv ON sv.id = agg.g JOIN organizations o ON o.id = sv.organization_id
    ORDER BY o.name, sv.name, sv.id`,
  compute: computeIndex,
};

const byArea: TableSpec = {
  name: 'byArea',
  description: 'Responses and the SKM index per area of the organisations giving the service, within the period',
  dimensions: [{ key: 'regionCode', header: 'region_code' }],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: indexMeasures,
  fill: { areas: true },
  sql: (q) => `
    WITH ${skmAggregate(q, q.area('region_code'), placed(q, 'region_code'))}
    SELECT agg.g AS "regionCode", ${AGG_COLUMNS}
    FROM agg
    ORDER BY 1`,
  compute: computeIndex,
};

const distributionMeasures: Measure[] = [
  { key: 'respondents', header: 'respondents', kind: 'count' },
  { key: 'percent', header: 'percent_of_responses', kind: 'ratio', basis: 'respondents' },
];

/**
 * Every level of every group, with the group's sums: the level is a dimension, so the four counts of a group form a
 * line whose total (the group's responses) is published, and secondary suppression protects it.
 */
const levels = (q: SqlBuilder): string =>
  `CROSS JOIN unnest(${q.p(SATISFACTION_LEVELS)}::text[]) WITH ORDINALITY AS l(level, ord)`;

const distributionByOrganization: TableSpec = {
  name: 'distributionByOrganization',
  description: 'Respondents per satisfaction level (SANGAT_PUAS, PUAS, CUKUP_PUAS, TIDAK_PUAS) per organisation',
  dimensions: [
    { key: 'organizationId', header: 'organization_id' },
    { key: 'level', header: 'level' },
  ],
  labels: [{ key: 'organizationName', header: 'organization_name' }],
  measures: distributionMeasures,
  sql: (q) => `
    WITH ${skmAggregate(q, 'organization_id')}
    SELECT o.id AS "organizationId", o.name AS "organizationName", l.level, ${AGG_COLUMNS}
    FROM agg JOIN organizations o ON o.id = agg.g ${levels(q)}
    ORDER BY o.name, o.id, l.ord`,
  compute: computeDistribution,
};

const distributionByService: TableSpec = {
  name: 'distributionByService',
  description: 'Respondents per satisfaction level (SANGAT_PUAS, PUAS, CUKUP_PUAS, TIDAK_PUAS) per service',
  dimensions: [
    { key: 'serviceId', header: 'service_id' },
    { key: 'level', header: 'level' },
  ],
  labels: [{ key: 'serviceName', header: 'service_name' }],
  measures: distributionMeasures,
  sql: (q) => `
    WITH ${skmAggregate(q, 'service_id')}
    SELECT sv.id AS "serviceId", sv.name AS "serviceName", l.level, ${AGG_COLUMNS}
    FROM agg JOIN services sv ON sv.id = agg.g ${levels(q)}
    ORDER BY sv.name, sv.id, l.ord`,
  compute: computeDistribution,
};

export const SURVEYS_REPORT: ReportDefinition = {
  name: 'surveys',
  title: 'Satisfaction surveys (SKM): index and distribution per organisation and service',
  tables: [byOrganization, byService, byArea, distributionByOrganization, distributionByService],
  series: [
    {
      measure: 'RESPONSES',
      description: 'Survey responses submitted in each period (placed by the organisation giving the service)',
      kind: 'count',
      sql: (q) => `
        SELECT ${q.period(q.localDate('r.submitted_at'))} AS period ${q.seriesArea('o.region_code')},
               count(*) AS value
        FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
        JOIN organizations o ON o.id = s.organization_id
        WHERE ${q.inRegion('o.region_code')} AND ${q.inPeriod(q.localDate('r.submitted_at'))}
          ${q.byRegion ? `AND ${placed(q, 'o.region_code')}` : ''}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
  ],
};

/** The regulation's quality category of a published index (skm.ts `convert`); null when the index is not. */
function withCategory(rows: Row[]): Row[] {
  return rows.map((row) => {
    const ikm = (row.ikm as GqlFigure).value;
    return { ...row, category: ikm === null ? null : convert(ikm).category };
  });
}

enum SurveysMeasure {
  RESPONSES = 'RESPONSES',
}
registerEnumType(SurveysMeasure, { name: 'SurveysMeasure' });

@ObjectType('SurveysIndex', { isAbstract: true })
abstract class GqlIndex {
  @Field(() => GqlFigure, { description: 'Responses submitted within the period' }) responses: GqlFigure;
  @Field(() => GqlFigure, { description: 'SKM index (IKM, 25–100, two decimals) per PermenPAN-RB 14/2017' })
  ikm: GqlFigure;
  @Field(() => String, {
    nullable: true,
    description: 'Quality category of the index (A–D, conversion table of docs/surveys.md); null when not published',
  })
  category: string | null;
}

@ObjectType('SurveysByOrganization')
class GqlByOrganization extends GqlIndex {
  @Field() organizationId: string;
  @Field() organizationName: string;
  @Field() organizationRegionCode: string;
}

@ObjectType('SurveysByService')
class GqlByService extends GqlIndex {
  @Field() serviceId: string;
  @Field() serviceName: string;
  @Field() serviceCategory: string;
  @Field() organizationId: string;
  @Field() organizationName: string;
}

@ObjectType('SurveysByArea')
class GqlByArea extends GqlIndex {
  @Field() regionCode: string;
  @Field() regionName: string;
}

@ObjectType('SurveysDistribution', { isAbstract: true })
abstract class GqlDistribution {
  @Field({ description: 'SANGAT_PUAS, PUAS, CUKUP_PUAS or TIDAK_PUAS (a respondent’s own average, converted)' })
  level: string;
  @Field(() => GqlFigure) respondents: GqlFigure;
  @Field(() => GqlFigure, { description: 'Share of the responses, percent, two decimals' }) percent: GqlFigure;
}

@ObjectType('SurveysDistributionByOrganization')
class GqlDistributionByOrganization extends GqlDistribution {
  @Field() organizationId: string;
  @Field() organizationName: string;
}

@ObjectType('SurveysDistributionByService')
class GqlDistributionByService extends GqlDistribution {
  @Field() serviceId: string;
  @Field() serviceName: string;
}

@ObjectType('SurveysReport')
export class GqlSurveysReport {}

@Resolver(() => GqlSurveysReport)
export class SurveysReportResolver {
  constructor(private readonly analytics: AnalyticsService) {}

  @ResolveField(() => [GqlByOrganization], { description: byOrganization.description })
  async byOrganization(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return withCategory(await this.analytics.tableOf(ctx, r.filter, SURVEYS_REPORT, 'byOrganization'));
  }

  @ResolveField(() => [GqlByService], { description: byService.description })
  async byService(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return withCategory(await this.analytics.tableOf(ctx, r.filter, SURVEYS_REPORT, 'byService'));
  }

  @ResolveField(() => [GqlByArea], { description: byArea.description })
  async byArea(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return withCategory(await this.analytics.tableOf(ctx, r.filter, SURVEYS_REPORT, 'byArea'));
  }

  @ResolveField(() => [GqlDistributionByOrganization], { description: distributionByOrganization.description })
  distributionByOrganization(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, SURVEYS_REPORT, 'distributionByOrganization');
  }

  @ResolveField(() => [GqlDistributionByService], { description: distributionByService.description })
  distributionByService(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, SURVEYS_REPORT, 'distributionByService');
  }

  @ResolveField(() => [GqlSeriesPoint], { description: 'One measure per period of the filter' })
  series(
    @Ctx() ctx: RequestContext,
    @Parent() r: ReportParent,
    @Args('measure', { type: () => SurveysMeasure }) measure: SurveysMeasure,
    @Args('byRegion', { defaultValue: false, description: 'One point per period and area' }) byRegion: boolean,
  ): Promise<GqlSeriesPoint[]> {
    return this.analytics.seriesOf(ctx, r.filter, SURVEYS_REPORT, measure, byRegion);
  }
}
