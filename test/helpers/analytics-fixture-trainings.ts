import { TestApp } from './test-app';

/** Trainings, sessions, enrolments and attendance written straight into the tables, for the trainings report. */
export class TrainingsFixture {
  private seq = 0;

  constructor(private readonly t: TestApp) {}

  /** A training with its sessions (`cancelled` ones too); returns the training and session ids by day. */
  async training(options: {
    providerId: string;
    skill: string;
    village: string;
    startsOn: string;
    endsOn: string;
    minAttendancePercent?: number;
    sessions: string[];
    cancelled?: string[];
  }): Promise<{ id: string; sessions: Map<string, string> }> {
    this.seq += 1;
    const [row] = await this.t.sql<{ id: string }>(
      `INSERT INTO trainings (provider_organization_id, skill_code, title, village_code, place, starts_on, ends_on,
                              weekdays, capacity, facilitators, min_attendance_percent)
       VALUES ($1, $2, $3, $4, 'Balai desa', $5, $6, '{MON,TUE,WED,THU,FRI}', 30, '{Fasilitator Uji}', $7)
       RETURNING id`,
      [
        options.providerId,
        options.skill,
        `Pelatihan ${this.seq}`,
        options.village,
        options.startsOn,
        options.endsOn,
        options.minAttendancePercent ?? 75,
      ],
    );
    const sessions = new Map<string, string>();
    for (const [day, status] of [
      ...options.sessions.map((d) => [d, 'SCHEDULED']),
      ...(options.cancelled ?? []).map((d) => [d, 'CANCELLED']),
    ]) {
      const [s] = await this.t.sql<{ id: string }>(
        `INSERT INTO training_sessions (training_id, held_on, status, cancel_reason)
         VALUES ($1, $2, $3::varchar, CASE WHEN $3::varchar = 'CANCELLED' THEN 'Hujan' END) RETURNING id`,
        [row.id, day, status],
      );
      sessions.set(day, s.id);
    }
    return { id: row.id, sessions };
  }

  /** Enrols a person, present at the sessions of the days given. */
  async participant(
    training: { id: string; sessions: Map<string, string> },
    personId: string,
    enrolledBy: string,
    presentOn: string[],
  ): Promise<void> {
    const [e] = await this.t.sql<{ id: string }>(
      `INSERT INTO training_enrolments (training_id, person_id, enrolled_by_organization_id) VALUES ($1, $2, $3)
       RETURNING id`,
      [training.id, personId, enrolledBy],
    );
    for (const [day, sessionId] of training.sessions) {
      await this.t.sql(`INSERT INTO training_attendance (session_id, enrolment_id, present) VALUES ($1, $2, $3)`, [
        sessionId,
        e.id,
        presentOn.includes(day),
      ]);
    }
  }
}
