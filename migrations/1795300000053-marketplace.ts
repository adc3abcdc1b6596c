import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marketplace (DESIGN.md §4 Order): products with their makers, orders with lines, the revenue each maker earned,
 * and bazaars/expos with their participating makers and sales. Money is whole Rupiah in bigint; stock can never go
 * below zero (CHECK), which backs the atomic `stock = stock - q WHERE stock >= q` updates.
 */
export class Marketplace1795300000053 implements MigrationInterface {
  name = 'Marketplace1795300000053';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seller_organization_id uuid NOT NULL REFERENCES organizations (id),
        category varchar(20) NOT NULL CHECK (category IN ('KESET', 'MANIK_MANIK', 'TEKSTIL', 'KULINER', 'KERAJINAN', 'OTHER')),
        name varchar(200) NOT NULL,
        description varchar(2000),
        maker_group varchar(200),
        price_idr bigint NOT NULL CHECK (price_idr > 0),
        stock integer NOT NULL CHECK (stock >= 0),
        status varchar(20) NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'WITHDRAWN')),
        published_at timestamptz,
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_products_seller ON products (seller_organization_id, created_at, id)`);
    await q.query(`CREATE INDEX ix_products_published ON products (created_at, id) WHERE status = 'PUBLISHED'`);
    await q.query(`
      CREATE TABLE product_makers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES persons (id),
        position smallint NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_product_makers_product ON product_makers (product_id, position)`);
    await q.query(`CREATE INDEX ix_product_makers_person ON product_makers (person_id)`);
    await q.query(`
      CREATE TABLE product_stock_movements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        product_id uuid NOT NULL REFERENCES products (id),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        delta integer NOT NULL,
        reason varchar(20) NOT NULL CHECK (reason IN ('INITIAL', 'ADJUSTMENT', 'ORDER', 'ORDER_CANCELLED', 'EVENT_SALE')),
        note varchar(500),
        reference_id uuid,
        actor_id uuid,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_product_stock_movements_product ON product_stock_movements (product_id, seq)`);
    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        buyer_organization_id uuid NOT NULL REFERENCES organizations (id),
        seller_organization_id uuid NOT NULL REFERENCES organizations (id),
        status varchar(20) NOT NULL CHECK (status IN ('PLACED', 'CONFIRMED', 'DELIVERED', 'PAID', 'CANCELLED')),
        total_idr bigint NOT NULL CHECK (total_idr > 0),
        note varchar(2000),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        paid_on date,
        payment_reference varchar(200),
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_orders_not_self CHECK (buyer_organization_id <> seller_organization_id)
      )`);
    await q.query(`CREATE INDEX ix_orders_buyer ON orders (buyer_organization_id, created_at, id)`);
    await q.query(`CREATE INDEX ix_orders_seller ON orders (seller_organization_id, created_at, id)`);
    await q.query(`
      CREATE TABLE order_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        product_id uuid NOT NULL REFERENCES products (id),
        position smallint NOT NULL,
        quantity integer NOT NULL CHECK (quantity >= 1),
        unit_price_idr bigint NOT NULL CHECK (unit_price_idr > 0),
        amount_idr bigint NOT NULL CHECK (amount_idr > 0),
        CONSTRAINT uq_order_lines_product UNIQUE (order_id, product_id)
      )`);
    await q.query(`CREATE INDEX ix_order_lines_product ON order_lines (product_id)`);
    await q.query(`
      CREATE TABLE market_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organizer_organization_id uuid NOT NULL REFERENCES organizations (id),
        name varchar(200) NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        village_code varchar(10) NOT NULL REFERENCES regions (code),
        place varchar(500) NOT NULL,
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_market_events_dates CHECK (ends_on >= starts_on)
      )`);
    await q.query(`CREATE INDEX ix_market_events_organizer ON market_events (organizer_organization_id, starts_on)`);
    await q.query(`
      CREATE TABLE market_event_makers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES market_events (id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES persons (id)
      )`);
    await q.query(`CREATE INDEX ix_market_event_makers_event ON market_event_makers (event_id)`);
    await q.query(`CREATE INDEX ix_market_event_makers_person ON market_event_makers (person_id)`);
    await q.query(`
      CREATE TABLE market_event_sales (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES market_events (id),
        product_id uuid NOT NULL REFERENCES products (id),
        quantity integer NOT NULL CHECK (quantity >= 1),
        amount_idr bigint NOT NULL CHECK (amount_idr >= 0),
        sold_on date NOT NULL,
        recorded_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_market_event_sales_event ON market_event_sales (event_id, created_at)`);
    await q.query(`
      CREATE TABLE maker_revenue (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons (id),
        product_id uuid NOT NULL REFERENCES products (id),
        order_id uuid REFERENCES orders (id),
        event_sale_id uuid REFERENCES market_event_sales (id),
        amount_idr bigint NOT NULL CHECK (amount_idr >= 0),
        earned_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_maker_revenue_source CHECK ((order_id IS NULL) <> (event_sale_id IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_maker_revenue_person ON maker_revenue (person_id, earned_on)`);
    await q.query(`CREATE INDEX ix_maker_revenue_product ON maker_revenue (product_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE maker_revenue`);
    await q.query(`DROP TABLE market_event_sales`);
    await q.query(`DROP TABLE market_event_makers`);
    await q.query(`DROP TABLE market_events`);
    await q.query(`DROP TABLE order_lines`);
    await q.query(`DROP TABLE orders`);
    await q.query(`DROP TABLE product_stock_movements`);
    await q.query(`DROP TABLE product_makers`);
    await q.query(`DROP TABLE products`);
  }
}
