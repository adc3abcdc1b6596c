/**
 * The completion rule of trainings in SQL, written once: the training has ended at its venue and the person attended
 * at least its minimum share of the sessions held (the same rule EnrolmentsService computes per participant). Used
 * by the grant criteria (TrainingsService.hasCompletedTraining) and by analytics (the funnel's TRAINED stage, through
 * the nightly snapshot `analytics_training_completions`).
 */

/**
 * The completed enrolments as a relation `(enrolment_id, person_id, training_id, ends_on)`: trainings that ended
 * before `endedBefore` (a SQL date; by default the venue's local today, never later than it). The caller binds
 * parameters.
 */
export function completedEnrolments(endedBefore?: string): string {
  const localToday = `(now() AT TIME ZONE r.time_zone)::date`;
  const before = endedBefore === undefined ? localToday : `least(${endedBefore}, ${localToday})`;
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
           AND t.ends_on < ${before}
           AND c.held > 0 AND c.attended * 100 >= t.min_attendance_percent * c.held`;
}

/** True when the person `personExpr` (a SQL expression) completed a training (see {@link completedEnrolments}). */
export function completedTrainingExists(personExpr: string, endedBefore?: string): string {
  // A plain subquery: PostgreSQL flattens it, so the person condition reaches the enrolments index.
  return `EXISTS (SELECT 1 FROM (${completedEnrolments(endedBefore)}) completed
         WHERE completed.person_id = ${personExpr})`;
}
