import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { BusinessView } from '../businesses/business-view';
import { addMonths, growthStatus, GrowthReport, GrowthStatus } from '../businesses/growth-status';
import { JobQueue } from '../integration/job-queue.service';
import { completedEnrolments } from '../trainings/training-completion';

export const BUSINESS_STATUS_QUEUE = 'analytics-business-status';
/** Name of the row in `analytics_refreshes` that dates `analytics_business_status`. */
export const BUSINESS_STATUS_REFRESH = 'business_status';
/** Older than this at startup, the table is rebuilt right away instead of waiting for the night. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;
/** Businesses per read-compute-insert step: ~30,000 rows per INSERT at five years of months each. */
const BATCH = 500;
/** Serialises rebuilds (the nightly job, a startup run, a test) so two never interleave their deletes and inserts. */
const LOCK_KEY = 795300080;

export interface RefreshResult {
  businesses: number;
  rows: number;
  durationMs: number;
  refreshedAt: Date;
}

interface BusinessRow {
  id: string;
  village_code: string;
  start_date: string;
  grant_year: number | null;
}

interface ReportRow {
  business_id: string;
  period: string;
  net_income_idr: string;
  open: boolean;
}

/**
 * Builds `analytics_business_status`: the growth status of every business of an active person as of each month from
 * its start (or first report) to the current month at its village, with the village and grant year as they stand at
 * the refresh (so reports read one index and join nothing), by the one rule in src/businesses/growth-status.ts with the configured
 * thresholds (BusinessView), so analytics never re-implements the rule in SQL. "As of month M" is the rule applied
 * with M as the current month to the reports for M and earlier, as they stand at the refresh (a report entered late
 * changes the past months at the next refresh). `since` is the first month of the run of equal statuses reaching M.
 *
 * The same run snapshots the completed training enrolments (`analytics_training_completions`, by the shared SQL rule
 * of src/trainings/training-completion.ts) for the funnel's TRAINED stage.
 *
 * Rebuilt whole, in one transaction (readers keep the previous table until it commits), streaming businesses in
 * batches by id and inserting each batch with one statement; nightly, at startup when stale, and on demand.
 */
@Injectable()
export class BusinessStatusRefresher implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('BusinessStatusRefresher');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly businesses: BusinessView,
  ) {}

  onModuleInit(): void {
    this.jobs.define({
      name: BUSINESS_STATUS_QUEUE,
      // After midnight WIB (17:xx UTC), so the new month's row exists from the first morning of the month.
      cron: '17 18 * * *',
      run: async () => {
        const result = await this.refresh();
        this.logger.log({ msg: 'analytics business status refreshed', ...result });
      },
    });
  }

  /** The job queue has started by now (IntegrationModule bootstraps first): queue a rebuild if the table is stale. */
  async onApplicationBootstrap(): Promise<void> {
    const at = await this.refreshedAt(this.dataSource.manager);
    if (at === null || Date.now() - at.getTime() > STALE_AFTER_MS) await this.jobs.send(BUSINESS_STATUS_QUEUE);
  }

  /** When the table was last rebuilt; null if never. */
  async refreshedAt(em: EntityManager): Promise<Date | null> {
    const [row] = (await em.query(`SELECT refreshed_at FROM analytics_refreshes WHERE name = $1`, [
      BUSINESS_STATUS_REFRESH,
    ])) as { refreshed_at: Date }[];
    return row?.refreshed_at ?? null;
  }

  async refresh(now = new Date()): Promise<RefreshResult> {
    const started = Date.now();
    const thresholds = this.businesses.thresholds;
    const months = new Map<string, string>();
    // One formatter call per time zone, not per business.
    const currentMonth = (village: string): string => {
      const zone = timeZoneOfRegion(village);
      let month = months.get(zone);
      if (!month) months.set(zone, (month = todayIn(zone, now).slice(0, 7)));
      return month;
    };
    let businesses = 0;
    let rows = 0;
    await this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock($1)`, [LOCK_KEY]);
      await em.query(`DELETE FROM analytics_business_status`);
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const batch = (await em.query(
          `SELECT b.id, b.village_code, to_char(b.start_date, 'YYYY-MM-DD') AS start_date, g.year AS grant_year
           FROM businesses b
           JOIN persons p ON p.id = b.person_id AND p.status = 'ACTIVE'
           LEFT JOIN grants g ON g.id = b.grant_id
           WHERE b.id > $1 ORDER BY b.id LIMIT ${BATCH}`,
          [after],
        )) as BusinessRow[];
        if (batch.length === 0) break;
        after = batch[batch.length - 1].id;
        businesses += batch.length;
        const reports = (await em.query(
          `SELECT business_id, period, net_income_idr, open FROM business_reports
           WHERE business_id = ANY($1::uuid[]) ORDER BY business_id, period`,
          [batch.map((b) => b.id)],
        )) as ReportRow[];
        const byBusiness = new Map<string, GrowthReport[]>();
        for (const r of reports) {
          const list = byBusiness.get(r.business_id) ?? [];
          list.push({ period: r.period, netIncomeIdr: Number(r.net_income_idr), open: r.open });
          byBusiness.set(r.business_id, list);
        }
        const ids: string[] = [];
        const villageCol: string[] = [];
        const grantYearCol: Array<number | null> = [];
        const monthCol: string[] = [];
        const statusCol: string[] = [];
        const sinceCol: string[] = [];
        const incomeCol: string[] = [];
        const reportsCol: number[] = [];
        for (const b of batch) {
          const own = byBusiness.get(b.id) ?? [];
          const months = statusMonths(
            own,
            b.start_date.slice(0, 7),
            currentMonth(b.village_code),
            (reports, month) => growthStatus(reports, `${month}-01`, thresholds).status,
          );
          const totals = incomeToDate(own, months);
          months.forEach((m, i) => {
            ids.push(b.id);
            villageCol.push(b.village_code);
            grantYearCol.push(b.grant_year);
            monthCol.push(m.month);
            statusCol.push(m.status);
            sinceCol.push(m.since);
            incomeCol.push(totals[i].netIncomeIdr.toString());
            reportsCol.push(totals[i].reports);
          });
        }
        if (ids.length === 0) continue;
        await em.query(
          `INSERT INTO analytics_business_status (business_id, month, village_code, grant_year, status, since,
                                                  net_income_to_date_idr, reports_to_date)
           SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::int[], $5::varchar[], $6::varchar[],
                                $7::bigint[], $8::int[])`,
          [ids, monthCol, villageCol, grantYearCol, statusCol, sinceCol, incomeCol, reportsCol],
        );
        rows += ids.length;
      }
      // The training completions of the funnel, by the shared SQL rule, in the same snapshot.
      await em.query(`DELETE FROM analytics_training_completions`);
      await em.query(
        `INSERT INTO analytics_training_completions (enrolment_id, ends_on)
         SELECT enrolment_id, ends_on FROM (${completedEnrolments()}) completed`,
      );
      await em.query(
        `INSERT INTO analytics_refreshes (name, refreshed_at, duration_ms, row_count) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET refreshed_at = $2, duration_ms = $3, row_count = $4`,
        [BUSINESS_STATUS_REFRESH, now, Date.now() - started, rows],
      );
    });
    // Outside the transaction (VACUUM cannot run in one): the rows just written are not yet marked all-visible, so
    // the reports' index-only scans would visit the table for every row until autovacuum came by (GrantsStagnation
    // took 435 ms instead of 110 ms meanwhile at province scale); the deleted rows are reclaimed, and the planner
    // gets fresh statistics for a table that has just been replaced.
    await this.dataSource.query(`VACUUM (ANALYZE) analytics_business_status, analytics_training_completions`);
    return { businesses, rows, durationMs: Date.now() - started, refreshedAt: now };
  }
}

export interface StatusMonth {
  month: string;
  status: GrowthStatus;
  since: string;
}

/**
 * The status of one business for each month from `startMonth` (or its first report, if earlier) to `currentMonth`,
 * with the first month of each run. `rule` is handed only the reports up to the month (ascending by period), which
 * is what the rule itself would keep of them.
 */
export function statusMonths(
  reports: readonly GrowthReport[],
  startMonth: string,
  currentMonth: string,
  rule: (reports: GrowthReport[], month: string) => GrowthStatus,
): StatusMonth[] {
  const sorted = byPeriod(reports);
  let month = sorted.length > 0 && sorted[0].period < startMonth ? sorted[0].period : startMonth;
  const out: StatusMonth[] = [];
  let upTo = 0;
  let previous: StatusMonth | null = null;
  while (month <= currentMonth) {
    while (upTo < sorted.length && sorted[upTo].period <= month) upTo += 1;
    const status = rule(sorted.slice(0, upTo), month);
    const since: string = previous !== null && previous.status === status ? previous.since : month;
    previous = { month, status, since };
    out.push(previous);
    month = addMonths(month, 1);
  }
  return out;
}

/**
 * For each of `months` (ascending), the sum of the net income of the reports for that month and earlier and their
 * number: a period's total is then the difference of two months' totals. BigInt: Rupiah sums over years exceed
 * what a double holds exactly.
 */
export function incomeToDate(
  reports: readonly GrowthReport[],
  months: readonly { month: string }[],
): { netIncomeIdr: bigint; reports: number }[] {
  const sorted = byPeriod(reports);
  let upTo = 0;
  let sum = 0n;
  return months.map(({ month }) => {
    while (upTo < sorted.length && sorted[upTo].period <= month) {
      sum += BigInt(sorted[upTo].netIncomeIdr);
      upTo += 1;
    }
    return { netIncomeIdr: sum, reports: upTo };
  });
}

/** The reports in ascending period (`YYYY-MM` strings sort as months). */
function byPeriod(reports: readonly GrowthReport[]): GrowthReport[] {
  return [...reports].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}
