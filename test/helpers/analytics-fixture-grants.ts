import { seededOrganizationId } from '../../src/common/ids';
import { TestApp } from './test-app';

/**
 * Rows for the funnel and grants analytics tests, written straight into the tables like AnalyticsFixture (the grants,
 * businesses and trainings modules' own tests cover how the API writes them; here only the figures matter).
 */
export class GrantsFixture {
  private seq = 0;

  constructor(private readonly t: TestApp) {}

  /** A budget with its committed and disbursed amounts as the grants below will make them. */
  async budget(regency: string, year: number, totalIdr: number, committedIdr = 0, disbursedIdr = 0): Promise<string> {
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO grant_budgets (regency_code, year, initial_idr, total_idr, committed_idr, disbursed_idr)
       VALUES ($1, $2, $3, $3, $4, $5) RETURNING id`,
      [regency, year, totalIdr, committedIdr, disbursedIdr],
    );
    return row.id;
  }

  /**
   * A grant; APPROVED or later needs `budgetId` and `approvedAt`, DISBURSED a disbursement day. Items default to one
   * CASH item of the whole amount.
   */
  async grant(
    personId: string,
    o: {
      regency: string;
      year: number;
      status: 'SUBMITTED' | 'APPROVED' | 'DISBURSED' | 'REJECTED';
      budgetId?: string;
      approvedAt?: string;
      disbursedOn?: string;
      items?: Array<{ kind: string; quantity: number; unitValueIdr: number }>;
    },
  ): Promise<string> {
    const items = o.items ?? [{ kind: 'CASH', quantity: 1, unitValueIdr: 5_000_000 }];
    const total = items.reduce((s, i) => s + i.quantity * i.unitValueIdr, 0);
    const disbursed = o.status === 'DISBURSED';
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO grants (person_id, regency_code, year, proposing_organization_id, business_plan, total_idr, status,
                           criteria, criteria_passed, budget_id, approved_at, rejection_reason, disbursed_on,
                           receiver_name, witness_name, document_reference)
       VALUES ($1, $2, $3, $4, 'Usaha uji', $5, $6, '{}'::jsonb, true, $7, $8, $9, $10, $11, $11, $12) RETURNING id`,
      [
        personId,
        o.regency,
        o.year,
        seededOrganizationId(`DINSOS-${o.regency}`),
        total,
        o.status,
        o.budgetId ?? null,
        o.approvedAt ?? null,
        o.status === 'REJECTED' ? 'Tidak memenuhi' : null,
        disbursed ? (o.disbursedOn ?? '2025-03-01') : null,
        disbursed ? 'Penerima Uji' : null,
        disbursed ? 'BAST-UJI' : null,
      ],
    );
    for (const [i, item] of items.entries()) {
      await this.t.sql(
        `INSERT INTO grant_items (grant_id, position, kind, description, quantity, unit_value_idr)
         VALUES ($1, $2, $3, 'Barang uji', $4, $5)`,
        [row.id, i + 1, item.kind, item.quantity, item.unitValueIdr],
      );
    }
    return row.id;
  }

  /** A business with monthly reports: `incomes[i]` is the net income of the i-th month from `firstPeriod`. */
  async business(
    personId: string,
    o: {
      village: string;
      grantId?: string;
      startDate: string;
      firstPeriod?: string;
      incomes?: number[];
      closedLast?: boolean;
    },
  ): Promise<string> {
    this.seq += 1;
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO businesses (person_id, grant_id, sector, name, village_code, start_date, workers)
       VALUES ($1, $2, 'JAHIT', $3, $4, $5, 1) RETURNING id`,
      [personId, o.grantId ?? null, `Usaha Uji ${this.seq}`, o.village, o.startDate],
    );
    const incomes = o.incomes ?? [];
    if (incomes.length > 0) {
      const first = o.firstPeriod ?? o.startDate.slice(0, 7);
      await this.t.sql(
        `INSERT INTO business_reports (business_id, period, revenue_idr, net_income_idr, workers, open)
         SELECT $1, to_char(to_date($2, 'YYYY-MM') + make_interval(months => (i - 1)::int), 'YYYY-MM'), greatest(n, 0), n, 1,
                NOT ($4 AND i = cardinality($3::bigint[]))
         FROM unnest($3::bigint[]) WITH ORDINALITY AS x(n, i)`,
        [row.id, first, incomes, o.closedLast ?? false],
      );
    }
    return row.id;
  }

  /** A training ended on `endsOn` with `sessions` sessions; the person attended `attended` of them. */
  async training(personId: string, o: { endsOn: string; sessions: number; attended: number }): Promise<void> {
    const [t] = await this.t.sql<{ id: string }>(
      `INSERT INTO trainings (provider_organization_id, skill_code, title, village_code, place, starts_on, ends_on,
                              weekdays, capacity, facilitators)
       VALUES ($1, 'MENJAHIT', 'Pelatihan uji', '3571011001', 'Balai', $2::date - 30, $2, '{MON}', 20, '{Fasilitator}')
       RETURNING id`,
      [seededOrganizationId('DINSOS-3571'), o.endsOn],
    );
    const [e] = await this.t.sql<{ id: string }>(
      `INSERT INTO training_enrolments (training_id, person_id, enrolled_by_organization_id) VALUES ($1, $2, $3)
       RETURNING id`,
      [t.id, personId, seededOrganizationId('DINSOS-3571')],
    );
    for (let i = 0; i < o.sessions; i++) {
      const [s] = await this.t.sql<{ id: string }>(
        `INSERT INTO training_sessions (training_id, held_on) VALUES ($1, $2::date - $3::int) RETURNING id`,
        [t.id, o.endsOn, i],
      );
      await this.t.sql(`INSERT INTO training_attendance (session_id, enrolment_id, present) VALUES ($1, $2, $3)`, [
        s.id,
        e.id,
        i < o.attended,
      ]);
    }
  }
}
