import { seededOrganizationId } from '../../src/common/ids';
import { Role } from '../../src/identity/permissions';
import { asRole, TestPrincipal } from './auth';
import { TestApp } from './test-app';

/**
 * A small fixed data set for analytics tests, written straight into the tables (the modules' own tests cover how
 * the API writes them; here only the figures matter). Each test file builds exactly the rows its hand-computed
 * figures count.
 */
export class AnalyticsFixture {
  private seq = 0;

  constructor(private readonly t: TestApp) {}

  async person(options: {
    village: string;
    sex?: 'M' | 'F';
    disabilities?: string[];
    ppks?: string[];
    createdAt?: string;
    status?: 'ACTIVE' | 'ERASED';
    birthDate?: string;
  }): Promise<string> {
    this.seq += 1;
    const name = `Orang Uji ${this.seq}`;
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO persons (full_name, name_key, sex, domicile_village_code, registered_by_organization_id,
                            disabilities, created_at, status, birth_date, birth_date_precision)
       VALUES ($1::text, lower($1::text), $2, $3, $4, $5, $6, $7, $8::date, CASE WHEN $8::date IS NULL THEN NULL ELSE 'DAY' END)
       RETURNING id`,
      [
        name,
        options.sex ?? 'M',
        options.village,
        seededOrganizationId('DINSOS-35'),
        options.disabilities ?? [],
        options.createdAt ?? '2025-01-10T03:00:00Z',
        options.status ?? 'ACTIVE',
        options.birthDate ?? null,
      ],
    );
    for (const code of options.ppks ?? []) {
      await this.t.sql(
        `INSERT INTO person_ppks_categories (person_id, ppks_code, since) VALUES ($1, $2, '2025-01-10')`,
        [row.id, code],
      );
    }
    return row.id;
  }

  async communityCase(
    personId: string,
    options: { office?: string; openedOn: string; closedOn?: string; outcome?: string },
  ): Promise<string> {
    const closed = options.closedOn !== undefined;
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO cases (person_id, managing_organization_id, kind, stage_code, status, opened_on, closed_on,
                          closed_at, outcome)
       VALUES ($1, $2, 'COMMUNITY', 'BIMBINGAN_LANJUT', $3, $4, $5, $6, $7) RETURNING id`,
      [
        personId,
        seededOrganizationId(options.office ?? 'DINSOS-3571'),
        closed ? 'CLOSED' : 'OPEN',
        options.openedOn,
        options.closedOn ?? null,
        closed ? `${options.closedOn}T05:00:00Z` : null,
        closed ? (options.outcome ?? 'MANDIRI') : null,
      ],
    );
    return row.id;
  }

  /** A residential case with one stay; discharged stays close the case as RETURNED_TO_FAMILY. */
  async residence(
    personId: string,
    options: { upt?: string; admittedOn: string; dischargedOn?: string },
  ): Promise<string> {
    const upt = seededOrganizationId(options.upt ?? 'UPT-RSBL-KEDIRI');
    const discharged = options.dischargedOn !== undefined;
    const [c] = await this.t.sql<{ id: string }>(
      `INSERT INTO cases (person_id, managing_organization_id, kind, stage_code, status, opened_on, closed_on,
                          closed_at, outcome)
       VALUES ($1, $2, 'RESIDENTIAL', 'INTERVENSI', $3, $4, $5, $6, $7) RETURNING id`,
      [
        personId,
        upt,
        discharged ? 'CLOSED' : 'OPEN',
        options.admittedOn,
        options.dischargedOn ?? null,
        discharged ? `${options.dischargedOn}T05:00:00Z` : null,
        discharged ? 'RETURNED_TO_FAMILY' : null,
      ],
    );
    await this.t.sql(
      `INSERT INTO case_residences (case_id, organization_id, admitted_on, discharged_on) VALUES ($1, $2, $3, $4)`,
      [c.id, upt, options.admittedOn, options.dischargedOn ?? null],
    );
    return c.id;
  }

  async visit(caseId: string, visitedOn: string, relapse = false): Promise<string> {
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO case_visits (case_id, visited_on, officer_name, findings, medication_adherence, relapse)
       VALUES ($1, $2, 'Petugas Uji', 'Kunjungan', 'YES', $3) RETURNING id`,
      [caseId, visitedOn, relapse],
    );
    return row.id;
  }

  async followUp(caseId: string, dueOn: string, visitId?: string): Promise<void> {
    this.seq += 1;
    await this.t.sql(`INSERT INTO case_follow_ups (case_id, sequence, due_on, visit_id) VALUES ($1, $2, $3, $4)`, [
      caseId,
      this.seq,
      dueOn,
      visitId ?? null,
    ]);
  }
}

/** Runs an analytics GraphQL query as the given caller and returns `data.analytics` (failing on any error). */
export async function analyticsQuery(
  t: TestApp,
  who: TestPrincipal,
  selection: string,
  filter = '{ region: "35", from: "2025-01-01", to: "2025-12-31" }',
): Promise<Record<string, unknown>> {
  const res = await t.http
    .post('/graphql')
    .set(who.auth)
    .send({ query: `{ analytics(filter: ${filter}) { ${selection} } }` })
    .expect(200);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.analytics as Record<string, unknown>;
}

export const roles = async (
  t: TestApp,
): Promise<{ analyst: TestPrincipal; officer: TestPrincipal; admin: TestPrincipal }> => ({
  analyst: await asRole(t, Role.ANALYST),
  officer: await asRole(t, Role.PROVINCE_OFFICER),
  admin: await asRole(t, Role.PROVINCE_ADMIN),
});

type Figure = { value: number | null; suppressed: boolean };
/** The figure of a row's measure; rows are picked by their dimension values. */
export function figure(rows: unknown, match: Record<string, unknown>, measure: string): Figure {
  const row = (rows as Record<string, unknown>[]).find((r) => Object.entries(match).every(([k, v]) => r[k] === v));
  if (!row) throw new Error(`No row ${JSON.stringify(match)} in ${JSON.stringify(rows)}`);
  return row[measure] as Figure;
}
