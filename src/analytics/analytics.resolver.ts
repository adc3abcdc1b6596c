import { Args, Field, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/context/request-context';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { AnalyticsFilterInput, AnalyticsFilterResolver } from './analytics-filter';
import { GqlAnalyticsScope, ReportParent, scopeOf } from './analytics.types';
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
}

type AnalyticsParent = ReportParent & { scope: GqlAnalyticsScope };

/**
 * The one GraphQL entry to analytics: the filter is checked once here (unknown region, reversed or too long
 * period → a coded error before any report runs), then each report selected computes its own tables.
 */
@Resolver(() => GqlAnalytics)
@RequirePermissions(Permission.ANALYTICS_READ)
export class AnalyticsResolver {
  constructor(private readonly filters: AnalyticsFilterResolver) {}

  @Query(() => GqlAnalytics, { description: 'Analytics reports for a region (default: your province) and period' })
  async analytics(
    @Ctx() ctx: RequestContext,
    @Args('filter', { type: () => AnalyticsFilterInput, nullable: true }) filter?: AnalyticsFilterInput,
  ): Promise<AnalyticsParent> {
    const resolved = await this.filters.resolve(ctx, filter ?? {});
    return { filter: resolved, scope: scopeOf(resolved) };
  }

  @ResolveField(() => GqlNetworkReport)
  network(@Parent() a: AnalyticsParent): ReportParent {
    return { filter: a.filter };
  }

  @ResolveField(() => GqlReferralsReport)
  referrals(@Parent() a: AnalyticsParent): ReportParent {
    return { filter: a.filter };
  }

  @ResolveField(() => GqlSurveysReport)
  surveys(@Parent() a: AnalyticsParent): ReportParent {
    return { filter: a.filter };
  }

  @ResolveField(() => GqlMarketplaceReport)
  marketplace(@Parent() a: AnalyticsParent): ReportParent {
    return { filter: a.filter };
  }

  @ResolveField(() => GqlTrainingsReport)
  trainings(@Parent() a: AnalyticsParent): ReportParent {
    return { filter: a.filter };
  }

  @ResolveField(() => GqlPasungReport)
  pasung(@Parent() a: AnalyticsParent): ReportParent {
    return { filter: a.filter };
  }
}
