import {
  Args,
  ArgsType,
  Field,
  ID,
  Int,
  ObjectType,
  Query,
  registerEnumType,
  ResolveField,
  Context,
  Parent,
  Resolver,
} from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { Ctx, RequestContext } from '../common/context/request-context';
import { GraphQLContext, perRequestLoader } from '../common/graphql/loaders';
import { GqlPageArgs, GqlPageInfo } from '../common/graphql/page';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { BusinessReportsService } from './business-reports.service';
import { BusinessesService } from './businesses.service';
import { BusinessResponse } from './dto/business.dto';
import { GrowthStatus } from './growth-status';

enum GqlGrowthStatus {
  BERKEMBANG = 'BERKEMBANG',
  STAGNAN = 'STAGNAN',
  MENURUN = 'MENURUN',
  TUTUP = 'TUTUP',
  BELUM_CUKUP_DATA = 'BELUM_CUKUP_DATA',
}
registerEnumType(GqlGrowthStatus, { name: 'GrowthStatus' });

@ObjectType('BusinessGrowth')
class GqlGrowth {
  @Field(() => GqlGrowthStatus) status: string;
  @Field(() => String, { nullable: true }) latestPeriod: string | null;
  @Field(() => Int) reportsInWindow: number;
  @Field(() => [String]) recentPeriods: string[];
  @Field(() => Number, { nullable: true }) recentAverageIdr: number | null;
  @Field(() => [String]) previousPeriods: string[];
  @Field(() => Number, { nullable: true }) previousAverageIdr: number | null;
  @Field(() => Number, { nullable: true }) changePercent: number | null;
  @Field(() => Int) silentMonths: number;
}

@ObjectType('BusinessReport')
class GqlReport {
  @Field(() => ID) id: string;
  @Field() period: string;
  @Field(() => Number, { description: 'Whole Rupiah' }) revenueIdr: number;
  @Field(() => Number, { description: 'Whole Rupiah; negative for a loss' }) netIncomeIdr: number;
  @Field(() => Int) workers: number;
  @Field() open: boolean;
  @Field(() => Int) version: number;
}

@ObjectType('Business')
class GqlBusiness {
  @Field(() => ID) id: string;
  @Field(() => ID) personId: string;
  @Field(() => ID, { nullable: true }) grantId: string | null;
  @Field() sector: string;
  @Field() name: string;
  @Field() villageCode: string;
  @Field() startDate: string;
  @Field(() => Int) workers: number;
  @Field(() => GqlGrowth) growth: GqlGrowth;
  @Field(() => GqlGrowthStatus) growthStatus: string;
  @Field() graduationProposed: boolean;
  @Field(() => String, { nullable: true }) graduatedOn: string | null;
  @Field(() => Int) version: number;
}

@ObjectType('BusinessPage')
class GqlBusinessPage {
  @Field(() => [GqlBusiness]) data: GqlBusiness[];
  @Field(() => GqlPageInfo) page: GqlPageInfo;
}

@ArgsType()
class BusinessesArgs extends GqlPageArgs {
  @Field(() => GqlGrowthStatus, { nullable: true }) @IsOptional() @IsEnum(GqlGrowthStatus) status?: GqlGrowthStatus;
}

const asGql = (b: BusinessResponse): GqlBusiness => ({
  ...b,
  growthStatus: b.growth.status,
  graduatedOn: b.graduation?.graduatedOn ?? null,
});

/** Businesses over GraphQL: the same services, scope and audit as REST. */
@Resolver(() => GqlBusiness)
@RequirePermissions(Permission.BUSINESSES_READ)
export class BusinessesResolver {
  constructor(
    private readonly businesses: BusinessesService,
    private readonly reportsService: BusinessReportsService,
  ) {}

  @Query(() => GqlBusiness, { name: 'business' })
  async getBusiness(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<GqlBusiness> {
    return asGql(await this.businesses.get(ctx, id));
  }

  @Query(() => GqlBusinessPage, { name: 'businesses' })
  async listBusinesses(@Ctx() ctx: RequestContext, @Args() args: BusinessesArgs): Promise<GqlBusinessPage> {
    const status = args.status as GrowthStatus | undefined;
    const page = await this.businesses.list(ctx, { limit: args.limit, cursor: args.cursor, status });
    return { data: page.data.map(asGql), page: page.page };
  }

  // One query per business; a page holds at most MAX_LIMIT businesses and the query-cost limit bounds nesting.
  @ResolveField(() => [GqlReport])
  reports(
    @Parent() b: GqlBusiness,
    @Ctx() ctx: RequestContext,
    @Context() context: GraphQLContext,
  ): Promise<GqlReport[]> {
    // One query for every business of the page (DataLoader), not one per business.
    return perRequestLoader(
      context,
      'businesses.reports',
      async (keys: readonly { id: string; personId: string }[]) => {
        const grouped = await this.reportsService.listForBusinesses(ctx, keys);
        return keys.map((k) => grouped.get(k.id) ?? []);
      },
    ).load({ id: b.id, personId: b.personId });
  }
}
