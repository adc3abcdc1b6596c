import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the analytics reports of docs/analytics.md need (referrals, marketplace), checked with EXPLAIN on a
 * province-sized data set (100,000 referrals): without them the referrals report grouped every referral event.
 */
export class AnalyticsIndexes1795300000081 implements MigrationInterface {
  name = 'AnalyticsIndexes1795300000081';

  async up(q: QueryRunner): Promise<void> {
    // Referrals sent within a period: a range of creation instants.
    await q.query(`CREATE INDEX ix_referrals_created ON referrals (created_at)`);
    // When a referral was accepted / completed: two index-only probes per referral sent.
    await q.query(
      `CREATE INDEX ix_referral_events_milestones ON referral_events (referral_id, to_status, occurred_at)
       WHERE to_status IN ('ACCEPTED', 'COMPLETED', 'REJECTED', 'EXPIRED')`,
    );
    // Series of referrals reaching a status in each period.
    await q.query(
      `CREATE INDEX ix_referral_events_status_time ON referral_events (to_status, occurred_at)
       WHERE to_status IN ('ACCEPTED', 'COMPLETED', 'REJECTED', 'EXPIRED')`,
    );
    // Marketplace sales: paid orders by payment day, event sales by day.
    await q.query(`CREATE INDEX ix_orders_paid_on ON orders (paid_on) WHERE status = 'PAID'`);
    await q.query(`CREATE INDEX ix_market_event_sales_sold_on ON market_event_sales (sold_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_market_event_sales_sold_on`);
    await q.query(`DROP INDEX ix_orders_paid_on`);
    await q.query(`DROP INDEX ix_referral_events_status_time`);
    await q.query(`DROP INDEX ix_referral_events_milestones`);
    await q.query(`DROP INDEX ix_referrals_created`);
  }
}
