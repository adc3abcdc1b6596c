/**
 * The completion rule of a training (docs/empowerment-trainings.md), in one place for every reader: the participant
 * list (EnrolmentsService), the grant criterion (TrainingsService.hasCompletedTraining) and analytics (the trainings
 * report, and the funnel's TRAINED stage through the nightly snapshot `analytics_training_completions`). On a given
 * day at the venue, a participant has completed when the training has ended (its last day is before that day) and
 * they attended at least the training's minimum share of the sessions held (scheduled, not cancelled, on or before
 * that day), with at least one session held.
 */
export interface CompletionInput {
  ended: boolean;
  held: number;
  attended: number;
  minAttendancePercent: number;
}

export function isCompleted(c: CompletionInput): boolean {
  return c.ended && c.held > 0 && c.attended * 100 >= c.minAttendancePercent * c.held;
}

/** The same rule as a SQL condition over column expressions (`today` is the venue's local day). */
export function completedSql(c: {
  endsOn: string;
  today: string;
  held: string;
  attended: string;
  minPercent: string;
}): string {
  return `(${c.endsOn} < ${c.today} AND ${c.held} > 0 AND ${c.attended} * 100 >= ${c.minPercent} * ${c.held})`;
}

/**
 * The completed enrolments as a relation `(enrolment_id, person_id, training_id, ends_on)`, judged on `endedBefore`
 * (a SQL date; by default the venue's local today, never later than it). The caller binds parameters.
 */
export function completedEnrolments(endedBefore?: string): string {
  const localToday = `(now() AT TIME ZONE r.time_zone)::date`;
  const today = endedBefore === undefined ? localToday : `least(${endedBefore}, ${localToday})`;
  return `
         SELECT e.id AS enrolment_id, e.person_id, t.id AS training_id, t.ends_on
         FROM training_enrolments e
         JOIN trainings t ON t.id = e.training_id
         JOIN regions r ON r.code = t.village_code
         CROSS JOIN LATERAL (
           SELECT count(*) AS held,
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM training_attendance a
                    WHERE a.session_id = s.id AND a.enrolment_id = e.id AND a.present)) AS attended
           FROM training_sessions s WHERE s.training_id = t.id AND s.status = 'SCHEDULED'
         ) c
         WHERE e.status = 'ACTIVE'
           AND ${completedSql({ endsOn: 't.ends_on', today, held: 'c.held', attended: 'c.attended', minPercent: 't.min_attendance_percent' })}`;
}

/** True when the person `personExpr` (a SQL expression) completed a training (see {@link completedEnrolments}). */
export function completedTrainingExists(personExpr: string, endedBefore?: string): string {
  // A plain subquery: PostgreSQL flattens it, so the person condition reaches the enrolments index.
  return `EXISTS (SELECT 1 FROM (${completedEnrolments(endedBefore)}) completed
         WHERE completed.person_id = ${personExpr})`;
}
