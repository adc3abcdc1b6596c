import { TestApp } from './test-app';

/** Products, orders and market event sales written straight into the tables, for the marketplace report's tests. */
export class MarketplaceFixture {
  private seq = 0;

  constructor(private readonly t: TestApp) {}

  async product(sellerId: string, category: string): Promise<string> {
    this.seq += 1;
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO products (seller_organization_id, category, name, price_idr, stock, status, published_at)
       VALUES ($1, $2, $3, 50000, 100, 'PUBLISHED', now()) RETURNING id`,
      [sellerId, category, `Produk ${this.seq}`],
    );
    return row.id;
  }

  /** An order with its lines ([productId, quantity, amount]), in the status given (PAID on `paidOn`). */
  async order(options: {
    buyerId: string;
    sellerId: string;
    status?: string;
    paidOn?: string;
    lines: Array<[string, number, number]>;
  }): Promise<void> {
    const status = options.status ?? 'PAID';
    const total = options.lines.reduce((sum, [, , amount]) => sum + amount, 0);
    const [order] = await this.t.sql<{ id: string }>(
      `INSERT INTO orders (buyer_organization_id, seller_organization_id, status, total_idr, paid_on)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [options.buyerId, options.sellerId, status, total, status === 'PAID' ? options.paidOn : null],
    );
    for (const [i, [productId, quantity, amount]] of options.lines.entries()) {
      await this.t.sql(
        `INSERT INTO order_lines (order_id, product_id, position, quantity, unit_price_idr, amount_idr)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [order.id, productId, i + 1, quantity, Math.round(amount / quantity), amount],
      );
    }
  }

  async event(organizerId: string, village: string, startsOn: string): Promise<string> {
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO market_events (organizer_organization_id, name, starts_on, ends_on, village_code, place)
       VALUES ($1, 'Bazar Uji', $2, $2::date + 2, $3, 'Alun-alun') RETURNING id`,
      [organizerId, startsOn, village],
    );
    return row.id;
  }

  async eventSale(eventId: string, productId: string, quantity: number, amount: number, soldOn: string): Promise<void> {
    await this.t.sql(
      `INSERT INTO market_event_sales (event_id, product_id, quantity, amount_idr, sold_on) VALUES ($1, $2, $3, $4, $5)`,
      [eventId, productId, quantity, amount, soldOn],
    );
  }
}
