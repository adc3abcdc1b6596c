import { Args, Field, ObjectType, Parent, registerEnumType, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../../common/context/request-context';
import { completedSql } from '../../trainings/training-completion';
import { AnalyticsService } from '../analytics.service';
import { GqlFigure, GqlSeriesPoint, ReportParent } from '../analytics.types';
import { Measure, ReportDefinition, SqlBuilder, TableSpec } from '../report-table';

/**
 * Trainings report (docs/analytics.md#trainings): participants, attendance and completion per programme (training)
 * and per skill. A training is counted in the period it starts and placed at its venue (`trainings.village_code`).
 * Progress and completion are the trainings module's (src/trainings/training-completion.ts), as that module would
 * show them on the day after the period (today, if that is sooner).
 */

/** The day progress is read on: the day after the period, or today in the province when the period runs on. */
const asOf = (q: SqlBuilder): string => `least(${q.to} + 1, (now() AT TIME ZONE ${q.p(q.f.timeZone)})::date)`;

/**
 * Active enrolments in trainings starting within the period at a venue in the region, each with the sessions held
 * and attended by the reference day, whether its training has ended, and whether the participant completed it.
 */
const participants = (q: SqlBuilder, startsWhere?: (startsOn: string) => string): string => `
  WITH ref AS (SELECT ${asOf(q)} AS day),
  tr AS (
    SELECT t.id, t.skill_code, t.village_code, t.starts_on, t.ends_on, t.min_attendance_percent
    FROM trainings t
    WHERE ${q.inRegion('t.village_code')} AND ${(startsWhere ?? ((d: string) => q.inPeriod(d)))('t.starts_on')}),
  -- Sessions held by the reference day, their count per training and each enrolment's presences: set-wise, one
  -- pass over sessions and attendance of the selected trainings.
  ses AS (
    SELECT s.id, s.training_id FROM training_sessions s JOIN tr ON tr.id = s.training_id CROSS JOIN ref
    WHERE s.status = 'SCHEDULED' AND s.held_on <= ref.day),
  held AS (SELECT training_id, count(*) AS n FROM ses GROUP BY 1),
  att AS (
    SELECT a.enrolment_id, count(*) AS n FROM training_attendance a JOIN ses ON ses.id = a.session_id
    WHERE a.present GROUP BY 1),
  e AS (
    SELECT e.id, tr.id AS training_id, tr.skill_code, tr.village_code, tr.starts_on, tr.ends_on,
           tr.min_attendance_percent, ref.day, coalesce(held.n, 0) AS held, coalesce(att.n, 0) AS attended
    FROM tr
    JOIN training_enrolments e ON e.training_id = tr.id AND e.status = 'ACTIVE'
    CROSS JOIN ref
    LEFT JOIN held ON held.training_id = tr.id
    LEFT JOIN att ON att.enrolment_id = e.id)
  SELECT e.*, e.ends_on < e.day AS ended,
         ${completedSql({
           endsOn: 'e.ends_on',
           today: 'e.day',
           held: 'e.held',
           attended: 'e.attended',
           minPercent: 'e.min_attendance_percent',
         })} AS completed
  FROM e`;

/**
 * Participants are enrolments (someone in two trainings counts in both). `finished` goes with `participants`,
 * `completed` with `finished` and the rates with what they are about, so no published rate gives a hidden count
 * away.
 */
const progressMeasures: Measure[] = [
  { key: 'participants', header: 'participants', kind: 'count' },
  { key: 'attendanceRate', header: 'attendance_rate_percent', kind: 'ratio', basis: 'participants' },
  { key: 'finished', header: 'participants_of_ended_trainings', kind: 'count', basis: 'participants' },
  { key: 'completed', header: 'participants_completed', kind: 'count', basis: 'finished' },
  { key: 'completionRate', header: 'completion_rate_percent', kind: 'ratio', basis: 'completed' },
];

const PROGRESS_COLUMNS = `
  count(*) AS participants,
  round(100.0 * sum(p.attended) / nullif(sum(p.held), 0), 1) AS "attendanceRate",
  count(*) FILTER (WHERE p.ended) AS finished,
  count(*) FILTER (WHERE p.completed) AS completed,
  round(100.0 * count(*) FILTER (WHERE p.completed) / nullif(count(*) FILTER (WHERE p.ended), 0), 1)
    AS "completionRate"`;

const byTraining: TableSpec = {
  name: 'byTraining',
  description: 'Participants, attendance and completion of each training starting within the period in the region',
  dimensions: [{ key: 'trainingId', header: 'training_id' }],
  labels: [
    { key: 'title', header: 'title' },
    { key: 'skill', header: 'skill_code' },
    { key: 'providerName', header: 'provider_name' },
    { key: 'venueRegionCode', header: 'venue_region_code' },
    { key: 'startsOn', header: 'starts_on' },
    { key: 'endsOn', header: 'ends_on' },
  ],
  measures: progressMeasures,
  sql: (q) => `
    SELECT t.id AS "trainingId", t.title, t.skill_code AS skill, o.name AS "providerName",
           t.village_code AS "venueRegionCode", t.starts_on::text AS "startsOn", t.ends_on::text AS "endsOn",
           ${PROGRESS_COLUMNS}
    FROM (${participants(q)}) p
    JOIN trainings t ON t.id = p.training_id
    JOIN organizations o ON o.id = t.provider_organization_id
    GROUP BY t.id, o.id
    ORDER BY t.starts_on, t.title, t.id`,
};

const bySkill: TableSpec = {
  name: 'bySkill',
  description:
    'Participants, attendance and completion per skill and area of the venue, trainings starting within the period',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'skill', header: 'skill_code' },
  ],
  labels: [
    { key: 'regionName', header: 'region_name' },
    { key: 'skillName', header: 'skill_name' },
  ],
  measures: progressMeasures,
  fill: { areas: true },
  sql: (q) => `
    SELECT ${q.area('p.village_code')} AS "regionCode", p.skill_code AS skill, k.name AS "skillName",
           ${PROGRESS_COLUMNS}
    FROM (${participants(q)}) p
    JOIN training_skills k ON k.code = p.skill_code
    GROUP BY 1, 2, 3
    ORDER BY 1, 2`,
};

export const TRAININGS_REPORT: ReportDefinition = {
  name: 'trainings',
  title: 'Trainings: participants, attendance and completion per programme and skill',
  tables: [byTraining, bySkill],
  series: [
    {
      measure: 'PARTICIPANTS',
      description: 'Participants of trainings starting in each period (placed at the venue)',
      kind: 'count',
      sql: (q) => `
        SELECT ${q.period('p.starts_on')} AS period ${q.seriesArea('p.village_code')}, count(*) AS value
        FROM (${participants(q)}) p
        GROUP BY period ${q.seriesAreaGroup}`,
    },
    {
      measure: 'COMPLETED',
      description: 'Participants who completed a training, by the period the training ended in',
      kind: 'count',
      // Trainings that started before the period but ended within it count here.
      sql: (q) => `
        SELECT ${q.period('p.ends_on')} AS period ${q.seriesArea('p.village_code')}, count(*) AS value
        FROM (${participants(q, (startsOn) => `${startsOn} <= ${q.to}`)}) p
        WHERE p.completed AND ${q.inPeriod('p.ends_on')}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
  ],
};

enum TrainingsMeasure {
  PARTICIPANTS = 'PARTICIPANTS',
  COMPLETED = 'COMPLETED',
}
registerEnumType(TrainingsMeasure, { name: 'TrainingsMeasure' });

@ObjectType('TrainingsProgress', { isAbstract: true })
abstract class GqlProgress {
  @Field(() => GqlFigure, { description: 'Active enrolments' }) participants: GqlFigure;
  @Field(() => GqlFigure, { description: 'Sessions attended per 100 sessions held (one decimal)' })
  attendanceRate: GqlFigure;
  @Field(() => GqlFigure, { description: 'Participants of trainings that have ended' }) finished: GqlFigure;
  @Field(() => GqlFigure, { description: 'Of those, completed (the trainings module’s rule)' }) completed: GqlFigure;
  @Field(() => GqlFigure, { description: 'Completed per 100 finished (one decimal)' }) completionRate: GqlFigure;
}

@ObjectType('TrainingsByTraining')
class GqlByTraining extends GqlProgress {
  @Field() trainingId: string;
  @Field() title: string;
  @Field() skill: string;
  @Field() providerName: string;
  @Field() venueRegionCode: string;
  @Field() startsOn: string;
  @Field() endsOn: string;
}

@ObjectType('TrainingsBySkill')
class GqlBySkill extends GqlProgress {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field() skill: string;
  @Field() skillName: string;
}

@ObjectType('TrainingsReport')
export class GqlTrainingsReport {}

@Resolver(() => GqlTrainingsReport)
export class TrainingsReportResolver {
  constructor(private readonly analytics: AnalyticsService) {}

  @ResolveField(() => [GqlByTraining], { description: byTraining.description })
  byTraining(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, TRAININGS_REPORT, 'byTraining');
  }

  @ResolveField(() => [GqlBySkill], { description: bySkill.description })
  bySkill(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, TRAININGS_REPORT, 'bySkill');
  }

  @ResolveField(() => [GqlSeriesPoint], { description: 'One measure per period of the filter' })
  series(
    @Ctx() ctx: RequestContext,
    @Parent() r: ReportParent,
    @Args('measure', { type: () => TrainingsMeasure }) measure: TrainingsMeasure,
    @Args('byRegion', { defaultValue: false, description: 'One point per period and area' }) byRegion: boolean,
  ): Promise<GqlSeriesPoint[]> {
    return this.analytics.seriesOf(ctx, r.filter, TRAININGS_REPORT, measure, byRegion);
  }
}
