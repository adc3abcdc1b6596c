import { Injectable } from '@nestjs/common';
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { returnedRows } from '../common/database/query-result';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { ScopePolicy } from '../identity/scope-policy.service';
import { CreateOrderDto, ListOrdersQuery, OrderActionDto, OrderResponse } from './dto/marketplace.dto';
import { MarketplaceScope } from './marketplace-scope';
import { Order, Product } from './marketplace.entities';
import { MarketplaceErrorCode } from './marketplace.errors';
import { allowedOrderActions, ORDER_TRANSITIONS, OrderAction, OrderSide, splitAmount } from './order-lifecycle';
import { ProductsService } from './products.service';

interface LineRow {
  order_id: string;
  product_id: string;
  product_name: string;
  quantity: number;
  unit_price_idr: string;
  amount_idr: string;
}

/** Orders between organisations: one seller per order, stock taken atomically when placed, revenue split on PAID. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly market: MarketplaceScope,
    private readonly audit: AuditService,
    private readonly products: ProductsService,
  ) {}

  /**
   * Places an order for the caller's organisation. Each line takes its stock with one conditional UPDATE
   * (`stock >= q`), in product-id order so two multi-line orders cannot deadlock; the first line that cannot be
   * served throws, which rolls back every line taken before it (all or nothing).
   */
  async place(ctx: RequestContext, dto: CreateOrderDto): Promise<OrderResponse> {
    const principal = this.scope.principal(ctx);
    const ids = dto.lines.map((l) => l.productId);
    if (new Set(ids).size !== ids.length)
      throw new AppException(CommonErrorCode.VALIDATION_FAILED, {}, [
        { field: 'lines', message: { id: 'produk yang sama hanya sekali', en: 'each product at most once' } },
      ]);
    return this.tx.run(ctx, async (em) => {
      const products = await em.getRepository(Product).find({ where: { id: In(ids) } });
      const byId = new Map(products.map((p) => [p.id, p]));
      const unavailable = ids.filter((id) => byId.get(id)?.status !== 'PUBLISHED');
      if (unavailable.length > 0)
        throw new AppException(
          MarketplaceErrorCode.ORDER_PRODUCT_UNAVAILABLE,
          { ids: unavailable.join(', ') },
          undefined,
          undefined,
          { unavailableProductIds: unavailable },
        );
      const sellers = new Set(products.map((p) => p.sellerOrganizationId));
      if (sellers.size > 1) throw new AppException(MarketplaceErrorCode.ORDER_MIXED_SELLERS);
      const sellerId = products[0].sellerOrganizationId;
      if (sellerId === principal.organizationId) throw new AppException(MarketplaceErrorCode.ORDER_OWN_PRODUCT);
      const taken: { productId: string; quantity: number; price: number }[] = [];
      for (const line of [...dto.lines].sort((a, b) => a.productId.localeCompare(b.productId))) {
        const rows: { price_idr: string }[] = returnedRows<{ price_idr: string }>(
          await em.query(
            `UPDATE products SET stock = stock - $2, version = version + 1, updated_at = now()
           WHERE id = $1 AND status = 'PUBLISHED' AND stock >= $2 RETURNING price_idr`,
            [line.productId, line.quantity],
          ),
        );
        if (rows.length === 0) {
          const product = byId.get(line.productId)!;
          throw new AppException(
            MarketplaceErrorCode.OUT_OF_STOCK,
            { id: product.id, name: product.name, quantity: line.quantity },
            undefined,
            undefined,
            { productId: product.id },
          );
        }
        taken.push({ productId: line.productId, quantity: line.quantity, price: Number(rows[0].price_idr) });
      }
      const total = taken.reduce((s, t) => s + t.price * t.quantity, 0);
      const order = await em.getRepository(Order).save(
        em.getRepository(Order).create({
          buyerOrganizationId: principal.organizationId,
          sellerOrganizationId: sellerId,
          status: 'PLACED',
          totalIdr: total,
          note: dto.note ?? null,
          statusChangedAt: new Date(),
          paidOn: null,
          paymentReference: null,
          createdBy: principal.id,
        }),
      );
      // Lines keep the order the buyer gave them.
      for (const [i, line] of dto.lines.entries()) {
        const t = taken.find((x) => x.productId === line.productId)!;
        await em.query(
          `INSERT INTO order_lines (order_id, product_id, position, quantity, unit_price_idr, amount_idr)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [order.id, t.productId, i, t.quantity, t.price, t.price * t.quantity],
        );
        await this.products.recordMovement(ctx, em, t.productId, -t.quantity, 'ORDER', null, order.id);
      }
      await this.audit.record(ctx, { action: 'CREATE', resourceType: 'order', resourceId: order.id });
      return this.one(em, order);
    });
  }

  /** State first, then side: an impossible action is 409 with the allowed ones; a possible one by the wrong side 403. */
  async act(ctx: RequestContext, id: string, action: OrderAction, dto: OrderActionDto): Promise<OrderResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const order = await this.load(ctx, em, id, true);
      const rule = ORDER_TRANSITIONS[action];
      if (!(rule.from as string[]).includes(order.status)) {
        const allowed = allowedOrderActions(order.status);
        throw new AppException(
          MarketplaceErrorCode.ORDER_ACTION_NOT_ALLOWED,
          { action, status: order.status, allowed: allowed.join(', ') || '-' },
          undefined,
          undefined,
          { allowed },
        );
      }
      // A province officer who can see the order is neither side: it watches, it does not trade.
      const side: OrderSide | null =
        order.sellerOrganizationId === principal.organizationId
          ? 'seller'
          : order.buyerOrganizationId === principal.organizationId
            ? 'buyer'
            : null;
      if (side === null || !rule.sides.includes(side))
        throw new AppException(MarketplaceErrorCode.ORDER_WRONG_SIDE, { action, side: rule.sides.join(' or ') });
      const lines = await this.lines(em, [order.id]);
      if (action === 'cancel') {
        for (const line of lines) {
          await em.query(
            `UPDATE products SET stock = stock + $2, version = version + 1, updated_at = now() WHERE id = $1`,
            [line.product_id, line.quantity],
          );
          await this.products.recordMovement(ctx, em, line.product_id, line.quantity, 'ORDER_CANCELLED', null, id);
        }
      }
      if (action === 'pay') {
        const [seller] = await em.query<{ region_code: string }[]>(
          `SELECT region_code FROM organizations WHERE id = $1`,
          [order.sellerOrganizationId],
        );
        order.paidOn = dto.paidOn ?? todayIn(timeZoneOfRegion(seller.region_code));
        order.paymentReference = dto.paymentReference ?? null;
        for (const line of lines) {
          await this.products.attributeRevenue(
            em,
            line.product_id,
            Number(line.amount_idr),
            order.paidOn,
            { orderId: id },
            splitAmount,
          );
        }
      }
      order.status = rule.to;
      order.statusChangedAt = new Date();
      const saved = await em.getRepository(Order).save(order);
      const makers: { person_id: string }[] =
        action === 'pay'
          ? await em.query(`SELECT DISTINCT person_id FROM maker_revenue WHERE order_id = $1`, [id])
          : [];
      await this.audit.recordMany(ctx, [
        { action: 'UPDATE', resourceType: 'order', resourceId: id, changedFields: ['status'] },
        ...makers.map((m) => ({
          action: 'CREATE' as const,
          resourceType: 'maker_revenue',
          resourceId: id,
          personId: m.person_id,
        })),
      ]);
      return this.one(em, saved);
    });
  }

  async get(ctx: RequestContext, id: string): Promise<OrderResponse> {
    const em = this.tx.manager(ctx);
    return this.one(em, await this.load(ctx, em, id));
  }

  async list(ctx: RequestContext, query: ListOrdersQuery): Promise<Page<OrderResponse>> {
    const em = this.tx.manager(ctx);
    const qb = em.getRepository(Order).createQueryBuilder('o');
    const principal = this.scope.principal(ctx);
    this.whereVisible(ctx, qb.where('TRUE'));
    if (query.side === 'buying') qb.andWhere('o.buyer_organization_id = :me', { me: principal.organizationId });
    if (query.side === 'selling') qb.andWhere('o.seller_organization_id = :me', { me: principal.organizationId });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    const page = await paginate(
      qb,
      query,
      [
        {
          expression: "date_trunc('milliseconds', o.created_at)",
          value: (o) => o.createdAt.toISOString(),
          type: 'timestamp',
        },
        { expression: 'o.id', value: (o) => o.id, type: 'string' },
      ],
      (o) => o,
    );
    return { data: await this.many(em, page.data), page: page.page };
  }

  /** An order the caller is buyer or seller of (or, for province roles, one with either side in the province). */
  async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<Order> {
    if (!isUuid(id)) throw new AppException(MarketplaceErrorCode.ORDER_NOT_FOUND, { id: id.slice(0, 40) });
    const qb = em.getRepository(Order).createQueryBuilder('o').where('o.id = :id', { id });
    this.whereVisible(ctx, qb);
    if (lock) qb.setLock('pessimistic_write');
    const order = await qb.getOne();
    if (!order) throw new AppException(MarketplaceErrorCode.ORDER_NOT_FOUND, { id });
    return order;
  }

  private whereVisible(ctx: RequestContext, qb: SelectQueryBuilder<Order>): void {
    const seller = this.market.organizations(ctx, 'o.seller_organization_id', 'sel');
    const buyer = this.market.organizations(ctx, 'o.buyer_organization_id', 'buy');
    qb.andWhere(`(${seller.sql} OR ${buyer.sql})`, { ...seller.params, ...buyer.params });
  }

  private async lines(em: EntityManager, orderIds: string[]): Promise<LineRow[]> {
    return em.query(
      `SELECT l.order_id, l.product_id, p.name AS product_name, l.quantity, l.unit_price_idr::text, l.amount_idr::text
       FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = ANY($1) ORDER BY l.order_id, l.position`,
      [orderIds],
    );
  }

  private async one(em: EntityManager, order: Order): Promise<OrderResponse> {
    return (await this.many(em, [order]))[0];
  }

  private async many(em: EntityManager, orders: Order[]): Promise<OrderResponse[]> {
    if (orders.length === 0) return [];
    const lines = await this.lines(
      em,
      orders.map((o) => o.id),
    );
    return orders.map((o) => ({
      id: o.id,
      buyerOrganizationId: o.buyerOrganizationId,
      sellerOrganizationId: o.sellerOrganizationId,
      status: o.status,
      lines: lines
        .filter((l) => l.order_id === o.id)
        .map((l) => ({
          productId: l.product_id,
          productName: l.product_name,
          quantity: l.quantity,
          unitPriceIdr: Number(l.unit_price_idr),
          amountIdr: Number(l.amount_idr),
        })),
      totalIdr: o.totalIdr,
      note: o.note,
      paidOn: o.paidOn,
      paymentReference: o.paymentReference,
      allowedActions: allowedOrderActions(o.status),
      statusChangedAt: o.statusChangedAt,
      version: o.version,
      createdAt: o.createdAt,
    }));
  }
}
