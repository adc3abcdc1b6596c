import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analytics (docs/analytics.md#grants): the growth status of every business as of each month, computed by the one
 * TypeScript rule (src/businesses/growth-status.ts) in a job, because "stagnating since when" needs the status per
 * month and SQL must not re-implement the rule; the training completions the funnel needs; the freshness of these
 * job-built tables; and the indexes the funnel and grants reports need at province scale.
 */
export class AnalyticsBusinessStatus1795300000080 implements MigrationInterface {
  name = 'AnalyticsBusinessStatus1795300000080';

  async up(q: QueryRunner): Promise<void> {
    // Rebuilt by the job, never written by the API; no foreign key, so the bulk rebuild checks nothing per row
    // (reports join businesses anyway, so a row of a vanished business counts nowhere).
    await q.query(`
      CREATE TABLE analytics_business_status (
        business_id uuid NOT NULL,
        month varchar(7) NOT NULL,
        -- Where the business was and which year's grant funded it at the refresh, so reports need no joins.
        village_code varchar(10) NOT NULL,
        grant_year integer,
        status varchar(20) NOT NULL,
        -- First month of the uninterrupted run of this status that reaches this month.
        since varchar(7) NOT NULL,
        PRIMARY KEY (business_id, month)
      )`);
    // Reports read one month (the period's end) and often one status: an index-only scan per month.
    await q.query(
      `CREATE INDEX ix_analytics_business_status_month ON analytics_business_status (month, status)
         INCLUDE (village_code, grant_year, since, business_id)`,
    );
    // Enrolments completed as of the last refresh, by the one SQL rule (src/trainings/training-completion.ts): the
    // rule is per enrolment and too slow to evaluate for every person of a province-wide funnel on each request.
    // Enrolment ids, not people: merges and erasures act on training_enrolments and reach this through the join.
    await q.query(`
      CREATE TABLE analytics_training_completions (
        enrolment_id uuid PRIMARY KEY,
        ends_on date NOT NULL
      )`);
    await q.query(`
      CREATE TABLE analytics_refreshes (
        name varchar(60) PRIMARY KEY,
        refreshed_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        row_count bigint NOT NULL
      )`);
    // Funnel: discharges by date; grants by the person and by approval; community cases closing MANDIRI.
    await q.query(
      `CREATE INDEX ix_case_residences_discharged ON case_residences (discharged_on) WHERE discharged_on IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX ix_business_reports_period ON business_reports (period) INCLUDE (business_id, net_income_idr)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_business_reports_period`);
    await q.query(`DROP INDEX ix_case_residences_discharged`);
    await q.query(`DROP TABLE analytics_refreshes`);
    await q.query(`DROP TABLE analytics_training_completions`);
    await q.query(`DROP TABLE analytics_business_status`);
  }
}
