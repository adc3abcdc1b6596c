import { Args, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/context/request-context';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { AnalyticsFilterInput, AnalyticsFilterResolver } from './analytics-filter';
import { GqlAnalyticsScope, ReportParent, scopeOf } from './analytics.types';
import { GqlFunnelReport } from './reports/funnel.report';
import { GqlGrantsReport } from './reports/grants.report';
import { GqlMarketplaceReport } from './reports/marketplace.report';
import { GqlNetworkReport } from './reports/network.report';
import { GqlPasungReport } from './reports/pasung.report';
import { GqlReferralsReport } from './reports/referrals.report';
import { GqlSurveysReport } from './reports/surveys.report';
import { GqlTrainingsReport } from './reports/trainings.report';

@ObjectType('Analytics', {
  description:
    'Aggregate reports for provincial analysis; never a person or a row about one (docs/analytics.md). For the ' +
    'ANALYST role counts of 1 to 4, and figures from which they could be derived, are suppressed.',
})
class GqlAnalytics {
  @Field(() => GqlAnalyticsScope) scope: GqlAnalyticsScope;
  @Field(() => GqlNetworkReport) network: ReportParent;
  @Field(() => GqlFunnelReport) funnel: ReportParent;
  @Field(() => GqlGrantsReport) grants: ReportParent;
  @Field(() => GqlTrainingsReport) trainings: ReportParent;
  @Field(() => GqlReferralsReport) referrals: ReportParent;
  @Field(() => GqlPasungReport) pasung: ReportParent;
  @Field(() => GqlMarketplaceReport) marketplace: ReportParent;
  @Field(() => GqlSurveysReport) surveys: ReportParent;
}

/**
 * The one GraphQL entry to analytics: the filter is checked once here (unknown region, reversed or too long
 * period → a coded error before any report runs); each report object carries it to its own resolver, which
 * computes only the tables selected.
 */
@Resolver(() => GqlAnalytics)
@RequirePermissions(Permission.ANALYTICS_READ)
export class AnalyticsResolver {
  constructor(private readonly filters: AnalyticsFilterResolver) {}

  @Query(() => GqlAnalytics, { description: 'Analytics reports for a region (default: your province) and period' })
  async analytics(
    @Ctx() ctx: RequestContext,
    @Args('filter', { type: () => AnalyticsFilterInput, nullable: true }) filter?: AnalyticsFilterInput,
  ): Promise<GqlAnalytics> {
    const resolved = await this.filters.resolve(ctx, filter ?? {});
    const parent: ReportParent = { filter: resolved };
    return {
      scope: scopeOf(resolved),
      network: parent,
      funnel: parent,
      grants: parent,
      trainings: parent,
      referrals: parent,
      pasung: parent,
      marketplace: parent,
      surveys: parent,
    };
  }
}
