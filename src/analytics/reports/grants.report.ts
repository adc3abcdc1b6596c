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
 * Grants report (docs/analytics.md#grants): UEP grants by year, area and item kind, budget use, and the businesses
 * they funded — growth status, net income, and which areas' businesses are stagnating since when. Growth statuses
 * come from `analytics_business_status`, built by BusinessStatusRefresher with the TypeScript rule; its freshness is
 * `grants { refreshedAt }`.
 */

/** Grants that hold budget: approved, disbursed or closed (the statuses with a commitment, ck_grants_budget). */
const APPROVED = `('APPROVED', 'DISBURSED', 'CLOSED')`;

/**
 * Where a grant is: the grantee's domicile village when it lies in the grant's regency, else the regency itself.
 * Under a province every grant counts in the regency whose budget paid for it; under a regency, grants of grantees
 * living elsewhere (or without a recorded domicile) are in no district.
 */
const grantPlace = `CASE WHEN starts_with(p.domicile_village_code, g.regency_code) THEN p.domicile_village_code
  ELSE g.regency_code END`;

/** Grants of the period's years in the region, with their area. */
const grantsInRegion = (q: SqlBuilder): string => `
  SELECT g.id, g.year, g.status, g.total_idr, g.approved_at, ${q.area(grantPlace)} AS area
  FROM grants g JOIN persons p ON p.id = g.person_id
  WHERE p.status = 'ACTIVE' AND ${q.inRegion(grantPlace)} AND length(${grantPlace}) >= ${q.f.areaLength}
    AND g.year BETWEEN extract(year FROM ${q.from}) AND extract(year FROM ${q.to})`;

/** The month whose growth status is "at the end of the period": the month of `to`, never after the current one. */
const statusMonth = (q: SqlBuilder, dateExpr: string): string =>
  `to_char(least(${dateExpr}, ${q.localDate('now()')}), 'YYYY-MM')`;

/**
 * Businesses in the region with their status at the month `month`, placed by their village; the village, grant year
 * and the person's being active are as at the last refresh (`refreshedAt`).
 */
const businessStatus = (q: SqlBuilder, month: string): string => `
  SELECT ${q.area('s.village_code')} AS area, s.grant_year, s.status, s.since
  FROM analytics_business_status s
  WHERE s.month = ${month} AND ${q.inRegion('s.village_code')}`;

const grantsByYear: TableSpec = {
  name: 'grantsByYear',
  description:
    'Grants approved (approved, disbursed or closed) and disbursed, and their Rupiah totals, per area and budget ' +
    'year of the period',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'year', header: 'year' },
  ],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: [
    { key: 'approved', header: 'grants_approved', kind: 'count' },
    { key: 'approvedIdr', header: 'approved_idr', kind: 'sum', basis: 'approved' },
    { key: 'disbursed', header: 'grants_disbursed', kind: 'count' },
    { key: 'disbursedIdr', header: 'disbursed_idr', kind: 'sum', basis: 'disbursed' },
  ],
  fill: { areas: true },
  sql: (q) => `
    SELECT area AS "regionCode", year,
           count(*) FILTER (WHERE status IN ${APPROVED}) AS approved,
           coalesce(sum(total_idr) FILTER (WHERE status IN ${APPROVED}), 0) AS "approvedIdr",
           count(*) FILTER (WHERE status IN ('DISBURSED', 'CLOSED')) AS disbursed,
           coalesce(sum(total_idr) FILTER (WHERE status IN ('DISBURSED', 'CLOSED')), 0) AS "disbursedIdr"
    FROM (${grantsInRegion(q)}) g
    GROUP BY 1, 2
    ORDER BY 1, 2`,
};

const grantItems: TableSpec = {
  name: 'grantItems',
  description: 'Items of approved grants per area, budget year and item kind: grants with such items, quantity, value',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'year', header: 'year' },
    { key: 'kind', header: 'item_kind' },
  ],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: [
    { key: 'grants', header: 'grants', kind: 'count' },
    { key: 'quantity', header: 'quantity', kind: 'sum', basis: 'grants' },
    { key: 'valueIdr', header: 'value_idr', kind: 'sum', basis: 'grants' },
  ],
  fill: { areas: true },
  sql: (q) => `
    SELECT g.area AS "regionCode", g.year, i.kind, count(DISTINCT g.id) AS grants, sum(i.quantity) AS quantity,
           sum(i.quantity * i.unit_value_idr) AS "valueIdr"
    FROM (${grantsInRegion(q)}) g JOIN grant_items i ON i.grant_id = g.id
    WHERE g.status IN ${APPROVED}
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3`,
};

const budgetUse: TableSpec = {
  name: 'budgetUse',
  description:
    'UEP budget of each regency (of the region, or containing it) and year of the period: allocated (with ' +
    'top-ups), committed by approved grants, disbursed',
  dimensions: [
    { key: 'regencyCode', header: 'regency_code' },
    { key: 'year', header: 'year' },
  ],
  labels: [{ key: 'regencyName', header: 'regency_name' }],
  measures: [
    // The allocation is public budget data, not about people: never suppressed.
    { key: 'allocatedIdr', header: 'allocated_idr', kind: 'ratio' },
    { key: 'grants', header: 'grants_approved', kind: 'count' },
    { key: 'committedIdr', header: 'committed_idr', kind: 'sum', basis: 'grants' },
    { key: 'disbursed', header: 'grants_disbursed', kind: 'count' },
    { key: 'disbursedIdr', header: 'disbursed_idr', kind: 'sum', basis: 'disbursed' },
    // Percent × allocation gives the commitment back: hidden whenever the commitment is.
    { key: 'usePercent', header: 'committed_percent', kind: 'ratio', basis: 'committedIdr' },
  ],
  sql: (q) => `
    SELECT b.regency_code AS "regencyCode", r.name AS "regencyName", b.year, b.total_idr AS "allocatedIdr",
           count(g.id) AS grants, b.committed_idr AS "committedIdr",
           count(g.id) FILTER (WHERE g.status IN ('DISBURSED', 'CLOSED')) AS disbursed,
           b.disbursed_idr AS "disbursedIdr",
           round(100.0 * b.committed_idr / b.total_idr, 1) AS "usePercent"
    FROM grant_budgets b
    JOIN regions r ON r.code = b.regency_code
    LEFT JOIN grants g ON g.budget_id = b.id
    WHERE (${q.inRegion('b.regency_code')} OR starts_with(${q.p(q.f.region.code)}, b.regency_code))
      AND b.year BETWEEN extract(year FROM ${q.from}) AND extract(year FROM ${q.to})
    GROUP BY b.id, r.name
    ORDER BY 1, 3`,
};

const growthStatusTable: TableSpec = {
  name: 'growthStatus',
  description:
    'Businesses per area, grant year (null: not grant-funded) and growth status as of the last month of the period',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'grantYear', header: 'grant_year' },
    { key: 'status', header: 'growth_status' },
  ],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: [{ key: 'businesses', header: 'businesses', kind: 'count' }],
  fill: { areas: true },
  sql: (q) => `
    SELECT area AS "regionCode", grant_year AS "grantYear", status, count(*) AS businesses
    FROM (${businessStatus(q, statusMonth(q, q.to))}) s
    GROUP BY 1, 2, 3
    ORDER BY 1, 2 NULLS LAST, 3`,
};

const netIncome: TableSpec = {
  name: 'netIncome',
  description:
    'Median over businesses of their average monthly net income in the reports for months of the period, per area ' +
    'and grant year (null: not grant-funded)',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'grantYear', header: 'grant_year' },
  ],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: [
    { key: 'businesses', header: 'businesses_reporting', kind: 'count' },
    { key: 'medianNetIncomeIdr', header: 'median_net_income_idr_per_month', kind: 'ratio', basis: 'businesses' },
  ],
  fill: { areas: true },
  // A business's reports of the period are its running totals at the period's last month (never after the current
  // one) less those at the month before its first: two rows of the refreshed table per business, not every report.
  sql: (q) => `
    WITH upto AS (
      SELECT s.business_id, s.village_code, s.grant_year, s.net_income_to_date_idr, s.reports_to_date
      FROM analytics_business_status s
      WHERE s.month = ${statusMonth(q, q.to)} AND ${q.inRegion('s.village_code')}),
    before AS (
      SELECT s.business_id, s.net_income_to_date_idr, s.reports_to_date
      FROM analytics_business_status s
      WHERE s.month = to_char(${q.from} - interval '1 month', 'YYYY-MM') AND ${q.inRegion('s.village_code')})
    SELECT ${q.area('u.village_code')} AS "regionCode", u.grant_year AS "grantYear", count(*) AS businesses,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY
             (u.net_income_to_date_idr - coalesce(b.net_income_to_date_idr, 0))::numeric
               / (u.reports_to_date - coalesce(b.reports_to_date, 0)))) AS "medianNetIncomeIdr"
    FROM upto u LEFT JOIN before b ON b.business_id = u.business_id
    WHERE u.reports_to_date > coalesce(b.reports_to_date, 0)
    GROUP BY 1, 2
    ORDER BY 1, 2 NULLS LAST`,
};

const stagnation: TableSpec = {
  name: 'stagnation',
  description:
    'Per area, as of the last month of the period: businesses with a status, those STAGNAN, those STAGNAN for six ' +
    'months or more, and the median month since which the stagnant ones have been STAGNAN without a break (YYYYMM)',
  dimensions: [{ key: 'regionCode', header: 'region_code' }],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: [
    { key: 'businesses', header: 'businesses', kind: 'count' },
    { key: 'stagnant', header: 'stagnant', kind: 'count' },
    { key: 'stagnantSixMonths', header: 'stagnant_six_months_or_more', kind: 'count' },
    { key: 'stagnantSince', header: 'stagnant_since_median_yyyymm', kind: 'ratio', basis: 'stagnant' },
  ],
  fill: { areas: true },
  sql: (q) => {
    const month = statusMonth(q, q.to);
    return `
    WITH s AS (${businessStatus(q, month)})
    SELECT area AS "regionCode", count(*) AS businesses,
           count(*) FILTER (WHERE status = 'STAGNAN') AS stagnant,
           count(*) FILTER (WHERE status = 'STAGNAN'
             AND since <= to_char(to_date(${month}, 'YYYY-MM') - interval '5 months', 'YYYY-MM')) AS "stagnantSixMonths",
           percentile_disc(0.5) WITHIN GROUP (ORDER BY replace(since, '-', '')::int)
             FILTER (WHERE status = 'STAGNAN') AS "stagnantSince"
    FROM s
    GROUP BY 1
    ORDER BY 1`;
  },
};

/** Businesses with a status at the end of each period, per status (the series' measure). */
const statusSeries = (status: string) => (q: SqlBuilder) => `
  SELECT periods.label AS period ${q.seriesArea('s.village_code')}, count(*) AS value
  FROM ${q.periodsRelation()}
  JOIN analytics_business_status s ON s.month = ${statusMonth(q, 'periods.end_on')} AND s.status = '${status}'
  WHERE ${q.inRegion('s.village_code')}
  GROUP BY periods.label ${q.seriesAreaGroup}`;

export const GRANTS_REPORT: ReportDefinition = {
  name: 'grants',
  title: 'Grants: UEP grants, budgets, and the businesses they funded',
  tables: [grantsByYear, grantItems, budgetUse, growthStatusTable, netIncome, stagnation],
  series: [
    {
      measure: 'GRANTS_APPROVED',
      description: 'Grants approved in each period (local day of approval), still approved, disbursed or closed',
      kind: 'count',
      sql: (q) => `
        SELECT ${q.period(q.localDate('g.approved_at'))} AS period ${q.byRegion ? ', g.area AS "regionCode"' : ''},
               count(*) AS value
        FROM (${grantsInRegion(q)}) g
        WHERE g.status IN ${APPROVED} AND ${q.inPeriod(q.localDate('g.approved_at'))}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
    {
      measure: 'STAGNANT_BUSINESSES',
      description: 'Businesses STAGNAN as of the last month of each period',
      kind: 'count',
      sql: statusSeries('STAGNAN'),
    },
    {
      measure: 'GROWING_BUSINESSES',
      description: 'Businesses BERKEMBANG as of the last month of each period',
      kind: 'count',
      sql: statusSeries('BERKEMBANG'),
    },
  ],
};

enum GrantsMeasure {
  GRANTS_APPROVED = 'GRANTS_APPROVED',
  STAGNANT_BUSINESSES = 'STAGNANT_BUSINESSES',
  GROWING_BUSINESSES = 'GROWING_BUSINESSES',
}
registerEnumType(GrantsMeasure, { name: 'GrantsMeasure' });

@ObjectType('GrantsByYear')
class GqlGrantsByYear {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field(() => Int, { description: 'Budget year of the grant' }) year: number;
  @Field(() => GqlFigure) approved: GqlFigure;
  @Field(() => GqlFigure) approvedIdr: GqlFigure;
  @Field(() => GqlFigure) disbursed: GqlFigure;
  @Field(() => GqlFigure) disbursedIdr: GqlFigure;
}

@ObjectType('GrantItems')
class GqlGrantItems {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field(() => Int) year: number;
  @Field({ description: 'CASH, SEWING_MACHINE, OVERLOCK_MACHINE, TOOLS, MATERIALS or OTHER' }) kind: string;
  @Field(() => GqlFigure, { description: 'Grants with items of this kind' }) grants: GqlFigure;
  @Field(() => GqlFigure) quantity: GqlFigure;
  @Field(() => GqlFigure) valueIdr: GqlFigure;
}

@ObjectType('GrantsBudgetUse')
class GqlBudgetUse {
  @Field() regencyCode: string;
  @Field() regencyName: string;
  @Field(() => Int) year: number;
  @Field(() => GqlFigure, { description: 'Budget with top-ups (public data, never suppressed)' })
  allocatedIdr: GqlFigure;
  @Field(() => GqlFigure, { description: 'Grants approved, disbursed or closed on this budget' }) grants: GqlFigure;
  @Field(() => GqlFigure) committedIdr: GqlFigure;
  @Field(() => GqlFigure) disbursed: GqlFigure;
  @Field(() => GqlFigure) disbursedIdr: GqlFigure;
  @Field(() => GqlFigure, { description: 'Committed as a percentage of allocated' }) usePercent: GqlFigure;
}

@ObjectType('GrantsGrowthStatus')
class GqlGrowthStatus {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field(() => Int, { nullable: true, description: 'Year of the grant that funded the business; null if none' })
  grantYear: number | null;
  @Field({ description: 'BERKEMBANG, STAGNAN, MENURUN, TUTUP or BELUM_CUKUP_DATA' }) status: string;
  @Field(() => GqlFigure) businesses: GqlFigure;
}

@ObjectType('GrantsNetIncome')
class GqlNetIncome {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field(() => Int, { nullable: true }) grantYear: number | null;
  @Field(() => GqlFigure, { description: 'Businesses with a report for a month of the period' })
  businesses: GqlFigure;
  @Field(() => GqlFigure, { description: 'Median of the businesses’ average monthly net income, whole Rupiah' })
  medianNetIncomeIdr: GqlFigure;
}

@ObjectType('GrantsStagnation')
class GqlStagnation {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field(() => GqlFigure, { description: 'Businesses with a growth status as of the last month of the period' })
  businesses: GqlFigure;
  @Field(() => GqlFigure, { description: 'Of them, STAGNAN' }) stagnant: GqlFigure;
  @Field(() => GqlFigure, { description: 'STAGNAN without a break for six months or more' })
  stagnantSixMonths: GqlFigure;
  @Field(() => GqlFigure, {
    description: 'Median month (YYYYMM, e.g. 202503) since which the stagnant businesses have been STAGNAN',
  })
  stagnantSince: GqlFigure;
}

@ObjectType('GrantsReport')
export class GqlGrantsReport {}

@Resolver(() => GqlGrantsReport)
export class GrantsReportResolver {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly refresher: BusinessStatusRefresher,
    private readonly tx: Tx,
  ) {}

  @ResolveField(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'When the monthly growth statuses (growthStatus, netIncome excepted, stagnation, business series) were last ' +
      'rebuilt; null if never. Rebuilt nightly and at startup when older than a day.',
  })
  refreshedAt(@Ctx() ctx: RequestContext): Promise<Date | null> {
    return this.refresher.refreshedAt(this.tx.manager(ctx));
  }

  @ResolveField(() => [GqlGrantsByYear], { description: grantsByYear.description })
  grantsByYear(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, GRANTS_REPORT, 'grantsByYear');
  }

  @ResolveField(() => [GqlGrantItems], { description: grantItems.description })
  grantItems(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, GRANTS_REPORT, 'grantItems');
  }

  @ResolveField(() => [GqlBudgetUse], { description: budgetUse.description })
  budgetUse(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, GRANTS_REPORT, 'budgetUse');
  }

  @ResolveField(() => [GqlGrowthStatus], { description: growthStatusTable.description })
  growthStatus(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, GRANTS_REPORT, 'growthStatus');
  }

  @ResolveField(() => [GqlNetIncome], { description: netIncome.description })
  netIncome(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, GRANTS_REPORT, 'netIncome');
  }

  @ResolveField(() => [GqlStagnation], { description: stagnation.description })
  stagnation(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, GRANTS_REPORT, 'stagnation');
  }

  @ResolveField(() => [GqlSeriesPoint], { description: 'One measure per period of the filter' })
  series(
    @Ctx() ctx: RequestContext,
    @Parent() r: ReportParent,
    @Args('measure', { type: () => GrantsMeasure }) measure: GrantsMeasure,
    @Args('byRegion', { defaultValue: false, description: 'One point per period and area' }) byRegion: boolean,
  ): Promise<GqlSeriesPoint[]> {
    return this.analytics.seriesOf(ctx, r.filter, GRANTS_REPORT, measure, byRegion);
  }
}
