import { Args, ArgsType, Context, Field, ID, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Ctx, RequestContext } from '../common/context/request-context';
import { GraphQLContext, perRequestLoader } from '../common/graphql/loaders';
import { GqlPageArgs, GqlPageInfo } from '../common/graphql/page';
import { RegionResponse } from '../regions/dto/region.response';
import { RegionsService } from '../regions/regions.service';
import { OrganizationResponse, OrganizationTypeEnum } from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';

@ArgsType()
class OrganizationsArgs extends GqlPageArgs {
  @Field(() => OrganizationTypeEnum, { nullable: true })
  @IsOptional()
  @IsEnum(OrganizationTypeEnum)
  type?: OrganizationTypeEnum;

  @Field(() => String, { nullable: true, description: 'Region code; includes everything under it' })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6}|\d{10})$/)
  region?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  search?: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  includeInactive?: boolean;
}

@ObjectType('OrganizationPage')
class OrganizationGqlPage {
  @Field(() => [OrganizationResponse]) data: OrganizationResponse[];
  @Field(() => GqlPageInfo) page: GqlPageInfo;
}

@Resolver(() => OrganizationResponse)
@RequirePermissions(Permission.ORGANIZATIONS_READ)
export class OrganizationsResolver {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly regions: RegionsService,
  ) {}

  @Query(() => OrganizationResponse, { name: 'organization' })
  getOrganization(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<OrganizationResponse> {
    return this.organizations.get(ctx, id);
  }

  @Query(() => OrganizationGqlPage, { name: 'organizations' })
  listOrganizations(@Ctx() ctx: RequestContext, @Args() args: OrganizationsArgs): Promise<OrganizationGqlPage> {
    return this.organizations.list(ctx, {
      type: args.type,
      region: args.region,
      q: args.search,
      includeInactive: args.includeInactive,
      limit: args.limit,
      cursor: args.cursor,
    });
  }

  @ResolveField(() => RegionResponse, { nullable: true })
  region(
    @Parent() organization: OrganizationResponse,
    @Context() context: GraphQLContext,
  ): Promise<RegionResponse | null> {
    return perRequestLoader(context, 'organizations.region', async (codes: readonly string[]) => {
      const rows = await this.regions.findByCodes(codes);
      const map = new Map(rows.map((r) => [r.code, RegionResponse.of(r)]));
      return codes.map((c) => map.get(c) ?? null);
    }).load(organization.regionCode);
  }

  @ResolveField(() => OrganizationResponse, { nullable: true })
  parent(
    @Parent() organization: OrganizationResponse,
    @Ctx() ctx: RequestContext,
    @Context() context: GraphQLContext,
  ): Promise<OrganizationResponse | null> {
    if (!organization.parentId) return Promise.resolve(null);
    return perRequestLoader(context, 'organizations.byId', async (ids: readonly string[]) => {
      const rows = await this.organizations.findByIds(ctx, ids);
      const map = new Map(rows.map((o) => [o.id, OrganizationResponse.of(o)]));
      return ids.map((id) => map.get(id) ?? null);
    }).load(organization.parentId);
  }
}
