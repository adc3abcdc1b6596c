import { Args, Field, ObjectType, Parent, registerEnumType, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../../common/context/request-context';
import { AnalyticsService } from '../analytics.service';
import { GqlFigure, GqlSeriesPoint, ReportParent } from '../analytics.types';
import { ReportDefinition, SqlBuilder, TableSpec } from '../report-table';

/**
 * Network report: who the network serves and where they are. Every figure about people places them by their
 * current domicile (docs/analytics.md#network); UPT occupancy by the UPT.
 */

/** Community (after-care) cases of people living in the filter's region, with the area they live in. */
const communityCases = (q: SqlBuilder): string => `
  SELECT c.id, c.person_id, c.opened_on, c.closed_on, ${q.area('p.domicile_village_code')} AS area
  FROM cases c JOIN persons p ON p.id = c.person_id
  WHERE c.kind = 'COMMUNITY' AND p.status = 'ACTIVE' AND ${q.inRegion('p.domicile_village_code')}`;

const peopleByCategory: TableSpec = {
  name: 'peopleByCategory',
  description: 'People with each active PPKS category at the end of the period, per area',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'category', header: 'ppks_code' },
  ],
  labels: [
    { key: 'regionName', header: 'region_name' },
    { key: 'categoryName', header: 'ppks_name' },
  ],
  measures: [{ key: 'people', header: 'people', kind: 'count' }],
  fill: { areas: true },
  // A person counts once per category even with two rows valid at `to` (a category removed and re-added on the
  // same day): the inner grouping removes such repeats by hashing, cheaper than a distinct count's sort.
  sql: (q) => `
    SELECT x.area AS "regionCode", k.code AS category, k.name AS "categoryName", count(*) AS people
    FROM (
      SELECT ${q.area('p.domicile_village_code')} AS area, pc.ppks_code, p.id
      FROM persons p
      JOIN person_ppks_categories pc ON pc.person_id = p.id
      WHERE p.status = 'ACTIVE' AND ${q.inRegion('p.domicile_village_code')}
        AND ${q.byEndOf('p.created_at')}
        AND (pc.since IS NULL OR pc.since <= ${q.to}) AND (pc.until IS NULL OR pc.until >= ${q.to})
      GROUP BY 1, 2, 3) x
    JOIN ppks_categories k ON k.code = x.ppks_code
    GROUP BY 1, 2, 3
    ORDER BY 1, 2`,
};

const peopleByDisability: TableSpec = {
  name: 'peopleByDisability',
  description: 'People registered by the end of the period, by disability (NONE when none recorded), per area',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'disability', header: 'disability' },
  ],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: [{ key: 'people', header: 'people', kind: 'count' }],
  fill: { areas: true },
  sql: (q) => `
    SELECT ${q.area('p.domicile_village_code')} AS "regionCode", d.disability, count(*) AS people
    FROM persons p
    CROSS JOIN LATERAL unnest(
      CASE WHEN cardinality(p.disabilities) = 0 THEN ARRAY['NONE'] ELSE p.disabilities END) AS d(disability)
    WHERE p.status = 'ACTIVE' AND ${q.inRegion('p.domicile_village_code')}
      AND ${q.byEndOf('p.created_at')}
    GROUP BY 1, 2
    ORDER BY 1, 2`,
};

const uptOccupancy: TableSpec = {
  name: 'uptOccupancy',
  description: 'Residents of each UPT in the region at the end of the period, against its capacity',
  dimensions: [{ key: 'uptId', header: 'upt_id' }],
  labels: [
    { key: 'uptName', header: 'upt_name' },
    { key: 'uptRegionCode', header: 'upt_region_code' },
  ],
  measures: [
    { key: 'residents', header: 'residents', kind: 'count' },
    { key: 'longStays', header: 'residents_over_365_days', kind: 'count' },
    // Capacity is public directory data, not a count of people: never suppressed.
    { key: 'capacity', header: 'capacity', kind: 'ratio' },
    { key: 'occupancyPercent', header: 'occupancy_percent', kind: 'ratio', basis: 'residents' },
  ],
  sql: (q) => `
    SELECT o.id AS "uptId", o.name AS "uptName", o.region_code AS "uptRegionCode", o.capacity,
           count(r.id) AS residents,
           count(r.id) FILTER (WHERE r.admitted_on <= ${q.to} - 365) AS "longStays",
           CASE WHEN o.capacity > 0 THEN round(100.0 * count(r.id) / o.capacity, 1) END AS "occupancyPercent"
    FROM organizations o
    LEFT JOIN case_residences r ON r.organization_id = o.id
      AND r.admitted_on <= ${q.to} AND (r.discharged_on IS NULL OR r.discharged_on > ${q.to})
    WHERE o.type = 'UPT' AND ${q.inRegion('o.region_code')}
    GROUP BY o.id
    ORDER BY o.name, o.id`,
};

const aftercare: TableSpec = {
  name: 'aftercare',
  description:
    'Eks klien under after-care (open community cases) and overdue follow-ups at the end of the period, and ' +
    'people with a relapse recorded within it, per area',
  dimensions: [{ key: 'regionCode', header: 'region_code' }],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: [
    { key: 'underAftercare', header: 'eks_klien_under_aftercare', kind: 'count' },
    { key: 'overdueFollowUps', header: 'overdue_follow_ups', kind: 'count' },
    { key: 'relapses', header: 'people_with_relapse', kind: 'count' },
  ],
  fill: { areas: true },
  sql: (q) => `
    WITH cc AS (${communityCases(q)}),
    open_at_end AS (SELECT * FROM cc WHERE opened_on <= ${q.to} AND (closed_on IS NULL OR closed_on > ${q.to})),
    under AS (SELECT area, count(DISTINCT person_id) AS n FROM open_at_end GROUP BY area),
    overdue AS (
      SELECT o.area, count(*) AS n
      FROM open_at_end o
      JOIN case_follow_ups fu ON fu.case_id = o.id
      LEFT JOIN case_visits v ON v.id = fu.visit_id
      WHERE fu.due_on < ${q.to}
        AND (fu.cancelled_at IS NULL OR ${q.localDate('fu.cancelled_at')} > ${q.to})
        AND (v.id IS NULL OR v.visited_on > ${q.to})
      GROUP BY o.area),
    relapsed AS (
      SELECT cc.area, count(DISTINCT cc.person_id) AS n
      FROM cc JOIN case_visits v ON v.case_id = cc.id
      WHERE v.relapse AND ${q.inPeriod('v.visited_on')}
      GROUP BY cc.area),
    areas AS (SELECT area FROM under UNION SELECT area FROM overdue UNION SELECT area FROM relapsed)
    SELECT a.area AS "regionCode", coalesce(u.n, 0) AS "underAftercare", coalesce(o.n, 0) AS "overdueFollowUps",
           coalesce(r.n, 0) AS relapses
    FROM areas a
    LEFT JOIN under u ON u.area = a.area
    LEFT JOIN overdue o ON o.area = a.area
    LEFT JOIN relapsed r ON r.area = a.area
    ORDER BY 1`,
};

export const NETWORK_REPORT: ReportDefinition = {
  name: 'network',
  title: 'Network: people served, UPT occupancy, after-care',
  tables: [peopleByCategory, peopleByDisability, uptOccupancy, aftercare],
  series: [
    {
      measure: 'ADMISSIONS',
      description: 'UPT admissions in each period (people placed by domicile)',
      kind: 'count',
      sql: (q) => `
        SELECT ${q.period('r.admitted_on')} AS period ${q.seriesArea('p.domicile_village_code')}, count(*) AS value
        FROM case_residences r JOIN cases c ON c.id = r.case_id JOIN persons p ON p.id = c.person_id
        WHERE p.status = 'ACTIVE' AND ${q.inRegion('p.domicile_village_code')} AND ${q.inPeriod('r.admitted_on')}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
    {
      measure: 'DISCHARGES',
      description: 'UPT discharges in each period (people placed by domicile, i.e. where they went home to)',
      kind: 'count',
      sql: (q) => `
        SELECT ${q.period('r.discharged_on')} AS period ${q.seriesArea('p.domicile_village_code')}, count(*) AS value
        FROM case_residences r JOIN cases c ON c.id = r.case_id JOIN persons p ON p.id = c.person_id
        WHERE p.status = 'ACTIVE' AND ${q.inRegion('p.domicile_village_code')} AND ${q.inPeriod('r.discharged_on')}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
    {
      measure: 'UNDER_AFTERCARE',
      description: 'Eks klien with an open community case at the end of each period',
      kind: 'count',
      sql: (q) => `
        SELECT periods.label AS period ${q.byRegion ? ', cc.area AS "regionCode"' : ''},
               count(DISTINCT cc.person_id) AS value
        FROM ${q.periodsRelation()}
        JOIN (${communityCases(q)}) cc
          ON cc.opened_on <= periods.end_on AND (cc.closed_on IS NULL OR cc.closed_on > periods.end_on)
        GROUP BY periods.label ${q.seriesAreaGroup}`,
    },
    {
      measure: 'RELAPSES',
      description: 'Eks klien with a relapse recorded at an after-care visit in each period',
      kind: 'count',
      sql: (q) => `
        SELECT ${q.period('v.visited_on')} AS period ${q.byRegion ? ', cc.area AS "regionCode"' : ''},
               count(DISTINCT cc.person_id) AS value
        FROM (${communityCases(q)}) cc JOIN case_visits v ON v.case_id = cc.id
        WHERE v.relapse AND ${q.inPeriod('v.visited_on')}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
  ],
};

enum NetworkMeasure {
  ADMISSIONS = 'ADMISSIONS',
  DISCHARGES = 'DISCHARGES',
  UNDER_AFTERCARE = 'UNDER_AFTERCARE',
  RELAPSES = 'RELAPSES',
}
registerEnumType(NetworkMeasure, { name: 'NetworkMeasure' });

@ObjectType('NetworkPeopleByCategory')
class GqlPeopleByCategory {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field({ description: 'PPKS category code' }) category: string;
  @Field() categoryName: string;
  @Field(() => GqlFigure) people: GqlFigure;
}

@ObjectType('NetworkPeopleByDisability')
class GqlPeopleByDisability {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field({ description: 'FISIK, INTELEKTUAL, MENTAL, SENSORIK or NONE' }) disability: string;
  @Field(() => GqlFigure) people: GqlFigure;
}

@ObjectType('NetworkUptOccupancy')
class GqlUptOccupancy {
  @Field() uptId: string;
  @Field() uptName: string;
  @Field() uptRegionCode: string;
  @Field(() => GqlFigure) residents: GqlFigure;
  @Field(() => GqlFigure, { description: 'Residents admitted more than 365 days before the end of the period' })
  longStays: GqlFigure;
  @Field(() => GqlFigure) capacity: GqlFigure;
  @Field(() => GqlFigure) occupancyPercent: GqlFigure;
}

@ObjectType('NetworkAftercare')
class GqlAftercare {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field(() => GqlFigure) underAftercare: GqlFigure;
  @Field(() => GqlFigure) overdueFollowUps: GqlFigure;
  @Field(() => GqlFigure, { description: 'People with a relapse recorded within the period' }) relapses: GqlFigure;
}

@ObjectType('NetworkReport')
export class GqlNetworkReport {}

@Resolver(() => GqlNetworkReport)
export class NetworkReportResolver {
  constructor(private readonly analytics: AnalyticsService) {}

  @ResolveField(() => [GqlPeopleByCategory], { description: peopleByCategory.description })
  peopleByCategory(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, NETWORK_REPORT, 'peopleByCategory');
  }

  @ResolveField(() => [GqlPeopleByDisability], { description: peopleByDisability.description })
  peopleByDisability(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, NETWORK_REPORT, 'peopleByDisability');
  }

  @ResolveField(() => [GqlUptOccupancy], { description: uptOccupancy.description })
  uptOccupancy(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, NETWORK_REPORT, 'uptOccupancy');
  }

  @ResolveField(() => [GqlAftercare], { description: aftercare.description })
  aftercare(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, NETWORK_REPORT, 'aftercare');
  }

  @ResolveField(() => [GqlSeriesPoint], { description: 'One measure per period of the filter' })
  series(
    @Ctx() ctx: RequestContext,
    @Parent() r: ReportParent,
    @Args('measure', { type: () => NetworkMeasure }) measure: NetworkMeasure,
    @Args('byRegion', { defaultValue: false, description: 'One point per period and area' }) byRegion: boolean,
  ): Promise<GqlSeriesPoint[]> {
    return this.analytics.seriesOf(ctx, r.filter, NETWORK_REPORT, measure, byRegion);
  }
}
