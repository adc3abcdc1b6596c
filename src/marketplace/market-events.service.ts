import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { returnedRows } from '../common/database/query-result';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { Page, paginate, PageQuery } from '../common/pagination/pagination';
import { ScopePolicy } from '../identity/scope-policy.service';
import { Organization } from '../organizations/organization.entity';
import { PersonsService } from '../persons/persons.service';
import { CreateMarketEventDto, EventSaleDto, MarketEventResponse } from './dto/marketplace.dto';
import { MarketplaceScope } from './marketplace-scope';
import { MarketEvent } from './marketplace.entities';
import { MarketplaceErrorCode } from './marketplace.errors';
import { splitAmount } from './order-lifecycle';
import { ProductsService } from './products.service';

/** Bazaars and expos: who took part and what was sold there (sales take stock atomically, like orders). */
@Injectable()
export class MarketEventsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly market: MarketplaceScope,
    private readonly audit: AuditService,
    private readonly persons: PersonsService,
    private readonly products: ProductsService,
  ) {}

  async create(ctx: RequestContext, dto: CreateMarketEventDto): Promise<MarketEventResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const organizerId = dto.organizerOrganizationId ?? principal.organizationId;
      const organizer = await em.getRepository(Organization).findOne({ where: { id: organizerId } });
      if (!organizer || !organizer.active)
        throw new AppException(MarketplaceErrorCode.MARKET_EVENT_INVALID, {
          field: 'organizerOrganizationId',
          reason: 'not an active organisation',
        });
      this.scope.assertCanWriteOrganization(ctx, organizer);
      if (dto.endsOn < dto.startsOn)
        throw new AppException(MarketplaceErrorCode.MARKET_EVENT_INVALID, {
          field: 'endsOn',
          reason: 'before startsOn',
        });
      const village: unknown[] = await em.query(`SELECT 1 FROM regions WHERE code = $1 AND level = 'VILLAGE'`, [
        dto.villageCode,
      ]);
      if (village.length === 0)
        throw new AppException(MarketplaceErrorCode.MARKET_EVENT_INVALID, {
          field: 'villageCode',
          reason: 'not a known village',
        });
      const makerIds = dto.makerPersonIds ?? [];
      for (const personId of makerIds) {
        const person = await this.persons.load(ctx, em, personId).catch(() => null);
        if (!person)
          throw new AppException(MarketplaceErrorCode.MARKET_EVENT_INVALID, {
            field: 'makerPersonIds',
            reason: `person ${personId} not found in your scope`,
          });
      }
      const saved = await em.getRepository(MarketEvent).save(
        em.getRepository(MarketEvent).create({
          organizerOrganizationId: organizer.id,
          name: dto.name,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
          villageCode: dto.villageCode,
          place: dto.place,
          createdBy: principal.id,
        }),
      );
      for (const personId of makerIds)
        await em.query(`INSERT INTO market_event_makers (event_id, person_id) VALUES ($1, $2)`, [saved.id, personId]);
      const persons: (string | null)[] = makerIds.length > 0 ? makerIds : [null];
      await this.audit.recordMany(
        ctx,
        persons.map((personId) => ({ action: 'CREATE', resourceType: 'market_event', resourceId: saved.id, personId })),
      );
      return this.one(em, saved);
    });
  }

  /**
   * A sale at the event: the caller must act for the organiser and for the product's seller; the stock is taken
   * with the same conditional UPDATE as an order, and the takings are credited to the makers at once (cash sale).
   */
  async recordSale(ctx: RequestContext, id: string, dto: EventSaleDto): Promise<MarketEventResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const event = await this.load(ctx, em, id);
      const product = await this.products.loadWritable(ctx, em, dto.productId);
      const rows: unknown[] = returnedRows<unknown>(
        await em.query(
          `UPDATE products SET stock = stock - $2, version = version + 1, updated_at = now()
         WHERE id = $1 AND stock >= $2 RETURNING id`,
          [product.id, dto.quantity],
        ),
      );
      if (rows.length === 0)
        throw new AppException(
          MarketplaceErrorCode.OUT_OF_STOCK,
          { id: product.id, name: product.name, quantity: dto.quantity },
          undefined,
          undefined,
          { productId: product.id },
        );
      const soldOn = dto.soldOn ?? todayIn(timeZoneOfRegion(event.villageCode));
      const [sale] = await em.query<{ id: string }[]>(
        `INSERT INTO market_event_sales (event_id, product_id, quantity, amount_idr, sold_on, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [event.id, product.id, dto.quantity, dto.amountIdr, soldOn, principal.id],
      );
      await this.products.recordMovement(ctx, em, product.id, -dto.quantity, 'EVENT_SALE', null, sale.id);
      await this.products.attributeRevenue(
        em,
        product.id,
        dto.amountIdr,
        soldOn,
        { eventSaleId: sale.id },
        splitAmount,
      );
      const makers = await this.products.makerIds(em, product.id);
      await this.audit.recordMany(ctx, [
        { action: 'CREATE', resourceType: 'market_event_sale', resourceId: sale.id },
        ...makers.map((personId) => ({
          action: 'CREATE' as const,
          resourceType: 'maker_revenue',
          resourceId: sale.id,
          personId,
        })),
      ]);
      return this.one(em, event);
    });
  }

  async get(ctx: RequestContext, id: string): Promise<MarketEventResponse> {
    const em = this.tx.manager(ctx);
    return this.one(em, await this.load(ctx, em, id));
  }

  async list(ctx: RequestContext, query: PageQuery): Promise<Page<MarketEventResponse>> {
    const em = this.tx.manager(ctx);
    const own = this.market.organizations(ctx, 'e.organizer_organization_id');
    const qb = em.getRepository(MarketEvent).createQueryBuilder('e').where(own.sql, own.params);
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'e.starts_on::text', value: (e) => e.startsOn, type: 'string' },
        { expression: 'e.id', value: (e) => e.id, type: 'string' },
      ],
      (e) => e,
    );
    const data: MarketEventResponse[] = [];
    for (const e of page.data) data.push(await this.one(em, e));
    return { data, page: page.page };
  }

  /** Events are the organiser's records (they list participating persons): its side and province roles only. */
  private async load(ctx: RequestContext, em: EntityManager, id: string): Promise<MarketEvent> {
    if (!isUuid(id)) throw new AppException(MarketplaceErrorCode.MARKET_EVENT_NOT_FOUND, { id: id.slice(0, 40) });
    const own = this.market.organizations(ctx, 'e.organizer_organization_id');
    const event = await em
      .getRepository(MarketEvent)
      .createQueryBuilder('e')
      .where('e.id = :id', { id })
      .andWhere(own.sql, own.params)
      .getOne();
    if (!event) throw new AppException(MarketplaceErrorCode.MARKET_EVENT_NOT_FOUND, { id });
    return event;
  }

  private async one(em: EntityManager, event: MarketEvent): Promise<MarketEventResponse> {
    const makers: { person_id: string }[] = await em.query(
      `SELECT person_id FROM market_event_makers WHERE event_id = $1 ORDER BY person_id`,
      [event.id],
    );
    const sales: { id: string; product_id: string; quantity: number; amount_idr: string; sold_on: string }[] =
      await em.query(
        `SELECT id, product_id, quantity, amount_idr::text, sold_on::text FROM market_event_sales
         WHERE event_id = $1 ORDER BY created_at, id`,
        [event.id],
      );
    const list = sales.map((s) => ({
      id: s.id,
      productId: s.product_id,
      quantity: s.quantity,
      amountIdr: Number(s.amount_idr),
      soldOn: s.sold_on,
    }));
    return {
      id: event.id,
      organizerOrganizationId: event.organizerOrganizationId,
      name: event.name,
      startsOn: event.startsOn,
      endsOn: event.endsOn,
      villageCode: event.villageCode,
      place: event.place,
      makerPersonIds: makers.map((m) => m.person_id),
      sales: list,
      salesTotalIdr: list.reduce((s, x) => s + x.amountIdr, 0),
      version: event.version,
      createdAt: event.createdAt,
    };
  }
}
