import { Args, Field, ObjectType, Parent, registerEnumType, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../../common/context/request-context';
import { AnalyticsService } from '../analytics.service';
import { GqlFigure, GqlSeriesPoint, ReportParent } from '../analytics.types';
import { Measure, ReportDefinition, SqlBuilder, TableSpec } from '../report-table';

/**
 * Referrals report (docs/analytics.md#referrals): volume, acceptance and speed per receiving organisation (the
 * partner) and per service category, and why referrals were not taken up. A referral is placed in the area of its
 * receiving organisation and counted in the period it was sent (its creation day, local calendar); withdrawn
 * mistakes (ENTERED_IN_ERROR) are never counted. Reasons are the rejection reason codes, never the free-text note.
 */

/**
 * An organisation is in an area when its region code reaches the breakdown level: one recorded at regency level
 * (UPT Kediri, `3571`) counts in its regency but in none of its districts when drilling down.
 */
const placed = (q: SqlBuilder, codeExpr: string): string => `length(${codeExpr}) >= ${q.f.areaLength}`;

/**
 * Referrals sent within the period to an organisation in the filter's region, each with when it was first accepted
 * and completed (from its event timeline: the current status alone forgets an acceptance once work has started).
 */
const sentInPeriod = (q: SqlBuilder): string => `
  SELECT r.id, r.to_organization_id, o.region_code, r.status, r.rejection_reason_code,
         coalesce(s.category_code, 'NONE') AS category,
         extract(epoch FROM ev.accepted_at - r.created_at) / 86400 AS days_to_accept,
         extract(epoch FROM ev.completed_at - r.created_at) / 86400 AS days_to_complete,
         ev.accepted_at IS NOT NULL AS accepted,
         ev.completed_at IS NOT NULL AS completed
  FROM referrals r
  JOIN organizations o ON o.id = r.to_organization_id
  LEFT JOIN services s ON s.id = r.service_id
  -- One probe of ix_referral_events_milestones per referral sent, instead of grouping every event.
  LEFT JOIN LATERAL (
    SELECT min(e.occurred_at) FILTER (WHERE e.to_status = 'ACCEPTED') AS accepted_at,
           min(e.occurred_at) FILTER (WHERE e.to_status = 'COMPLETED') AS completed_at
    FROM referral_events e
    WHERE e.referral_id = r.id AND e.to_status IN ('ACCEPTED', 'COMPLETED')) ev ON true
  WHERE r.status <> 'ENTERED_IN_ERROR' AND ${q.inRegion('o.region_code')} AND ${q.instantInPeriod('r.created_at')}`;

/**
 * The same measures for partners and categories. `accepted` goes with `sent` and the rates and medians with
 * `accepted`/`completed` (their basis chain), so a published rate never lets a hidden count be worked back.
 */
const flowMeasures: Measure[] = [
  { key: 'sent', header: 'referrals_sent', kind: 'count' },
  { key: 'accepted', header: 'referrals_accepted', kind: 'count', basis: 'sent' },
  { key: 'acceptanceRate', header: 'acceptance_rate_percent', kind: 'ratio', basis: 'accepted' },
  { key: 'medianDaysToAccept', header: 'median_days_to_accept', kind: 'ratio', basis: 'accepted' },
  { key: 'completed', header: 'referrals_completed', kind: 'count', basis: 'accepted' },
  { key: 'medianDaysToComplete', header: 'median_days_to_complete', kind: 'ratio', basis: 'completed' },
];

const flowColumns = `
  count(*) AS sent,
  count(*) FILTER (WHERE accepted) AS accepted,
  round(100.0 * count(*) FILTER (WHERE accepted)
        / nullif(count(*) FILTER (WHERE accepted OR status IN ('REJECTED', 'EXPIRED')), 0), 1) AS "acceptanceRate",
  round((percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_accept))::numeric, 1) AS "medianDaysToAccept",
  count(*) FILTER (WHERE completed) AS completed,
  round((percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_complete))::numeric, 1) AS "medianDaysToComplete"`;

const byPartner: TableSpec = {
  name: 'byPartner',
  description: 'Referrals sent within the period to each receiving organisation in the region, with their outcome',
  dimensions: [{ key: 'partnerId', header: 'partner_organization_id' }],
  labels: [
    { key: 'partnerName', header: 'partner_name' },
    { key: 'partnerType', header: 'partner_type' },
    { key: 'partnerRegionCode', header: 'partner_region_code' },
  ],
  measures: flowMeasures,
  sql: (q) => `
    WITH sent AS (${sentInPeriod(q)})
    SELECT o.id AS "partnerId", o.name AS "partnerName", o.type AS "partnerType",
           o.region_code AS "partnerRegionCode", ${flowColumns}
    FROM sent JOIN organizations o ON o.id = sent.to_organization_id
    GROUP BY o.id
    ORDER BY o.name, o.id`,
};

const byCategory: TableSpec = {
  name: 'byCategory',
  description:
    'Referrals sent within the period per service category (NONE: no service named) and area of the receiving ' +
    'organisation, with their outcome',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'category', header: 'service_category' },
  ],
  labels: [
    { key: 'regionName', header: 'region_name' },
    { key: 'categoryName', header: 'service_category_name' },
  ],
  measures: flowMeasures,
  fill: { areas: true },
  sql: (q) => `
    WITH sent AS (${sentInPeriod(q)})
    SELECT ${q.area('sent.region_code')} AS "regionCode", sent.category,
           coalesce(c.name, 'Tanpa layanan') AS "categoryName", ${flowColumns}
    FROM sent LEFT JOIN service_categories c ON c.code = sent.category
    WHERE ${placed(q, 'sent.region_code')}
    GROUP BY 1, 2, 3
    ORDER BY 1, 2`,
};

const notAccepted: TableSpec = {
  name: 'notAccepted',
  description:
    'Referrals sent within the period that were rejected (by rejection reason code) or expired unanswered ' +
    '(reason EXPIRED), per area of the receiving organisation',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'reason', header: 'reason' },
  ],
  labels: [
    { key: 'regionName', header: 'region_name' },
    { key: 'status', header: 'status' },
  ],
  measures: [{ key: 'referrals', header: 'referrals', kind: 'count' }],
  fill: { areas: true },
  sql: (q) => `
    WITH sent AS (${sentInPeriod(q)})
    SELECT ${q.area('region_code')} AS "regionCode",
           CASE WHEN status = 'EXPIRED' THEN 'EXPIRED' ELSE rejection_reason_code END AS reason,
           status, count(*) AS referrals
    FROM sent WHERE status IN ('REJECTED', 'EXPIRED') AND ${placed(q, 'region_code')}
    GROUP BY 1, 2, 3
    ORDER BY 1, 2`,
};

/** A series of referral events (first reaching a status) in each period, placed by the receiving organisation. */
const eventSeries = (measure: string, toStatus: string, description: string) => ({
  measure,
  description,
  kind: 'count' as const,
  // The lifecycle reaches each of these statuses at most once, so each event is one referral.
  sql: (q: SqlBuilder) => `
    SELECT ${q.period(q.localDate('e.occurred_at'))} AS period ${q.seriesArea('o.region_code')},
           count(DISTINCT e.referral_id) AS value
    FROM referral_events e
    JOIN referrals r ON r.id = e.referral_id
    JOIN organizations o ON o.id = r.to_organization_id
    WHERE e.to_status = ${q.p(toStatus)} AND ${q.instantInPeriod('e.occurred_at')}
      AND r.status <> 'ENTERED_IN_ERROR' AND ${q.inRegion('o.region_code')}
      ${q.byRegion ? `AND ${placed(q, 'o.region_code')}` : ''}
    GROUP BY period ${q.seriesAreaGroup}`,
});

export const REFERRALS_REPORT: ReportDefinition = {
  name: 'referrals',
  title: 'Referrals: volume, acceptance, time to accept and complete, reasons not taken up',
  tables: [byPartner, byCategory, notAccepted],
  series: [
    {
      measure: 'REFERRALS_SENT',
      description: 'Referrals sent in each period (placed by the receiving organisation)',
      kind: 'count',
      sql: (q) => `
        SELECT ${q.period(q.localDate('r.created_at'))} AS period ${q.seriesArea('o.region_code')},
               count(*) AS value
        FROM referrals r JOIN organizations o ON o.id = r.to_organization_id
        WHERE r.status <> 'ENTERED_IN_ERROR' AND ${q.inRegion('o.region_code')}
          AND ${q.instantInPeriod('r.created_at')} ${q.byRegion ? `AND ${placed(q, 'o.region_code')}` : ''}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
    eventSeries('ACCEPTED', 'ACCEPTED', 'Referrals accepted in each period'),
    eventSeries('COMPLETED', 'COMPLETED', 'Referrals completed in each period'),
    eventSeries('REJECTED', 'REJECTED', 'Referrals rejected in each period'),
    eventSeries('EXPIRED', 'EXPIRED', 'Referrals that expired unanswered in each period'),
  ],
};

enum ReferralsMeasure {
  REFERRALS_SENT = 'REFERRALS_SENT',
  ACCEPTED = 'ACCEPTED',
  COMPLETED = 'COMPLETED',
  REJECTED = 'REJECTED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ReferralsMeasure, { name: 'ReferralsMeasure' });

@ObjectType('ReferralsFlow', { isAbstract: true })
abstract class GqlFlow {
  @Field(() => GqlFigure, { description: 'Referrals sent within the period' }) sent: GqlFigure;
  @Field(() => GqlFigure, { description: 'Of those, accepted (whatever happened after)' }) accepted: GqlFigure;
  @Field(() => GqlFigure, {
    description: 'Accepted per 100 answered (accepted, rejected or expired unanswered); one decimal',
  })
  acceptanceRate: GqlFigure;
  @Field(() => GqlFigure, { description: 'Median days from sending to acceptance; one decimal' })
  medianDaysToAccept: GqlFigure;
  @Field(() => GqlFigure, { description: 'Of those sent, completed' }) completed: GqlFigure;
  @Field(() => GqlFigure, { description: 'Median days from sending to completion; one decimal' })
  medianDaysToComplete: GqlFigure;
}

@ObjectType('ReferralsByPartner')
class GqlByPartner extends GqlFlow {
  @Field({ description: 'The receiving organisation' }) partnerId: string;
  @Field() partnerName: string;
  @Field() partnerType: string;
  @Field() partnerRegionCode: string;
}

@ObjectType('ReferralsByCategory')
class GqlByCategory extends GqlFlow {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field({ description: 'Service category code of the service referred to; NONE when none was named' })
  category: string;
  @Field() categoryName: string;
}

@ObjectType('ReferralsNotAccepted')
class GqlNotAccepted {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field({ description: 'Rejection reason code (GET /api/v1/referrals/rejection-reasons), or EXPIRED' })
  reason: string;
  @Field({ description: 'REJECTED or EXPIRED' }) status: string;
  @Field(() => GqlFigure) referrals: GqlFigure;
}

@ObjectType('ReferralsReport')
export class GqlReferralsReport {}

@Resolver(() => GqlReferralsReport)
export class ReferralsReportResolver {
  constructor(private readonly analytics: AnalyticsService) {}

  @ResolveField(() => [GqlByPartner], { description: byPartner.description })
  byPartner(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, REFERRALS_REPORT, 'byPartner');
  }

  @ResolveField(() => [GqlByCategory], { description: byCategory.description })
  byCategory(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, REFERRALS_REPORT, 'byCategory');
  }

  @ResolveField(() => [GqlNotAccepted], { description: notAccepted.description })
  notAccepted(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, REFERRALS_REPORT, 'notAccepted');
  }

  @ResolveField(() => [GqlSeriesPoint], { description: 'One measure per period of the filter' })
  series(
    @Ctx() ctx: RequestContext,
    @Parent() r: ReportParent,
    @Args('measure', { type: () => ReferralsMeasure }) measure: ReferralsMeasure,
    @Args('byRegion', { defaultValue: false, description: 'One point per period and area' }) byRegion: boolean,
  ): Promise<GqlSeriesPoint[]> {
    return this.analytics.seriesOf(ctx, r.filter, REFERRALS_REPORT, measure, byRegion);
  }
}
