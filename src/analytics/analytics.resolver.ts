import { Args, Field, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/context/request-context';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { AnalyticsFilterInput, AnalyticsFilterResolver } from './analytics-filter';
import { GqlAnalyticsScope, ReportParent, scopeOf } from './analytics.types';
import { GqlFunnelReport } from './reports/funnel.report';
import { GqlGrantsReport } from './reports/grants.report';
import { GqlNetworkReport } from './reports/network.report';

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

  @ResolveField(() => GqlFunnelReport)
  funnel(@Parent() a: AnalyticsParent): ReportParent {
    return { filter: a.filter };
  }

  @ResolveField(() => GqlGrantsReport)
  grants(@Parent() a: AnalyticsParent): ReportParent {
    return { filter: a.filter };
  }
}
