import {
  Args,
  ArgsType,
  Context,
  Field,
  Float,
  ID,
  Int,
  ObjectType,
  Parent,
  Query,
  registerEnumType,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { In } from 'typeorm';
import { Ctx, RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { GraphQLContext, perRequestLoader } from '../common/graphql/loaders';
import { GqlPageArgs, GqlPageInfo } from '../common/graphql/page';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { GrantResponse } from './dto/grant.dto';
import { GrantAsset } from './grant.entities';
import { GrantsService } from './grants.service';

enum GqlGrantStatus {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  DISBURSED = 'DISBURSED',
  CLOSED = 'CLOSED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(GqlGrantStatus, { name: 'GrantStatus' });

// Money is Float, not Int: GraphQL Int is 32-bit and Rupiah amounts pass 2^31; values stay whole and below 2^53.
@ObjectType('GrantItem')
class GqlGrantItem {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() description: string;
  @Field(() => Int) quantity: number;
  @Field(() => Float, { description: 'Whole Rupiah' }) unitValueIdr: number;
  @Field(() => Float, { description: 'Whole Rupiah' }) totalIdr: number;
}

@ObjectType('GrantCriterion')
class GqlGrantCriterion {
  @Field() code: string;
  @Field() passed: boolean;
  @Field() reason: string;
}

@ObjectType('GrantAsset')
class GqlGrantAsset {
  @Field(() => ID) id: string;
  @Field(() => ID) grantItemId: string;
  @Field() kind: string;
  @Field() serialNumber: string;
  @Field() status: string;
  @Field() statusOn: string;
}

@ObjectType('Grant')
class GqlGrant {
  @Field(() => ID) id: string;
  @Field(() => ID) personId: string;
  @Field(() => ID, { nullable: true }) caseId: string | null;
  @Field() regencyCode: string;
  @Field(() => Int) year: number;
  @Field(() => GqlGrantStatus) status: string;
  @Field() businessPlan: string;
  @Field(() => Float, { description: 'Whole Rupiah' }) totalIdr: number;
  @Field(() => [GqlGrantItem]) items: GqlGrantItem[];
  @Field(() => [GqlGrantCriterion]) criteria: GqlGrantCriterion[];
  @Field() criteriaPassed: boolean;
  @Field(() => String, { nullable: true }) disbursedOn: string | null;
  @Field(() => Int) version: number;
}

@ObjectType('GrantPage')
class GqlGrantPage {
  @Field(() => [GqlGrant]) data: GqlGrant[];
  @Field(() => GqlPageInfo) page: GqlPageInfo;
}

@ArgsType()
class GrantsArgs extends GqlPageArgs {
  @Field(() => GqlGrantStatus, { nullable: true }) @IsOptional() @IsEnum(GqlGrantStatus) status?: GqlGrantStatus;
}

const asGql = (g: GrantResponse): GqlGrant => ({ ...g, disbursedOn: g.bast?.date ?? null });

/** Grants over GraphQL: the same scope and audit as REST; assets load once per page, batched. */
@Resolver(() => GqlGrant)
@RequirePermissions(Permission.GRANTS_READ)
export class GrantsResolver {
  constructor(
    private readonly grants: GrantsService,
    private readonly tx: Tx,
  ) {}

  @Query(() => GqlGrant, { name: 'grant' })
  async getGrant(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<GqlGrant> {
    return asGql(await this.grants.get(ctx, id));
  }

  @Query(() => GqlGrantPage, { name: 'grants' })
  async listGrants(@Ctx() ctx: RequestContext, @Args() args: GrantsArgs): Promise<GqlGrantPage> {
    const page = await this.grants.list(ctx, { status: args.status, limit: args.limit, cursor: args.cursor });
    return { data: page.data.map(asGql), page: page.page };
  }

  @ResolveField(() => [GqlGrantAsset], { name: 'assets' })
  grantAssets(
    @Parent() g: GqlGrant,
    @Ctx() ctx: RequestContext,
    @Context() context: GraphQLContext,
  ): Promise<GqlGrantAsset[]> {
    // The grant is in scope (it was just loaded through the scoped query), so its assets are too.
    return perRequestLoader(context, 'grants.assets', async (ids: readonly string[]) => {
      const rows = await this.tx
        .manager(ctx)
        .getRepository(GrantAsset)
        .find({ where: { grantId: In([...ids]) }, order: { serialNumber: 'ASC' } });
      return ids.map((id) => rows.filter((a) => a.grantId === id));
    }).load(g.id);
  }
}
