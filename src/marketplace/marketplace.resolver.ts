import { Args, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/context/request-context';
import { GqlPageArgs, GqlPageInfo } from '../common/graphql/page';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { OrderResponse, ProductResponse } from './dto/marketplace.dto';
import { OrdersService } from './orders.service';
import { ProductsService } from './products.service';

@ObjectType('Product', { description: 'A published product; makers are given as a count and group name only' })
class GqlProduct {
  @Field(() => ID) id: string;
  @Field(() => ID) sellerOrganizationId: string;
  @Field() category: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => Int, { description: 'Whole Rupiah' }) priceIdr: number;
  @Field(() => Int) stock: number;
  @Field() status: string;
  @Field(() => String, { nullable: true }) makerGroup: string | null;
  @Field(() => Int) makerCount: number;
}

@ObjectType('ProductPage')
class GqlProductPage {
  @Field(() => [GqlProduct]) data: GqlProduct[];
  @Field(() => GqlPageInfo) page: GqlPageInfo;
}

@ObjectType('OrderLine')
class GqlOrderLine {
  @Field(() => ID) productId: string;
  @Field() productName: string;
  @Field(() => Int) quantity: number;
  // Float: a line amount can pass GraphQL's 32-bit Int; it is still whole Rupiah.
  @Field(() => Number) unitPriceIdr: number;
  @Field(() => Number) amountIdr: number;
}

@ObjectType('Order')
class GqlOrder {
  @Field(() => ID) id: string;
  @Field(() => ID) buyerOrganizationId: string;
  @Field(() => ID) sellerOrganizationId: string;
  @Field() status: string;
  @Field(() => [GqlOrderLine]) lines: GqlOrderLine[];
  @Field(() => Number, { description: 'Whole Rupiah' }) totalIdr: number;
  @Field(() => String, { nullable: true }) paidOn: string | null;
  @Field(() => [String]) allowedActions: string[];
}

@ObjectType('OrderPage')
class GqlOrderPage {
  @Field(() => [GqlOrder]) data: GqlOrder[];
  @Field(() => GqlPageInfo) page: GqlPageInfo;
}

// GraphQL never carries makers' names, even to the seller: REST is where the seller's side reads them.
const asProduct = (p: ProductResponse): GqlProduct => ({
  id: p.id,
  sellerOrganizationId: p.sellerOrganizationId,
  category: p.category,
  name: p.name,
  description: p.description,
  priceIdr: p.priceIdr,
  stock: p.stock,
  status: p.status,
  makerGroup: p.makerGroup,
  makerCount: p.makerCount,
});
const asOrder = (o: OrderResponse): GqlOrder => ({
  id: o.id,
  buyerOrganizationId: o.buyerOrganizationId,
  sellerOrganizationId: o.sellerOrganizationId,
  status: o.status,
  lines: o.lines,
  totalIdr: o.totalIdr,
  paidOn: o.paidOn,
  allowedActions: o.allowedActions,
});

/** The marketplace over GraphQL (read-only): the published catalogue and the caller's orders, same scope as REST. */
@Resolver()
@RequirePermissions(Permission.MARKETPLACE_READ)
export class MarketplaceResolver {
  constructor(
    private readonly products: ProductsService,
    private readonly orders: OrdersService,
  ) {}

  @Query(() => GqlProductPage, { name: 'products' })
  async listProducts(@Ctx() ctx: RequestContext, @Args() args: GqlPageArgs): Promise<GqlProductPage> {
    const page = await this.products.list(ctx, { limit: args.limit, cursor: args.cursor });
    return { data: page.data.map(asProduct), page: page.page };
  }

  @Query(() => GqlOrderPage, { name: 'orders' })
  async listOrders(@Ctx() ctx: RequestContext, @Args() args: GqlPageArgs): Promise<GqlOrderPage> {
    const page = await this.orders.list(ctx, { limit: args.limit, cursor: args.cursor });
    return { data: page.data.map(asOrder), page: page.page };
  }
}
