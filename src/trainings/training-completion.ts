/**
 * The completion rule of trainings in SQL, written once: the training has ended at its venue and the person attended
 * at least its minimum share of the sessions held (the same rule EnrolmentsService computes per participant). Used
 * by the grant criteria (TrainingsService.hasCompletedTraining) and by analytics (the funnel's TRAINED stage).
 *
 * Returns a SQL condition, true when the person `personExpr` completed a training that ended before `endedBefore`
 * (a SQL date; by default the venue's local today). The caller binds parameters; `personExpr` must not use the
 * aliases inside (e, t, r, c, s, a).
 */
export function completedTrainingExists(personExpr: string, endedBefore?: string): string {
  const localToday = `(now() AT TIME ZONE r.time_zone)::date`;
  const before = endedBefore === undefined ? localToday : `least(${endedBefore}, ${localToday})`;
  return `EXISTS (
         SELECT 1 FROM training_enrolments e
         JOIN trainings t ON t.id = e.training_id
         JOIN regions r ON r.code = t.village_code
         CROSS JOIN LATERAL (
           SELECT count(*) AS held,
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM training_attendance a
                    WHERE a.session_id = s.id AND a.enrolment_id = e.id AND a.present)) AS attended
           FROM training_sessions s WHERE s.training_id = t.id AND s.status = 'SCHEDULED'
         ) c
         WHERE e.person_id = ${personExpr} AND e.status = 'ACTIVE'
           AND t.ends_on < ${before}
           AND c.held > 0 AND c.attended * 100 >= t.min_attendance_percent * c.held
       )`;
}
