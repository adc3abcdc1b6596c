import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { returnedRows } from '../common/database/query-result';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { assertVersion, IfMatchVersion } from '../common/http/etag';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { Permission } from '../identity/permissions';
import { ScopePolicy } from '../identity/scope-policy.service';
import { Organization } from '../organizations/organization.entity';
import { ConsentsService } from '../persons/consents.service';
import { Person } from '../persons/person.entity';
import { PersonErrorCode } from '../persons/persons.errors';
import { PersonsService } from '../persons/persons.service';
import {
  CreateProductDto,
  ListProductsQuery,
  MakerRevenueQuery,
  PersonMakerRevenueResponse,
  ProductResponse,
  ProductRevenueResponse,
  StockAdjustmentDto,
  UpdateProductDto,
} from './dto/marketplace.dto';
import { MarketplaceScope } from './marketplace-scope';
import { Product, ProductCategory } from './marketplace.entities';
import { MarketplaceErrorCode } from './marketplace.errors';

/** Products, their makers (with publication consent), stock and the revenue their makers earned. */
@Injectable()
export class ProductsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly market: MarketplaceScope,
    private readonly audit: AuditService,
    private readonly persons: PersonsService,
    private readonly consents: ConsentsService,
  ) {}

  async create(ctx: RequestContext, dto: CreateProductDto): Promise<ProductResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const sellerId = dto.sellerOrganizationId ?? principal.organizationId;
      const seller = await em.getRepository(Organization).findOne({ where: { id: sellerId } });
      if (!seller || !seller.active)
        throw new AppException(MarketplaceErrorCode.PRODUCT_SELLER_INVALID, { id: sellerId });
      this.scope.assertCanWriteOrganization(ctx, seller);
      const makerIds = dto.makerPersonIds ?? [];
      if (makerIds.length === 0 && !dto.makerGroup)
        throw new AppException(MarketplaceErrorCode.PRODUCT_MAKERS_REQUIRED);
      await this.assertMakers(ctx, em, makerIds);
      const saved = await em.getRepository(Product).save(
        em.getRepository(Product).create({
          sellerOrganizationId: seller.id,
          category: dto.category as ProductCategory,
          name: dto.name,
          description: dto.description ?? null,
          makerGroup: dto.makerGroup ?? null,
          priceIdr: dto.priceIdr,
          stock: dto.stock,
          status: 'DRAFT',
          publishedAt: null,
          createdBy: principal.id,
        }),
      );
      await this.replaceMakers(em, saved.id, makerIds);
      if (dto.stock > 0) await this.recordMovement(ctx, em, saved.id, dto.stock, 'INITIAL', null, null);
      await this.auditWrite(ctx, 'CREATE', saved.id, makerIds, Object.keys(dto));
      return this.one(ctx, em, saved);
    });
  }

  async update(
    ctx: RequestContext,
    id: string,
    expected: IfMatchVersion,
    dto: UpdateProductDto,
  ): Promise<ProductResponse> {
    return this.tx.run(ctx, async (em) => {
      const product = await this.loadWritable(ctx, em, id, true);
      assertVersion(expected, product.version);
      if (dto.makerPersonIds !== undefined && product.status !== 'DRAFT')
        throw new AppException(MarketplaceErrorCode.PRODUCT_ACTION_NOT_ALLOWED, {
          action: 'change makers',
          status: product.status,
        });
      const changed = Object.keys(dto).filter((k) => dto[k as keyof UpdateProductDto] !== undefined);
      if (dto.category !== undefined) product.category = dto.category as ProductCategory;
      if (dto.name !== undefined) product.name = dto.name;
      if (dto.description !== undefined) product.description = dto.description;
      if (dto.priceIdr !== undefined) product.priceIdr = dto.priceIdr;
      if (dto.makerGroup !== undefined) product.makerGroup = dto.makerGroup;
      if (dto.makerPersonIds !== undefined) {
        await this.assertMakers(ctx, em, dto.makerPersonIds);
        await this.replaceMakers(em, product.id, dto.makerPersonIds);
      }
      const saved = await em.getRepository(Product).save(product);
      await this.auditWrite(ctx, 'UPDATE', id, await this.makerIds(em, id), changed);
      return this.one(ctx, em, saved);
    });
  }

  /**
   * Publishing shows the makers' work to every buyer, so every maker person needs a PRODUCT_PUBLICATION consent
   * covering the seller (or any recipient) today; the answer names all who lack one, not just the first.
   */
  async publish(ctx: RequestContext, id: string): Promise<ProductResponse> {
    return this.tx.run(ctx, async (em) => {
      const product = await this.loadWritable(ctx, em, id, true);
      if (product.status === 'PUBLISHED')
        throw new AppException(MarketplaceErrorCode.PRODUCT_ACTION_NOT_ALLOWED, {
          action: 'publish',
          status: product.status,
        });
      const makerIds = await this.makerIds(em, id);
      const seller = await em
        .getRepository(Organization)
        .findOneOrFail({ where: { id: product.sellerOrganizationId } });
      const today = todayIn(timeZoneOfRegion(seller.regionCode));
      const missing: string[] = [];
      for (const personId of makerIds) {
        const consent = await this.consents.findCovering(
          em,
          personId,
          'PRODUCT_PUBLICATION',
          product.sellerOrganizationId,
          today,
        );
        if (!consent) missing.push(personId);
      }
      if (missing.length > 0) {
        const names = await em.getRepository(Person).find({ where: { id: In(missing) } });
        const nameOf = new Map(names.map((p) => [p.id, p.fullName]));
        throw new AppException(
          MarketplaceErrorCode.PRODUCT_CONSENT_MISSING,
          { makers: missing.map((m) => `${nameOf.get(m) ?? '?'} (${m})`).join(', ') },
          undefined,
          undefined,
          { makersWithoutConsent: missing },
        );
      }
      product.status = 'PUBLISHED';
      product.publishedAt = new Date();
      const saved = await em.getRepository(Product).save(product);
      await this.auditWrite(ctx, 'UPDATE', id, makerIds, ['status']);
      return this.one(ctx, em, saved);
    });
  }

  async withdraw(ctx: RequestContext, id: string): Promise<ProductResponse> {
    return this.tx.run(ctx, async (em) => {
      const product = await this.loadWritable(ctx, em, id, true);
      if (product.status !== 'PUBLISHED')
        throw new AppException(MarketplaceErrorCode.PRODUCT_ACTION_NOT_ALLOWED, {
          action: 'withdraw',
          status: product.status,
        });
      product.status = 'WITHDRAWN';
      const saved = await em.getRepository(Product).save(product);
      await this.auditWrite(ctx, 'UPDATE', id, await this.makerIds(em, id), ['status']);
      return this.one(ctx, em, saved);
    });
  }

  /** One conditional UPDATE, so a concurrent order cannot slip between a check and the write. */
  async adjustStock(ctx: RequestContext, id: string, dto: StockAdjustmentDto): Promise<ProductResponse> {
    return this.tx.run(ctx, async (em) => {
      const product = await this.loadWritable(ctx, em, id);
      const rows: { id: string }[] = returnedRows<{ id: string }>(
        await em.query(
          `UPDATE products SET stock = stock + $2, version = version + 1, updated_at = now()
         WHERE id = $1 AND stock + $2 >= 0 RETURNING id`,
          [id, dto.delta],
        ),
      );
      if (rows.length === 0) {
        const [current] = await em.query<{ stock: number }[]>(`SELECT stock FROM products WHERE id = $1`, [id]);
        throw new AppException(MarketplaceErrorCode.PRODUCT_STOCK_NEGATIVE, {
          id,
          stock: current.stock,
          delta: dto.delta,
        });
      }
      await this.recordMovement(ctx, em, id, dto.delta, 'ADJUSTMENT', dto.note, null);
      await this.auditWrite(ctx, 'UPDATE', id, await this.makerIds(em, id), ['stock']);
      return this.one(ctx, em, await em.getRepository(Product).findOneOrFail({ where: { id: product.id } }));
    });
  }

  async get(ctx: RequestContext, id: string): Promise<ProductResponse> {
    const em = this.tx.manager(ctx);
    return this.one(ctx, em, await this.loadVisible(ctx, em, id));
  }

  async list(ctx: RequestContext, query: ListProductsQuery): Promise<Page<ProductResponse>> {
    const em = this.tx.manager(ctx);
    const qb = em.getRepository(Product).createQueryBuilder('p');
    if (query.view === 'selling') {
      const own = this.market.organizations(ctx, 'p.seller_organization_id');
      qb.where(own.sql, own.params);
    } else {
      qb.where(`p.status = 'PUBLISHED'`);
    }
    if (query.category) qb.andWhere('p.category = :category', { category: query.category });
    const page = await paginate(
      qb,
      query,
      [
        {
          expression: "date_trunc('milliseconds', p.created_at)",
          value: (p) => p.createdAt.toISOString(),
          type: 'timestamp',
        },
        { expression: 'p.id', value: (p) => p.id, type: 'string' },
      ],
      (p) => p,
    );
    return { data: await this.many(ctx, em, page.data), page: page.page };
  }

  /** Totals per maker for one product; for the seller's side only, as it names the makers. */
  async revenue(ctx: RequestContext, id: string): Promise<ProductRevenueResponse> {
    const em = this.tx.manager(ctx);
    const product = await this.loadWritable(ctx, em, id);
    const rows: { person_id: string; full_name: string | null; amount: string }[] = await em.query(
      `SELECT r.person_id, p.full_name, SUM(r.amount_idr)::text AS amount
       FROM maker_revenue r LEFT JOIN persons p ON p.id = r.person_id
       WHERE r.product_id = $1 GROUP BY r.person_id, p.full_name ORDER BY r.person_id`,
      [product.id],
    );
    const makers = rows.map((r) => ({ personId: r.person_id, name: r.full_name, amountIdr: Number(r.amount) }));
    await this.audit.recordMany(
      ctx,
      makers.map((m) => ({ action: 'READ', resourceType: 'maker_revenue', resourceId: id, personId: m.personId })),
    );
    return { productId: id, totalIdr: makers.reduce((s, m) => s + m.amountIdr, 0), makers };
  }

  /**
   * A person's earnings as a maker: everything, when the person is in the caller's persons scope; otherwise only
   * what they earned through products the caller sells. Neither → 404, as for any person out of scope.
   */
  async personRevenue(
    ctx: RequestContext,
    personId: string,
    query: MakerRevenueQuery,
  ): Promise<PersonMakerRevenueResponse> {
    const em = this.tx.manager(ctx);
    const principal = this.scope.principal(ctx);
    if (!isUuid(personId)) throw new AppException(PersonErrorCode.PERSON_NOT_FOUND, { id: personId.slice(0, 40) });
    const visible =
      principal.permissions.has(Permission.PERSONS_READ) &&
      (await this.persons.load(ctx, em, personId).then(
        () => true,
        () => false,
      ));
    const qb = em
      .createQueryBuilder()
      .select(['r.product_id AS product_id', 'pr.name AS product_name', 'r.order_id AS order_id'])
      .addSelect(['r.event_sale_id AS event_sale_id', 'r.amount_idr::text AS amount', 'r.earned_on::text AS earned_on'])
      .from('maker_revenue', 'r')
      .innerJoin('products', 'pr', 'pr.id = r.product_id')
      .where('r.person_id = :personId', { personId })
      .orderBy('r.earned_on')
      .addOrderBy('r.id');
    if (!visible) {
      const own = this.market.organizations(ctx, 'pr.seller_organization_id');
      qb.andWhere(own.sql, own.params);
      const sells: unknown = await em
        .createQueryBuilder()
        .select('1', 'one')
        .from('product_makers', 'm')
        .innerJoin('products', 'pr', 'pr.id = m.product_id')
        .where('m.person_id = :personId', { personId })
        .andWhere(own.sql, own.params)
        .getRawOne();
      if (!sells) throw new AppException(PersonErrorCode.PERSON_NOT_FOUND, { id: personId });
    }
    if (query.year) qb.andWhere('EXTRACT(YEAR FROM r.earned_on) = :year', { year: query.year });
    const rows: {
      product_id: string;
      product_name: string;
      order_id: string | null;
      event_sale_id: string | null;
      amount: string;
      earned_on: string;
    }[] = await qb.getRawMany();
    const data = rows.map((r) => ({
      productId: r.product_id,
      productName: r.product_name,
      orderId: r.order_id,
      eventSaleId: r.event_sale_id,
      amountIdr: Number(r.amount),
      earnedOn: r.earned_on,
    }));
    await this.audit.record(ctx, { action: 'READ', resourceType: 'maker_revenue', resourceId: personId, personId });
    return {
      personId,
      year: query.year ?? null,
      totalIdr: data.reduce((s, d) => s + d.amountIdr, 0),
      data,
    };
  }

  /** A product the caller may change (its seller is the caller's organisation or in its province), else 404. */
  async loadWritable(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<Product> {
    if (!isUuid(id)) throw new AppException(MarketplaceErrorCode.PRODUCT_NOT_FOUND, { id: id.slice(0, 40) });
    const own = this.market.organizations(ctx, 'p.seller_organization_id');
    const qb = em
      .getRepository(Product)
      .createQueryBuilder('p')
      .where('p.id = :id', { id })
      .andWhere(own.sql, own.params);
    if (lock) qb.setLock('pessimistic_write');
    const product = await qb.getOne();
    if (!product) throw new AppException(MarketplaceErrorCode.PRODUCT_NOT_FOUND, { id });
    return product;
  }

  /** Published products are public to marketplace readers; drafts and withdrawn ones only to the seller's side. */
  private async loadVisible(ctx: RequestContext, em: EntityManager, id: string): Promise<Product> {
    if (!isUuid(id)) throw new AppException(MarketplaceErrorCode.PRODUCT_NOT_FOUND, { id: id.slice(0, 40) });
    const own = this.market.organizations(ctx, 'p.seller_organization_id');
    const product = await em
      .getRepository(Product)
      .createQueryBuilder('p')
      .where('p.id = :id', { id })
      .andWhere(`(p.status = 'PUBLISHED' OR ${own.sql})`, own.params)
      .getOne();
    if (!product) throw new AppException(MarketplaceErrorCode.PRODUCT_NOT_FOUND, { id });
    return product;
  }

  async one(ctx: RequestContext, em: EntityManager, product: Product): Promise<ProductResponse> {
    return (await this.many(ctx, em, [product]))[0];
  }

  /** Makers' names only for the seller's side (DESIGN.md §5: a buyer sees no person); buyers get the count. */
  async many(ctx: RequestContext, em: EntityManager, products: Product[]): Promise<ProductResponse[]> {
    if (products.length === 0) return [];
    const makers: { product_id: string; person_id: string; full_name: string }[] = await em.query(
      `SELECT m.product_id, m.person_id, p.full_name FROM product_makers m JOIN persons p ON p.id = m.person_id
       WHERE m.product_id = ANY($1) ORDER BY m.product_id, m.position`,
      [products.map((p) => p.id)],
    );
    const sellers = new Map<string, boolean>();
    for (const id of new Set(products.map((p) => p.sellerOrganizationId)))
      sellers.set(id, await this.market.actsFor(ctx, em, id));
    const shown: { personId: string; productId: string }[] = [];
    const out = products.map((p) => {
      const own = makers.filter((m) => m.product_id === p.id);
      const inScope = sellers.get(p.sellerOrganizationId) === true;
      if (inScope) shown.push(...own.map((m) => ({ personId: m.person_id, productId: p.id })));
      return {
        id: p.id,
        sellerOrganizationId: p.sellerOrganizationId,
        category: p.category,
        name: p.name,
        description: p.description,
        priceIdr: p.priceIdr,
        stock: p.stock,
        status: p.status,
        makerGroup: p.makerGroup,
        makerCount: own.length,
        makers: inScope ? own.map((m) => ({ personId: m.person_id, name: m.full_name })) : null,
        publishedAt: p.publishedAt,
        version: p.version,
        createdAt: p.createdAt,
      };
    });
    await this.audit.recordMany(
      ctx,
      shown.map((s) => ({ action: 'READ', resourceType: 'product', resourceId: s.productId, personId: s.personId })),
    );
    return out;
  }

  async makerIds(em: EntityManager, productId: string): Promise<string[]> {
    const rows: { person_id: string }[] = await em.query(
      `SELECT person_id FROM product_makers WHERE product_id = $1 ORDER BY position`,
      [productId],
    );
    return rows.map((r) => r.person_id);
  }

  async recordMovement(
    ctx: RequestContext,
    em: EntityManager,
    productId: string,
    delta: number,
    reason: 'INITIAL' | 'ADJUSTMENT' | 'ORDER' | 'ORDER_CANCELLED' | 'EVENT_SALE',
    note: string | null,
    referenceId: string | null,
  ): Promise<void> {
    await em.query(
      `INSERT INTO product_stock_movements (product_id, delta, reason, note, reference_id, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [productId, delta, reason, note, referenceId, ctx.principal?.id ?? null],
    );
  }

  /**
   * Splits an amount among a product's maker persons into maker_revenue rows (see splitAmount); a product made
   * only by a named group has no person to credit, so nothing is written.
   */
  async attributeRevenue(
    em: EntityManager,
    productId: string,
    amount: number,
    earnedOn: string,
    source: { orderId: string } | { eventSaleId: string },
    split: (amount: number, makers: number) => number[],
  ): Promise<void> {
    const makers = await this.makerIds(em, productId);
    const parts = split(amount, makers.length);
    for (const [i, personId] of makers.entries()) {
      await em.query(
        `INSERT INTO maker_revenue (person_id, product_id, order_id, event_sale_id, amount_idr, earned_on)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          personId,
          productId,
          'orderId' in source ? source.orderId : null,
          'eventSaleId' in source ? source.eventSaleId : null,
          parts[i],
          earnedOn,
        ],
      );
    }
  }

  /** Every maker must be an active person the caller can see; all failures are named at once. */
  private async assertMakers(ctx: RequestContext, em: EntityManager, ids: string[]): Promise<void> {
    const invalid: string[] = [];
    for (const id of ids) {
      try {
        const person = await this.persons.load(ctx, em, id);
        this.persons.assertWritable(person);
      } catch (error) {
        if (!(error instanceof AppException)) throw error;
        invalid.push(id);
      }
    }
    if (invalid.length > 0)
      throw new AppException(
        MarketplaceErrorCode.PRODUCT_MAKER_INVALID,
        { ids: invalid.join(', ') },
        undefined,
        undefined,
        {
          invalidPersonIds: invalid,
        },
      );
  }

  private async replaceMakers(em: EntityManager, productId: string, ids: string[]): Promise<void> {
    await em.query(`DELETE FROM product_makers WHERE product_id = $1`, [productId]);
    for (const [i, personId] of ids.entries()) {
      await em.query(`INSERT INTO product_makers (product_id, person_id, position) VALUES ($1, $2, $3)`, [
        productId,
        personId,
        i,
      ]);
    }
  }

  private async auditWrite(
    ctx: RequestContext,
    action: 'CREATE' | 'UPDATE',
    productId: string,
    makerIds: string[],
    changedFields: string[],
  ): Promise<void> {
    // One event per maker person, so each maker's trail shows the product; one without a person for group products.
    const persons: (string | null)[] = makerIds.length > 0 ? makerIds : [null];
    await this.audit.recordMany(
      ctx,
      persons.map((personId) => ({ action, resourceType: 'product', resourceId: productId, personId, changedFields })),
    );
  }
}
