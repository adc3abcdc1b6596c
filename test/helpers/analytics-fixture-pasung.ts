import { seededOrganizationId } from '../../src/common/ids';
import { TestApp } from './test-app';

/** Pasung cases and their status timelines written straight into the tables, for the Bebas Pasung report. */
export class PasungFixture {
  constructor(private readonly t: TestApp) {}

  /** A case found in `village` with its events `[status, day]` in recording order (the first is the report). */
  async pasungCase(personId: string, village: string, events: Array<[string, string]>): Promise<string> {
    const [last] = events.slice(-1);
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO pasung_cases (person_id, village_code, reported_on, report_source, restraint_type,
                                 managing_organization_id, current_status, current_status_on)
       VALUES ($1, $2, $3, 'FAMILY', 'CHAIN', $4, $5, $6) RETURNING id`,
      [personId, village, events[0][1], seededOrganizationId(`DINSOS-${village.slice(0, 4)}`), last[0], last[1]],
    );
    for (const [status, day] of events) {
      await this.t.sql(`INSERT INTO pasung_case_events (pasung_case_id, status, occurred_on) VALUES ($1, $2, $3)`, [
        row.id,
        status,
        day,
      ]);
    }
    return row.id;
  }
}
