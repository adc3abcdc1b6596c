import { seededOrganizationId } from '../../src/common/ids';
import { TestApp } from './test-app';

/** What happened to a fixture referral after it was sent: days after sending, in order. */
export interface ReferralStory {
  acceptedAfterDays?: number;
  completedAfterDays?: number;
  rejected?: string;
  expiredAfterDays?: number;
  enteredInError?: boolean;
}

const DAY = 86_400_000;

/** Referrals and their event timelines written straight into the tables, for the referrals report's tests. */
export class ReferralsFixture {
  constructor(private readonly t: TestApp) {}

  /** A service of an organisation, in a category. */
  async service(organizationId: string, category: string): Promise<string> {
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO services (organization_id, name, category_code) VALUES ($1, $2, $3) RETURNING id`,
      [organizationId, `Layanan ${category}`, category],
    );
    return row.id;
  }

  async referral(options: {
    personId: string;
    to: string;
    from?: string;
    serviceId?: string;
    sentAt: string;
    story?: ReferralStory;
  }): Promise<string> {
    const sent = new Date(options.sentAt);
    const at = (days: number) => new Date(sent.getTime() + days * DAY).toISOString();
    const s = options.story ?? {};
    const events: Array<[string, string | null, string, string]> = [['create', null, 'REQUESTED', sent.toISOString()]];
    let status = 'REQUESTED';
    if (s.acceptedAfterDays !== undefined) {
      events.push(['accept', 'REQUESTED', 'ACCEPTED', at(s.acceptedAfterDays)]);
      events.push(['start', 'ACCEPTED', 'IN_PROGRESS', at(s.acceptedAfterDays)]);
      status = 'IN_PROGRESS';
      if (s.completedAfterDays !== undefined) {
        events.push(['complete', 'IN_PROGRESS', 'COMPLETED', at(s.completedAfterDays)]);
        status = 'COMPLETED';
      }
    } else if (s.rejected) {
      events.push(['reject', 'REQUESTED', 'REJECTED', at(1)]);
      status = 'REJECTED';
    } else if (s.expiredAfterDays !== undefined) {
      events.push(['expire', 'REQUESTED', 'EXPIRED', at(s.expiredAfterDays)]);
      status = 'EXPIRED';
    }
    if (s.enteredInError) {
      events.push(['entered-in-error', status, 'ENTERED_IN_ERROR', at(1)]);
      status = 'ENTERED_IN_ERROR';
    }
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO referrals (from_organization_id, to_organization_id, person_id, service_id, reason, priority,
                              status, respond_by, rejection_reason_code, consent_override_reason, created_at)
       VALUES ($1, $2, $3, $4, 'Rujukan uji', 'ROUTINE', $5, $6, $7, 'Uji analitik', $8) RETURNING id`,
      [
        options.from ?? seededOrganizationId('DINSOS-3571'),
        options.to,
        options.personId,
        options.serviceId ?? null,
        status,
        at(14),
        s.rejected ?? null,
        sent.toISOString(),
      ],
    );
    for (const [action, from, to, occurredAt] of events) {
      await this.t.sql(
        `INSERT INTO referral_events (referral_id, action, from_status, to_status, occurred_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [row.id, action, from, to, occurredAt],
      );
    }
    return row.id;
  }
}

/**
 * Secondary suppression as a property: in a table, no line (rows equal on every dimension but one) has exactly one
 * suppressed cell of a measure, so no hidden cell can be worked back from a published total.
 */
export function linesWithOneSuppressed(
  rows: Record<string, unknown>[],
  dimensions: string[],
  measure: string,
): string[] {
  const bad: string[] = [];
  for (const varying of dimensions) {
    const lines = new Map<string, Record<string, unknown>[]>();
    for (const row of rows) {
      const key = JSON.stringify(dimensions.filter((d) => d !== varying).map((d) => row[d]));
      lines.set(key, [...(lines.get(key) ?? []), row]);
    }
    for (const [key, line] of lines) {
      const hidden = line.filter((r) => (r[measure] as { suppressed: boolean }).suppressed).length;
      if (line.length > 1 && hidden === 1) bad.push(`${varying} along ${key}`);
    }
  }
  return bad;
}
