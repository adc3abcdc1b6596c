import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Running totals of each business's reported net income in `analytics_business_status`: the sum and the number of
 * its reports for months up to and including the row's month. The grants report's `netIncome` (the median of the
 * businesses' average monthly net income over a period) then reads two rows per business, at the period's last
 * month and the month before its first, instead of every report of the period (600,000 at province scale: 0.7 s).
 * The columns are filled by the next rebuild, which is made due at once by forgetting the last one.
 */
export class AnalyticsIncomeToDate1795300000102 implements MigrationInterface {
  name = 'AnalyticsIncomeToDate1795300000102';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE analytics_business_status
        ADD COLUMN net_income_to_date_idr bigint NOT NULL DEFAULT 0,
        ADD COLUMN reports_to_date integer NOT NULL DEFAULT 0`);
    // One month's rows with what netIncome reads: an index-only scan per month.
    await q.query(
      `CREATE INDEX ix_analytics_business_status_income ON analytics_business_status (month)
       INCLUDE (business_id, village_code, grant_year, net_income_to_date_idr, reports_to_date)`,
    );
    await q.query(`DELETE FROM analytics_refreshes WHERE name = 'business_status'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_analytics_business_status_income`);
    await q.query(`
      ALTER TABLE analytics_business_status DROP COLUMN net_income_to_date_idr, DROP COLUMN reports_to_date`);
  }
}
