import { Args, Context, Field, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { GraphQLContext, perRequestLoader } from '../common/graphql/loaders';
import { GqlPageInfo } from '../common/graphql/page';
import { RegionLevelEnum, RegionResponse } from './dto/region.response';
import { RegionsGqlArgs } from './dto/regions.args';
import { Region } from './region.entity';
import { RegionsService } from './regions.service';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';

@ObjectType('RegionPage')
class RegionGqlPage {
  @Field(() => [RegionResponse])
  data: RegionResponse[];

  @Field(() => GqlPageInfo)
  page: GqlPageInfo;
}

@Resolver(() => RegionResponse)
@RequirePermissions(Permission.REGIONS_READ)
export class RegionsResolver {
  constructor(private readonly regions: RegionsService) {}

  @Query(() => RegionResponse, { nullable: true, description: 'A region by its Kemendagri code' })
  async region(@Args('code') code: string): Promise<RegionResponse | null> {
    const [region] = await this.regions.findByCodes([code]);
    return region ? RegionResponse.of(region) : null;
  }

  @Query(() => RegionGqlPage, {
    name: 'regions',
    description: 'Regions by parent, level or name (case and accents ignored)',
  })
  listRegions(@Args() args: RegionsGqlArgs): Promise<RegionGqlPage> {
    return this.regions.list({
      parent: args.parent,
      level: args.level,
      q: args.search,
      limit: args.limit,
      cursor: args.cursor,
    });
  }

  @ResolveField(() => RegionResponse, { nullable: true })
  parent(@Parent() region: RegionResponse, @Context() context: GraphQLContext): Promise<RegionResponse | null> {
    if (!region.parentCode) return Promise.resolve(null);
    return this.byCode(context)
      .load(region.parentCode)
      .then((r) => (r ? RegionResponse.of(r) : null));
  }

  @ResolveField(() => [RegionResponse], { description: 'Direct children, by code' })
  async children(@Parent() region: RegionResponse, @Context() context: GraphQLContext): Promise<RegionResponse[]> {
    if (region.level === RegionLevelEnum.VILLAGE) return [];
    const rows = await this.childrenOf(context).load(region.code);
    return rows.map(RegionResponse.of);
  }

  private byCode(context: GraphQLContext): DataLoader<string, Region | undefined> {
    return perRequestLoader(context, 'regions.byCode', async (codes: readonly string[]) => {
      const rows = await this.regions.findByCodes(codes);
      const map = new Map(rows.map((r) => [r.code, r]));
      return codes.map((c) => map.get(c));
    });
  }

  private childrenOf(context: GraphQLContext): DataLoader<string, Region[]> {
    return perRequestLoader(context, 'regions.children', async (codes: readonly string[]) => {
      const groups = new Map<string, Region[]>(codes.map((c) => [c, []]));
      for (const row of await this.regions.childrenOf(codes)) groups.get(row.parentCode ?? '')?.push(row);
      return codes.map((c) => groups.get(c) ?? []);
    });
  }
}
