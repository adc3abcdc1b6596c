import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AssessmentsService } from '../cases/assessments.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { presentFields } from '../common/validation/present-fields';
import { AppConfig } from '../config/app-config';
import { Permission } from '../identity/permissions';
import { ScopePolicy } from '../identity/scope-policy.service';
import { PersonsService } from '../persons/persons.service';
import {
  AttendanceResponse,
  EnrolDto,
  EnrolmentResponse,
  ParticipantList,
  RecordAttendanceDto,
} from './dto/training.dto';
import { EligibilityRule, Training, TrainingEnrolment } from './training.entities';
import { isCompleted } from './training-completion';
import { TrainingErrorCode } from './trainings.errors';
import { minusDays, TrainingsService } from './trainings.service';

export const TRAINING_READ_PURPOSE = 'TRAINING';

interface ProgressRow {
  id: string;
  training_id: string;
  person_id: string;
  full_name: string;
  enrolled_by_organization_id: string;
  status: 'ACTIVE';
  failed_rules: EligibilityRule[];
  override_reason: string | null;
  created_at: Date;
  held: number;
  attended: number;
}

/** Enrolment with eligibility and capacity, attendance, and the computed progress and completion of participants. */
@Injectable()
export class EnrolmentsService {
  constructor(
    private readonly tx: Tx,
    private readonly trainings: TrainingsService,
    private readonly persons: PersonsService,
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly scope: ScopePolicy,
  ) {}

  async enrol(ctx: RequestContext, trainingId: string, dto: EnrolDto): Promise<EnrolmentResponse> {
    // About the caller, not the data: refused before anything is looked up.
    if (dto.overrideReason !== undefined && !ctx.principal?.permissions.has(Permission.TRAININGS_OVERRIDE)) {
      throw new AppException(TrainingErrorCode.TRAINING_OVERRIDE_NOT_ALLOWED);
    }
    return this.tx.run(ctx, async (em) => {
      // The row lock serialises enrolments of one training, so the count below cannot be raced past capacity.
      const training = await this.trainings.load(ctx, em, trainingId, true);
      // Only someone who may see the person enrols them: a partner provider usually cannot (404), the regency
      // office or UPT that holds the person's case does it.
      const person = await this.persons.load(ctx, em, dto.personId);
      this.persons.assertWritable(person);
      const repository = em.getRepository(TrainingEnrolment);
      if (await repository.exists({ where: { trainingId: training.id, personId: person.id } })) {
        throw new AppException(TrainingErrorCode.TRAINING_ALREADY_ENROLLED);
      }
      if ((await this.trainings.activeEnrolments(em, training.id)) >= training.capacity) {
        throw new AppException(TrainingErrorCode.TRAINING_FULL, { capacity: training.capacity });
      }
      const rules = await this.failedRules(em, person.id, this.trainings.today(training));
      if (rules.length > 0 && dto.overrideReason === undefined) {
        throw new AppException(
          TrainingErrorCode.TRAINING_NOT_ELIGIBLE,
          { rules: rules.join(', ') },
          undefined,
          undefined,
          {
            rules,
          },
        );
      }
      const saved = await repository.save(
        repository.create({
          trainingId: training.id,
          personId: person.id,
          enrolledByOrganizationId: this.scope.principal(ctx).organizationId,
          failedRules: rules,
          // A reason given for an eligible person overrides nothing; it is not kept as if it did.
          overrideReason: rules.length > 0 ? (dto.overrideReason ?? null) : null,
          createdBy: ctx.principal?.id ?? null,
        }),
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'training-enrolment',
        resourceId: saved.id,
        personId: person.id,
        changedFields: rules.length > 0 ? [...presentFields(dto), 'failedRules'] : ['personId'],
        purpose: rules.length > 0 ? 'TRAINING_OVERRIDE' : TRAINING_READ_PURPOSE,
      });
      return (await this.progress(em, training, saved.id))[0];
    });
  }

  async get(ctx: RequestContext, trainingId: string, enrolmentId: string): Promise<EnrolmentResponse> {
    const em = this.tx.manager(ctx);
    const training = await this.trainings.load(ctx, em, trainingId);
    const [found] = isUuid(enrolmentId) ? await this.progress(em, training, enrolmentId) : [];
    if (!found) {
      throw new AppException(TrainingErrorCode.TRAINING_ENROLMENT_NOT_FOUND, { id: enrolmentId.slice(0, 40) });
    }
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'training-enrolment',
      resourceId: found.id,
      personId: found.personId,
      purpose: TRAINING_READ_PURPOSE,
    });
    return found;
  }

  /** Every participant with progress; bounded by the capacity (≤ 500), so one page. Each person read is audited. */
  async participants(ctx: RequestContext, trainingId: string): Promise<ParticipantList> {
    const em = this.tx.manager(ctx);
    const training = await this.trainings.load(ctx, em, trainingId);
    const data = await this.progress(em, training);
    await this.audit.recordMany(
      ctx,
      data.map((e) => ({
        action: 'READ',
        resourceType: 'training-enrolment',
        resourceId: e.id,
        personId: e.personId,
        purpose: TRAINING_READ_PURPOSE,
      })),
    );
    return { data };
  }

  /** Presence of many participants at one session in one call; recording again overwrites (upsert). */
  async recordAttendance(
    ctx: RequestContext,
    trainingId: string,
    sessionId: string,
    dto: RecordAttendanceDto,
  ): Promise<AttendanceResponse> {
    return this.tx.run(ctx, async (em) => {
      const training = await this.trainings.loadWritable(ctx, em, trainingId);
      const session = await this.trainings.loadSession(em, training, sessionId);
      if (session.status === 'CANCELLED') {
        throw new AppException(TrainingErrorCode.TRAINING_SESSION_CANCELLED, { id: session.id });
      }
      if (session.heldOn > this.trainings.today(training)) {
        throw new AppException(TrainingErrorCode.TRAINING_SESSION_IN_FUTURE, { date: session.heldOn });
      }
      const ids = dto.entries.map((e) => e.enrolmentId);
      const enrolments = await em
        .getRepository(TrainingEnrolment)
        .find({ where: { id: In(ids), trainingId: training.id } });
      const personOf = new Map(enrolments.map((e) => [e.id, e.personId]));
      const foreign = ids.filter((id) => !personOf.has(id));
      if (foreign.length > 0) {
        throw new AppException(
          TrainingErrorCode.TRAINING_ENROLMENT_MISMATCH,
          { ids: foreign.join(', ') },
          undefined,
          undefined,
          { enrolmentIds: foreign },
        );
      }
      await em.query(
        `INSERT INTO training_attendance (session_id, enrolment_id, present, recorded_by)
         SELECT $1, e.id, e.present, $4 FROM unnest($2::uuid[], $3::boolean[]) AS e (id, present)
         ON CONFLICT (session_id, enrolment_id)
         DO UPDATE SET present = EXCLUDED.present, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
        [session.id, ids, dto.entries.map((e) => e.present), ctx.principal?.id ?? null],
      );
      await this.audit.recordMany(
        ctx,
        dto.entries.map((e) => ({
          action: 'UPDATE',
          resourceType: 'training-attendance',
          resourceId: `${session.id}:${e.enrolmentId}`,
          personId: personOf.get(e.enrolmentId) ?? null,
          changedFields: ['present'],
        })),
      );
      return { sessionId: session.id, recorded: ids.length, present: dto.entries.filter((e) => e.present).length };
    });
  }

  /** The eligibility rules (docs/empowerment-trainings.md) the person fails today, each named. */
  async failedRules(em: EntityManager, personId: string, today: string): Promise<EligibilityRule[]> {
    const rules: EligibilityRule[] = [];
    const [open]: { open: boolean }[] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM cases WHERE person_id = $1 AND status = 'OPEN') AS open`,
      [personId],
    );
    if (!open?.open) rules.push('NO_OPEN_CASE');
    const since = minusDays(today, this.config.trainingStabilityDays);
    const latest = await this.assessments.latestStability(em, personId, since);
    if (latest?.result !== 'STABLE') rules.push('NO_RECENT_STABLE_ASSESSMENT');
    return rules;
  }

  /** Progress of one or every enrolment of a training, computed from sessions and attendance in one query. */
  /**
   * Participants of several trainings the caller has already been shown (a GraphQL page, which went through the
   * scope): one query per local "today" (at most one per province) instead of one per training; audited per person.
   */
  async participantsOf(ctx: RequestContext, trainingIds: readonly string[]): Promise<Map<string, EnrolmentResponse[]>> {
    const em = this.tx.manager(ctx);
    const trainings = await em.getRepository(Training).find({ where: { id: In([...trainingIds]) } });
    const byToday = new Map<string, Training[]>();
    for (const training of trainings) {
      const today = this.trainings.today(training);
      byToday.set(today, [...(byToday.get(today) ?? []), training]);
    }
    const result = new Map<string, EnrolmentResponse[]>(trainingIds.map((id) => [id, []]));
    for (const group of byToday.values()) {
      for (const enrolment of await this.progressOf(em, group)) result.get(enrolment.trainingId)?.push(enrolment);
    }
    const all = [...result.values()].flat();
    await this.audit.recordMany(
      ctx,
      all.map((e) => ({
        action: 'READ',
        resourceType: 'training-enrolment',
        resourceId: e.id,
        personId: e.personId,
        purpose: TRAINING_READ_PURPOSE,
      })),
    );
    return result;
  }

  private async progress(em: EntityManager, training: Training, enrolmentId?: string): Promise<EnrolmentResponse[]> {
    return this.progressOf(em, [training], enrolmentId);
  }

  /** Progress of the enrolments of trainings that share one local day (so one query serves them all). */
  private async progressOf(
    em: EntityManager,
    trainings: Training[],
    enrolmentId?: string,
  ): Promise<EnrolmentResponse[]> {
    const today = this.trainings.today(trainings[0]);
    const byId = new Map(trainings.map((t) => [t.id, t]));
    const rows: ProgressRow[] = await em.query(
      `SELECT e.id, e.training_id, e.person_id, p.full_name, e.enrolled_by_organization_id, e.status, e.failed_rules,
              e.override_reason, e.created_at,
              (SELECT count(*)::int FROM training_sessions s
                WHERE s.training_id = e.training_id AND s.status = 'SCHEDULED' AND s.held_on <= $2) AS held,
              (SELECT count(*)::int FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
                WHERE a.enrolment_id = e.id AND a.present AND s.status = 'SCHEDULED' AND s.held_on <= $2) AS attended
       FROM training_enrolments e JOIN persons p ON p.id = e.person_id
       WHERE e.training_id = ANY($1::uuid[]) AND ($3::uuid IS NULL OR e.id = $3::uuid)
       ORDER BY e.created_at, e.id`,
      [trainings.map((t) => t.id), today, enrolmentId ?? null],
    );
    return rows.map((r) => {
      const training = byId.get(r.training_id)!;
      const ended = training.endsOn < today;
      const completed = isCompleted({
        ended,
        held: r.held,
        attended: r.attended,
        minAttendancePercent: training.minAttendancePercent,
      });
      return {
        id: r.id,
        trainingId: r.training_id,
        personId: r.person_id,
        personName: r.full_name,
        enrolledByOrganizationId: r.enrolled_by_organization_id,
        status: r.status,
        failedRules: r.failed_rules,
        overrideReason: r.override_reason,
        progress: {
          sessionsHeld: r.held,
          sessionsAttended: r.attended,
          percent: r.held === 0 ? 0 : Math.floor((r.attended * 100) / r.held),
          completed,
          certificate: completed,
        },
        createdAt: r.created_at,
      };
    });
  }
}
