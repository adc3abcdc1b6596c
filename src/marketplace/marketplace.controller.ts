import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { IfMatch, IfMatchVersion, RequiresIfMatch, WithEtag } from '../common/http/etag';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { Page, PageQuery } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import {
  CreateMarketEventDto,
  CreateOrderDto,
  CreateProductDto,
  EventSaleDto,
  ListOrdersQuery,
  ListProductsQuery,
  MakerRevenueQuery,
  MarketEventPage,
  MarketEventResponse,
  OrderActionDto,
  OrderPage,
  OrderResponse,
  PersonMakerRevenueResponse,
  ProductPage,
  ProductResponse,
  ProductRevenueResponse,
  StockAdjustmentDto,
  UpdateProductDto,
} from './dto/marketplace.dto';
import { MarketEventsService } from './market-events.service';
import { ORDER_ACTIONS, OrderAction } from './order-lifecycle';
import { OrdersService } from './orders.service';
import { ProductsService } from './products.service';

@ApiTags('marketplace')
@Controller()
export class MarketplaceController {
  constructor(
    private readonly products: ProductsService,
    private readonly orders: OrdersService,
    private readonly events: MarketEventsService,
  ) {}

  @Post('products')
  @RequirePermissions(Permission.MARKETPLACE_WRITE)
  @ApiIdempotent()
  @ApiOperation({ summary: 'List a product for sale (as a DRAFT) for your organisation or one you may write' })
  @ApiCreatedResponse({ type: ProductResponse })
  @ApiProblems(400, 401, 403, 422)
  createProduct(@Ctx() ctx: RequestContext, @Body() dto: CreateProductDto): Promise<ProductResponse> {
    return this.products.create(ctx, dto);
  }

  @Get('products')
  @RequirePermissions(Permission.MARKETPLACE_READ)
  @ApiOperation({ summary: 'The published catalogue, or (view=selling) the products of sellers in your scope' })
  @ApiOkResponse({ type: ProductPage })
  @ApiProblems(400, 401, 403)
  listProducts(@Ctx() ctx: RequestContext, @Query() query: ListProductsQuery): Promise<Page<ProductResponse>> {
    return this.products.list(ctx, query);
  }

  @Get('products/:id')
  @RequirePermissions(Permission.MARKETPLACE_READ)
  @WithEtag()
  @ApiOperation({ summary: "A product (makers' names only for the seller's side)" })
  @ApiOkResponse({ type: ProductResponse })
  @ApiProblems(401, 403, 404)
  getProduct(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ProductResponse> {
    return this.products.get(ctx, id);
  }

  @Patch('products/:id')
  @RequirePermissions(Permission.MARKETPLACE_WRITE)
  @WithEtag()
  @RequiresIfMatch()
  @ApiOperation({ summary: 'Change a product (makers only while DRAFT; If-Match required)' })
  @ApiOkResponse({ type: ProductResponse })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422, 428)
  updateProduct(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @IfMatch() expected: IfMatchVersion,
    @Body() dto: UpdateProductDto,
  ): Promise<ProductResponse> {
    return this.products.update(ctx, id, expected, dto);
  }

  @Post('products/:id/publish')
  @RequirePermissions(Permission.MARKETPLACE_WRITE)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish: every maker person needs a PRODUCT_PUBLICATION consent (422 names those without)',
  })
  @ApiOkResponse({ type: ProductResponse })
  @ApiProblems(401, 403, 404, 409, 422)
  publish(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ProductResponse> {
    return this.products.publish(ctx, id);
  }

  @Post('products/:id/withdraw')
  @RequirePermissions(Permission.MARKETPLACE_WRITE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a published product off the catalogue' })
  @ApiOkResponse({ type: ProductResponse })
  @ApiProblems(401, 403, 404, 409)
  withdraw(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ProductResponse> {
    return this.products.withdraw(ctx, id);
  }

  @Post('products/:id/stock')
  @RequirePermissions(Permission.MARKETPLACE_WRITE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Adjust the stock by delta (never below 0)' })
  @ApiOkResponse({ type: ProductResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  adjustStock(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: StockAdjustmentDto,
  ): Promise<ProductResponse> {
    return this.products.adjustStock(ctx, id, dto);
  }

  @Get('products/:id/revenue')
  @RequirePermissions(Permission.MARKETPLACE_READ)
  @ApiOperation({ summary: "What the product's makers earned (paid orders and event sales); seller's side only" })
  @ApiOkResponse({ type: ProductRevenueResponse })
  @ApiProblems(401, 403, 404)
  productRevenue(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ProductRevenueResponse> {
    return this.products.revenue(ctx, id);
  }

  @Get('persons/:personId/maker-revenue')
  @RequirePermissions(Permission.MARKETPLACE_READ)
  @ApiOperation({ summary: "A person's earnings as a maker (all, in persons scope; else via your products only)" })
  @ApiOkResponse({ type: PersonMakerRevenueResponse })
  @ApiProblems(400, 401, 403, 404)
  makerRevenue(
    @Ctx() ctx: RequestContext,
    @Param('personId') personId: string,
    @Query() query: MakerRevenueQuery,
  ): Promise<PersonMakerRevenueResponse> {
    return this.products.personRevenue(ctx, personId, query);
  }

  @Post('orders')
  @RequirePermissions(Permission.MARKETPLACE_WRITE)
  @ApiIdempotent()
  @ApiOperation({ summary: 'Order published products of one seller for your organisation (stock taken at once)' })
  @ApiCreatedResponse({ type: OrderResponse })
  @ApiProblems(400, 401, 403, 409, 422)
  placeOrder(@Ctx() ctx: RequestContext, @Body() dto: CreateOrderDto): Promise<OrderResponse> {
    return this.orders.place(ctx, dto);
  }

  @Get('orders')
  @RequirePermissions(Permission.MARKETPLACE_READ)
  @ApiOperation({ summary: 'Orders you buy or sell (province roles: those of their province)' })
  @ApiOkResponse({ type: OrderPage })
  @ApiProblems(400, 401, 403)
  listOrders(@Ctx() ctx: RequestContext, @Query() query: ListOrdersQuery): Promise<Page<OrderResponse>> {
    return this.orders.list(ctx, query);
  }

  @Get('orders/:id')
  @RequirePermissions(Permission.MARKETPLACE_READ)
  @ApiOperation({ summary: 'An order' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiProblems(401, 403, 404)
  getOrder(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OrderResponse> {
    return this.orders.get(ctx, id);
  }

  @Post('orders/:id/:action')
  @RequirePermissions(Permission.MARKETPLACE_WRITE)
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: ORDER_ACTIONS })
  @ApiOperation({ summary: 'confirm | deliver | pay (paidOn, paymentReference) by the seller; cancel by either side' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  actOnOrder(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param(
      'action',
      new ParseEnumPipe(Object.fromEntries(ORDER_ACTIONS.map((a) => [a, a])), {
        exceptionFactory: () =>
          new AppException(CommonErrorCode.ROUTE_NOT_FOUND, { method: 'POST', path: 'orders/{id}/{action}' }),
      }),
    )
    action: OrderAction,
    @Body() dto: OrderActionDto,
  ): Promise<OrderResponse> {
    return this.orders.act(ctx, id, action, dto);
  }

  @Post('events')
  @RequirePermissions(Permission.MARKETPLACE_WRITE)
  @ApiIdempotent()
  @ApiOperation({ summary: 'A bazaar or expo organised by your organisation (or one you may write)' })
  @ApiCreatedResponse({ type: MarketEventResponse })
  @ApiProblems(400, 401, 403, 422)
  createEvent(@Ctx() ctx: RequestContext, @Body() dto: CreateMarketEventDto): Promise<MarketEventResponse> {
    return this.events.create(ctx, dto);
  }

  @Get('events')
  @RequirePermissions(Permission.MARKETPLACE_READ)
  @ApiOperation({ summary: 'Events organised in your scope' })
  @ApiOkResponse({ type: MarketEventPage })
  @ApiProblems(400, 401, 403)
  listEvents(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<MarketEventResponse>> {
    return this.events.list(ctx, query);
  }

  @Get('events/:id')
  @RequirePermissions(Permission.MARKETPLACE_READ)
  @ApiOperation({ summary: 'An event with its makers and sales' })
  @ApiOkResponse({ type: MarketEventResponse })
  @ApiProblems(401, 403, 404)
  getEvent(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<MarketEventResponse> {
    return this.events.get(ctx, id);
  }

  @Post('events/:id/sales')
  @RequirePermissions(Permission.MARKETPLACE_WRITE)
  @ApiOperation({ summary: "Record a sale at the event (takes stock; credits the product's makers)" })
  @ApiCreatedResponse({ type: MarketEventResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  recordSale(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: EventSaleDto,
  ): Promise<MarketEventResponse> {
    return this.events.recordSale(ctx, id, dto);
  }
}
