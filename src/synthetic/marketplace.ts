import { splitAmount } from '../marketplace/order-lifecycle';
import { addDays, dayNumber, fromDayNumber, minDate } from './calendar';
import { BusinessesPlan } from './businesses';
import { CasePlan, CasesPlan } from './cases';
import { SeedContext } from './context';
import { CopyValue } from './copy';
import { OrganizationsPlan, OrgPlan } from './organizations';
import { addConsent, PersonPlan } from './people';
import { PRODUCT_NAMES, PRODUCT_PRICES } from './texts';

type Category = 'KESET' | 'MANIK_MANIK' | 'TEKSTIL' | 'KULINER' | 'KERAJINAN' | 'OTHER';
type OrderStatus = 'PLACED' | 'CONFIRMED' | 'DELIVERED' | 'PAID' | 'CANCELLED';
const ORDER_STATUSES: readonly OrderStatus[] = ['PLACED', 'CONFIRMED', 'DELIVERED', 'PAID', 'CANCELLED'];

interface Movement {
  id: string;
  delta: number;
  reason: 'INITIAL' | 'ADJUSTMENT' | 'ORDER' | 'ORDER_CANCELLED' | 'EVENT_SALE';
  note: string | null;
  referenceId: string | null;
  on: string;
}

interface ProductPlan {
  index: number;
  id: string;
  seller: OrgPlan;
  category: Category;
  name: string;
  makerGroup: string | null;
  price: number;
  status: 'DRAFT' | 'PUBLISHED' | 'WITHDRAWN';
  createdOn: string;
  publishedOn: string | null;
  /** Withdrawn products sold until this day. */
  withdrawnOn: string | null;
  makers: PersonPlan[];
  stock: number;
  movements: Movement[];
}

interface OrderPlan {
  index: number;
  id: string;
  buyer: OrgPlan;
  seller: OrgPlan;
  status: OrderStatus;
  lines: { product: ProductPlan; quantity: number; unitPrice: number }[];
  createdOn: string;
  changedOn: string;
  paidOn: string | null;
}

interface SalePlan {
  id: string;
  product: ProductPlan;
  quantity: number;
  soldOn: string;
}

interface EventPlan {
  index: number;
  id: string;
  organizer: OrgPlan;
  name: string;
  startsOn: string;
  endsOn: string;
  villageCode: string;
  place: string;
  makers: PersonPlan[];
  sales: SalePlan[];
}

const SECTOR_CATEGORY: Record<string, Category> = {
  JAHIT: 'TEKSTIL',
  KERAJINAN: 'KESET',
  KULINER: 'KULINER',
};

export class MarketplacePlan {
  readonly products: ProductPlan[] = [];
  readonly orders: OrderPlan[] = [];
  readonly events: EventPlan[] = [];

  constructor(
    private readonly ctx: SeedContext,
    private readonly orgs: OrganizationsPlan,
    private readonly cases: CasesPlan,
    private readonly businesses: BusinessesPlan,
  ) {}

  plan(): void {
    this.planProducts();
    this.planActivity();
  }

  private planProducts(): void {
    const { ctx } = this;
    const since = addDays(ctx.asOf, -3 * 365);
    const makersByRegency = new Map<string, { person: PersonPlan; category: Category | null }[]>();
    for (const b of this.businesses.businesses) {
      const list = makersByRegency.get(b.person.regency.code) ?? [];
      list.push({ person: b.person, category: SECTOR_CATEGORY[b.sector] ?? null });
      makersByRegency.set(b.person.regency.code, list);
    }
    const regencies = [...this.orgs.byRegency.values()];
    const residentsByUpt = new Map<OrgPlan, CasePlan[]>();
    for (const c of this.cases.cases) {
      if (c.kind !== 'RESIDENTIAL') continue;
      const list = residentsByUpt.get(c.org);
      if (list) list.push(c);
      else residentsByUpt.set(c.org, [c]);
    }
    for (let index = 0; index < ctx.config.products; index++) {
      const prng = ctx.prng('product', index);
      const regency = prng.pick(regencies);
      const partners = [...regency.ngos, ...regency.groups];
      const kind = prng.weighted([
        ['OFFICE', 55],
        ['UPT', 15],
        ['PARTNER', partners.length > 0 ? 30 : 0],
      ] as const);
      const createdOn = fromDayNumber(dayNumber(since) + prng.int(0, dayNumber(ctx.asOf) - dayNumber(since) - 1));
      let seller = regency.office;
      let makers: PersonPlan[] = [];
      let category: Category = prng.pick(['KESET', 'MANIK_MANIK', 'TEKSTIL', 'KULINER', 'KERAJINAN', 'OTHER'] as const);
      if (kind === 'UPT') {
        seller = prng.pick(this.orgs.upts);
        // Residents make keset and beadwork in the UPT's skills room.
        const residents = (residentsByUpt.get(seller) ?? []).filter((c) => this.cases.openOn([c], createdOn));
        makers = prng.sample(residents, prng.int(1, 3)).map((c) => c.person);
        category = prng.pick(['KESET', 'MANIK_MANIK'] as const);
      } else {
        if (kind === 'PARTNER') seller = prng.pick(partners);
        const local = (makersByRegency.get(seller.regencyCode ?? regency.office.regencyCode!) ?? []).filter(
          (m) => m.person.registeredOn <= createdOn,
        );
        const chosen = prng.sample(local, prng.int(1, 3));
        makers = chosen.map((m) => m.person);
        category = chosen.find((m) => m.category)?.category ?? category;
      }
      const status =
        index < 3
          ? (['PUBLISHED', 'DRAFT', 'WITHDRAWN'] as const)[index]
          : prng.weighted([
              ['PUBLISHED', 75],
              ['DRAFT', 12],
              ['WITHDRAWN', 13],
            ] as const);
      const publishedOn = status === 'DRAFT' ? null : minDate(ctx.asOf, addDays(createdOn, prng.int(1, 20)));
      const [low, high] = PRODUCT_PRICES[category];
      const product: ProductPlan = {
        index,
        id: ctx.id('product', index),
        seller,
        category,
        name: prng.pick(PRODUCT_NAMES[category]),
        makerGroup:
          makers.length === 0
            ? `Kelompok Usaha Bersama ${seller.name.replace(/^Dinas Sosial /, '')}`.slice(0, 200)
            : null,
        price: Math.round(prng.int(low, high) / 1_000) * 1_000,
        status,
        createdOn,
        publishedOn,
        withdrawnOn:
          status === 'WITHDRAWN' && publishedOn ? minDate(ctx.asOf, addDays(publishedOn, prng.int(30, 400))) : null,
        makers,
        stock: 0,
        movements: [],
      };
      const initial = prng.int(20, 150);
      this.move(product, initial, 'INITIAL', null, null, createdOn);
      // Publishing shows the makers' work: each maker consented (PRODUCT_PUBLICATION) to the seller.
      if (publishedOn)
        for (const [i, m] of makers.entries())
          addConsent(ctx, m, 'PRODUCT_PUBLICATION', seller.id, publishedOn, seller.id, `product:${index}:${i}`);
      this.products.push(product);
    }
  }

  /** Orders and bazaar sales in date order, so stock is taken (and restocked) as it would have been. */
  private planActivity(): void {
    const { ctx } = this;
    const since = addDays(ctx.asOf, -3 * 365);
    const span = dayNumber(ctx.asOf) - dayNumber(since);
    const activities: { on: string; run: () => void }[] = [];
    for (let index = 0; index < ctx.config.orders; index++) {
      const on = fromDayNumber(dayNumber(since) + ctx.prng('order-day', index).int(0, span));
      activities.push({ on, run: () => this.order(index, on) });
    }
    for (let index = 0; index < ctx.config.marketEvents; index++) {
      const prng = ctx.prng('market-event', index);
      const startsOn = fromDayNumber(dayNumber(since) + prng.int(0, span - 3));
      activities.push({ on: startsOn, run: () => this.marketEvent(index, startsOn) });
    }
    activities.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
    for (const a of activities) a.run();
  }

  private available(product: ProductPlan, on: string): boolean {
    return (
      product.publishedOn !== null &&
      product.publishedOn <= on &&
      (product.withdrawnOn === null || product.withdrawnOn > on)
    );
  }

  private order(index: number, on: string): void {
    const { ctx } = this;
    const prng = ctx.prng('order', index);
    const open = this.products.filter((p) => this.available(p, on));
    if (open.length === 0) return;
    const first = prng.pick(open);
    const seller = first.seller;
    const others = prng.sample(
      open.filter((p) => p.seller === seller && p !== first),
      prng.int(0, 2),
    );
    const buyers = [
      ...(this.orgs.buyersByProvince.get(seller.provinceCode) ?? []),
      ...[...this.orgs.byRegency.values()].map((r) => r.office).filter((o) => o.provinceCode === seller.provinceCode),
    ].filter((o) => o !== seller);
    const buyer = prng.pick(buyers);
    const age = dayNumber(ctx.asOf) - dayNumber(on);
    const coverage = this.orders.length < ORDER_STATUSES.length ? ORDER_STATUSES[this.orders.length] : null;
    const status: OrderStatus =
      coverage ??
      (age < 14
        ? prng.weighted([
            ['PLACED', 35],
            ['CONFIRMED', 30],
            ['DELIVERED', 20],
            ['CANCELLED', 15],
          ] as const)
        : prng.weighted([
            ['PAID', 70],
            ['DELIVERED', 4],
            ['CONFIRMED', 2],
            ['PLACED', 2],
            ['CANCELLED', 22],
          ] as const));
    const id = ctx.id('order', index);
    const lines = [first, ...others].map((product) => {
      const quantity = product.category === 'KULINER' ? prng.int(5, 50) : prng.int(1, 20);
      // Out of stock: the makers produce more first (an adjustment), then the order takes it.
      if (product.stock < quantity) this.move(product, Math.max(50, quantity), 'ADJUSTMENT', 'Produksi baru', null, on);
      this.move(product, -quantity, 'ORDER', null, id, on);
      return { product, quantity, unitPrice: product.price };
    });
    const changedOn =
      status === 'PLACED' ? on : minDate(ctx.asOf, addDays(on, prng.int(1, status === 'PAID' ? 40 : 10)));
    if (status === 'CANCELLED')
      for (const l of lines) this.move(l.product, l.quantity, 'ORDER_CANCELLED', null, id, changedOn);
    this.orders.push({
      index,
      id,
      buyer,
      seller,
      status,
      lines,
      createdOn: on,
      changedOn,
      paidOn: status === 'PAID' ? changedOn : null,
    });
  }

  private marketEvent(index: number, startsOn: string): void {
    const { ctx } = this;
    const prng = ctx.prng('market-event', index);
    const regency = prng.pick([...this.orgs.byRegency.values()]);
    const organizer = prng.chance(0.3) ? this.orgs.provincialOffices.get(regency.office.provinceCode)! : regency.office;
    const endsOn = minDate(ctx.asOf, addDays(startsOn, prng.int(0, 2)));
    const products = this.products.filter(
      (p) => p.makers.length > 0 && p.seller.provinceCode === organizer.provinceCode && this.available(p, startsOn),
    );
    const shown = prng.sample(products, prng.int(2, 8));
    const event: EventPlan = {
      index,
      id: ctx.id('market-event', index),
      organizer,
      name: `${prng.pick(['Bazar Produk Disabilitas', 'Pameran UEP', 'Expo Karya Eks Klien'])} ${regency.office.name.replace(/^Dinas Sosial /, '')} ${startsOn.slice(0, 4)}`,
      startsOn,
      endsOn,
      villageCode: prng.pick(ctx.ref.regencyByCode.get(regency.office.regencyCode!)!.villages).code,
      place: prng.pick(['Alun-alun kota', 'Halaman kantor Dinas Sosial', 'Gedung serbaguna kabupaten']),
      makers: [...new Set(shown.flatMap((p) => p.makers))],
      sales: [],
    };
    for (const [i, product] of shown.entries()) {
      const quantity = Math.min(product.stock, prng.int(1, 10));
      if (quantity < 1) continue;
      const sale: SalePlan = {
        id: ctx.id('event-sale', `${index}:${i}`),
        product,
        quantity,
        soldOn: fromDayNumber(dayNumber(startsOn) + prng.int(0, dayNumber(endsOn) - dayNumber(startsOn))),
      };
      this.move(product, -quantity, 'EVENT_SALE', null, sale.id, sale.soldOn);
      event.sales.push(sale);
    }
    this.events.push(event);
  }

  private move(
    product: ProductPlan,
    delta: number,
    reason: Movement['reason'],
    note: string | null,
    referenceId: string | null,
    on: string,
  ): void {
    product.stock += delta;
    if (product.stock < 0) throw new Error(`product ${product.index}: stock below zero`);
    product.movements.push({
      id: this.ctx.id('stock-movement', `${product.index}:${product.movements.length}`),
      delta,
      reason,
      note,
      referenceId,
      on,
    });
  }
}

export const PRODUCT_COLUMNS = [
  'id',
  'seller_organization_id',
  'category',
  'name',
  'description',
  'maker_group',
  'price_idr',
  'stock',
  'status',
  'published_at',
  'version',
  'created_at',
  'updated_at',
];

export function* productRows(ctx: SeedContext, plan: MarketplacePlan): Generator<CopyValue[]> {
  for (const p of plan.products) {
    const province = p.seller.provinceCode;
    const lastMove = p.movements[p.movements.length - 1].on;
    const updated = [p.publishedOn ?? '', p.withdrawnOn ?? '', lastMove].sort().pop()!;
    yield [
      p.id,
      p.seller.id,
      p.category,
      p.name,
      `${p.name} buatan eks klien dan kelompok binaan ${p.seller.name}`.slice(0, 2000),
      p.makerGroup,
      p.price,
      p.stock,
      p.status,
      p.publishedOn ? ctx.at(p.publishedOn, province) : null,
      1 + p.movements.length,
      ctx.at(p.createdOn, province),
      ctx.at(updated, province),
    ];
  }
}

export function* productMakerRows(ctx: SeedContext, plan: MarketplacePlan): Generator<CopyValue[]> {
  for (const p of plan.products)
    for (const [i, m] of p.makers.entries()) yield [ctx.id('product-maker', `${p.index}:${i}`), p.id, m.id, i + 1];
}
export const PRODUCT_MAKER_COLUMNS = ['id', 'product_id', 'person_id', 'position'];

export function* stockMovementRows(ctx: SeedContext, plan: MarketplacePlan): Generator<CopyValue[]> {
  for (const p of plan.products) {
    for (const m of p.movements)
      yield [m.id, p.id, m.delta, m.reason, m.note, m.referenceId, ctx.at(m.on, p.seller.provinceCode)];
  }
}
export const STOCK_MOVEMENT_COLUMNS = ['id', 'product_id', 'delta', 'reason', 'note', 'reference_id', 'occurred_at'];

export const ORDER_COLUMNS = [
  'id',
  'buyer_organization_id',
  'seller_organization_id',
  'status',
  'total_idr',
  'note',
  'status_changed_at',
  'paid_on',
  'payment_reference',
  'version',
  'created_at',
  'updated_at',
];

export function* orderRows(ctx: SeedContext, plan: MarketplacePlan): Generator<CopyValue[]> {
  for (const o of plan.orders) {
    const province = o.seller.provinceCode;
    const total = o.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    const steps = { PLACED: 1, CONFIRMED: 2, DELIVERED: 3, PAID: 4, CANCELLED: 2 }[o.status];
    yield [
      o.id,
      o.buyer.id,
      o.seller.id,
      o.status,
      total,
      null,
      ctx.at(o.changedOn, province),
      o.paidOn,
      o.paidOn ? `SP2D/${String(o.index + 1).padStart(5, '0')}/${o.paidOn.slice(0, 4)}` : null,
      steps,
      ctx.at(o.createdOn, province),
      ctx.at(o.changedOn, province),
    ];
  }
}

export function* orderLineRows(ctx: SeedContext, plan: MarketplacePlan): Generator<CopyValue[]> {
  for (const o of plan.orders) {
    for (const [i, l] of o.lines.entries())
      yield [
        ctx.id('order-line', `${o.index}:${i}`),
        o.id,
        l.product.id,
        i + 1,
        l.quantity,
        l.unitPrice,
        l.quantity * l.unitPrice,
      ];
  }
}
export const ORDER_LINE_COLUMNS = [
  'id',
  'order_id',
  'product_id',
  'position',
  'quantity',
  'unit_price_idr',
  'amount_idr',
];

export function* marketEventRows(ctx: SeedContext, plan: MarketplacePlan): Generator<CopyValue[]> {
  for (const e of plan.events) {
    const at = ctx.at(addDays(e.startsOn, -30), e.organizer.provinceCode);
    yield [e.id, e.organizer.id, e.name.slice(0, 200), e.startsOn, e.endsOn, e.villageCode, e.place, 1, at, at];
  }
}
export const MARKET_EVENT_COLUMNS = [
  'id',
  'organizer_organization_id',
  'name',
  'starts_on',
  'ends_on',
  'village_code',
  'place',
  'version',
  'created_at',
  'updated_at',
];

export function* marketEventMakerRows(ctx: SeedContext, plan: MarketplacePlan): Generator<CopyValue[]> {
  for (const e of plan.events)
    for (const [i, m] of e.makers.entries()) yield [ctx.id('event-maker', `${e.index}:${i}`), e.id, m.id];
}
export const MARKET_EVENT_MAKER_COLUMNS = ['id', 'event_id', 'person_id'];

export function* marketEventSaleRows(ctx: SeedContext, plan: MarketplacePlan): Generator<CopyValue[]> {
  for (const e of plan.events) {
    for (const s of e.sales)
      yield [
        s.id,
        e.id,
        s.product.id,
        s.quantity,
        s.quantity * s.product.price,
        s.soldOn,
        ctx.at(s.soldOn, e.organizer.provinceCode),
      ];
  }
}
export const MARKET_EVENT_SALE_COLUMNS = [
  'id',
  'event_id',
  'product_id',
  'quantity',
  'amount_idr',
  'sold_on',
  'created_at',
];

/** What each maker earned: paid order lines and bazaar sales split equally among the product's makers. */
export function* makerRevenueRows(ctx: SeedContext, plan: MarketplacePlan): Generator<CopyValue[]> {
  for (const o of plan.orders) {
    if (!o.paidOn) continue;
    for (const [i, l] of o.lines.entries()) {
      const parts = splitAmount(l.quantity * l.unitPrice, l.product.makers.length);
      for (const [k, m] of l.product.makers.entries()) {
        yield [
          ctx.id('maker-revenue', `o:${o.index}:${i}:${k}`),
          m.id,
          l.product.id,
          o.id,
          null,
          parts[k],
          o.paidOn,
          ctx.at(o.paidOn, o.seller.provinceCode),
        ];
      }
    }
  }
  for (const e of plan.events) {
    for (const s of e.sales) {
      const parts = splitAmount(s.quantity * s.product.price, s.product.makers.length);
      for (const [k, m] of s.product.makers.entries()) {
        yield [
          ctx.id('maker-revenue', `s:${s.id}:${k}`),
          m.id,
          s.product.id,
          null,
          s.id,
          parts[k],
          s.soldOn,
          ctx.at(s.soldOn, e.organizer.provinceCode),
        ];
      }
    }
  }
}
export const MAKER_REVENUE_COLUMNS = [
  'id',
  'person_id',
  'product_id',
  'order_id',
  'event_sale_id',
  'amount_idr',
  'earned_on',
  'created_at',
];
