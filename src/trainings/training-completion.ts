/**
 * The completion rule of a training (docs/empowerment-trainings.md), in one place for every reader: the participant
 * list (EnrolmentsService), the grant criterion (TrainingsService.hasCompletedTraining) and analytics. On a given
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
