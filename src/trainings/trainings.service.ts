import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { presentFields } from '../common/validation/present-fields';
import { Role } from '../identity/permissions';
import { ScopeCondition, ScopePolicy } from '../identity/scope-policy.service';
import { Organization } from '../organizations/organization.entity';
import { Region } from '../regions/region.entity';
import {
  AddSessionDto,
  CancelSessionDto,
  CreateTrainingDto,
  ListTrainingsQuery,
  SessionResponse,
  SkillList,
  TrainingResponse,
} from './dto/training.dto';
import { Training, TrainingEnrolment, TrainingSession, TrainingSkill, Weekday } from './training.entities';
import { TrainingErrorCode } from './trainings.errors';
import { completedTrainingExists } from './training-completion';

/** getUTCDay() order. */
const DAY_CODES: Weekday[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** Bounds the generated schedule: a training is a course, not a standing programme. */
const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;

/** Trainings and their sessions: create, read, list, add or cancel a session. Enrolment lives in EnrolmentsService. */
@Injectable()
export class TrainingsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
  ) {}

  async skills(ctx: RequestContext): Promise<SkillList> {
    const rows = await this.tx
      .manager(ctx)
      .getRepository(TrainingSkill)
      .find({ where: { active: true }, order: { sortOrder: 'ASC' } });
    return { data: rows.map((s) => ({ code: s.code, name: s.name, nameEn: s.nameEn })) };
  }

  async create(ctx: RequestContext, dto: CreateTrainingDto): Promise<TrainingResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const providerId = dto.providerOrganizationId ?? principal.organizationId;
      const provider = await em.getRepository(Organization).findOne({ where: { id: providerId } });
      if (!provider || !provider.active)
        throw new AppException(TrainingErrorCode.TRAINING_PROVIDER_INVALID, { id: providerId });
      this.scope.assertCanWriteOrganization(ctx, provider);
      if (!(await em.getRepository(TrainingSkill).exists({ where: { code: dto.skill, active: true } }))) {
        throw new AppException(TrainingErrorCode.TRAINING_UNKNOWN_SKILL, { skill: dto.skill }, [
          { field: 'skill', message: { id: 'tidak dikenal', en: 'is not known' } },
        ]);
      }
      const village = await em.getRepository(Region).findOne({ where: { code: dto.venue.villageCode } });
      if (village?.level !== 'VILLAGE') {
        throw new AppException(TrainingErrorCode.TRAINING_VILLAGE_INVALID, { code: dto.venue.villageCode }, [
          { field: 'venue.villageCode', message: { id: 'bukan kode desa/kelurahan', en: 'is not a village code' } },
        ]);
      }
      if (dto.endsOn < dto.startsOn) {
        dateError('endsOn', { id: 'tidak boleh sebelum startsOn', en: 'must not be before startsOn' });
      }
      if (daysBetween(dto.startsOn, dto.endsOn) > MAX_PERIOD_DAYS) {
        dateError('endsOn', {
          id: `paling lama ${MAX_PERIOD_DAYS} hari setelah startsOn`,
          en: `must be at most ${MAX_PERIOD_DAYS} days after startsOn`,
        });
      }
      const dates = scheduleDates(dto.startsOn, dto.endsOn, dto.weekdays);
      if (dates.length === 0) {
        throw new AppException(TrainingErrorCode.TRAINING_NO_SESSIONS, { weekdays: dto.weekdays.join(', ') });
      }
      const repository = em.getRepository(Training);
      const saved = await repository.save(
        repository.create({
          providerOrganizationId: provider.id,
          skillCode: dto.skill,
          title: dto.title,
          villageCode: dto.venue.villageCode,
          place: dto.venue.place,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
          weekdays: DAY_CODES.filter((d) => dto.weekdays.includes(d)),
          capacity: dto.capacity,
          facilitators: dto.facilitators,
          minAttendancePercent: dto.minAttendancePercent ?? 75,
          createdBy: principal.id,
        }),
      );
      await em
        .getRepository(TrainingSession)
        .insert(dates.map((heldOn) => ({ trainingId: saved.id, heldOn, status: 'SCHEDULED' as const })));
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'training',
        resourceId: saved.id,
        changedFields: presentFields(dto),
      });
      return this.view(em, saved);
    });
  }

  async get(ctx: RequestContext, id: string): Promise<TrainingResponse> {
    const em = this.tx.manager(ctx);
    return this.view(em, await this.load(ctx, em, id));
  }

  async list(ctx: RequestContext, query: ListTrainingsQuery): Promise<Page<TrainingResponse>> {
    const em = this.tx.manager(ctx);
    const condition = this.condition(ctx, 't');
    const qb = em.getRepository(Training).createQueryBuilder('t').where(condition.sql, condition.params);
    if (query.skill) qb.andWhere('t.skill_code = :skill', { skill: query.skill });
    if (query.providerOrganizationId) {
      qb.andWhere('t.provider_organization_id = :provider', { provider: query.providerOrganizationId });
    }
    const page = await paginate(
      qb,
      query,
      [
        { expression: 't.startsOn', value: (t) => t.startsOn, type: 'string' },
        { expression: 't.id', value: (t) => t.id, type: 'string' },
      ],
      (t) => t,
    );
    return { data: await this.views(em, page.data), page: page.page };
  }

  async addSession(ctx: RequestContext, id: string, dto: AddSessionDto): Promise<SessionResponse> {
    return this.tx.run(ctx, async (em) => {
      const training = await this.loadWritable(ctx, em, id);
      if (dto.date < training.startsOn || dto.date > training.endsOn) {
        dateError('date', {
          id: `harus di antara ${training.startsOn} dan ${training.endsOn}`,
          en: `must be between ${training.startsOn} and ${training.endsOn}`,
        });
      }
      const repository = em.getRepository(TrainingSession);
      // A cancelled day stays on record (its attendance too), so it cannot be added again.
      if (await repository.exists({ where: { trainingId: training.id, heldOn: dto.date } })) {
        throw new AppException(TrainingErrorCode.TRAINING_SESSION_EXISTS, { date: dto.date });
      }
      const saved = await repository.save(repository.create({ trainingId: training.id, heldOn: dto.date }));
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'training-session',
        resourceId: saved.id,
        changedFields: ['date'],
      });
      return sessionView(saved);
    });
  }

  async cancelSession(
    ctx: RequestContext,
    id: string,
    sessionId: string,
    dto: CancelSessionDto,
  ): Promise<SessionResponse> {
    return this.tx.run(ctx, async (em) => {
      const training = await this.loadWritable(ctx, em, id);
      const session = await this.loadSession(em, training, sessionId);
      if (session.status === 'CANCELLED') {
        throw new AppException(TrainingErrorCode.TRAINING_SESSION_CANCELLED, { id: session.id });
      }
      session.status = 'CANCELLED';
      session.cancelReason = dto.reason ?? null;
      const saved = await em.getRepository(TrainingSession).save(session);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'training-session',
        resourceId: saved.id,
        changedFields: ['status', ...presentFields(dto)],
      });
      return sessionView(saved);
    });
  }

  /** A training the caller may see, or 404 (missing, malformed id and out of scope alike). */
  async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<Training> {
    if (!isUuid(id)) throw new AppException(TrainingErrorCode.TRAINING_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.condition(ctx, 't');
    const qb = em
      .getRepository(Training)
      .createQueryBuilder('t')
      .where('t.id = :id', { id })
      .andWhere(condition.sql, condition.params);
    if (lock) qb.setLock('pessimistic_write');
    const found = await qb.getOne();
    if (!found) throw new AppException(TrainingErrorCode.TRAINING_NOT_FOUND, { id });
    return found;
  }

  /** Visible, locked, and its provider writable by the caller: what changing the schedule or attendance needs. */
  async loadWritable(ctx: RequestContext, em: EntityManager, id: string): Promise<Training> {
    const training = await this.load(ctx, em, id, true);
    const provider = await em
      .getRepository(Organization)
      .findOneOrFail({ where: { id: training.providerOrganizationId } });
    this.scope.assertCanWriteOrganization(ctx, provider);
    return training;
  }

  /** A session of this training, or 404: a session of another training is not found here. */
  async loadSession(em: EntityManager, training: Training, sessionId: string): Promise<TrainingSession> {
    const session = isUuid(sessionId)
      ? await em.getRepository(TrainingSession).findOne({ where: { id: sessionId, trainingId: training.id } })
      : null;
    if (!session) throw new AppException(TrainingErrorCode.TRAINING_SESSION_NOT_FOUND, { id: sessionId.slice(0, 40) });
    return session;
  }

  /**
   * Who sees a training (kept simple, docs/empowerment-trainings.md): province roles every training of a provider in
   * their province; everyone else the trainings their organisation provides or has enrolled people in; regency
   * offices and UPTs also those held in their regency, so they can find a partner's training to enrol people into.
   */
  condition(ctx: RequestContext, alias: string): ScopeCondition {
    const principal = this.scope.principal(ctx);
    if (this.scope.isProvinceWide(principal)) {
      return {
        sql: `${alias}.provider_organization_id IN (SELECT id FROM organizations WHERE region_code LIKE :scopeProvince)`,
        params: { scopeProvince: `${this.scope.provinceOf(principal)}%` },
      };
    }
    const own = `${alias}.provider_organization_id = :scopeOrganization OR EXISTS (SELECT 1 FROM training_enrolments se
      WHERE se.training_id = ${alias}.id AND se.enrolled_by_organization_id = :scopeOrganization)`;
    if (principal.role === Role.REGENCY_OPERATOR || principal.role === Role.UPT_STAFF) {
      return {
        sql: `(${own} OR ${alias}.village_code LIKE :scopeRegency)`,
        params: { scopeOrganization: principal.organizationId, scopeRegency: `${principal.regionCode.slice(0, 4)}%` },
      };
    }
    return { sql: `(${own})`, params: { scopeOrganization: principal.organizationId } };
  }

  async view(em: EntityManager, training: Training): Promise<TrainingResponse> {
    return (await this.views(em, [training]))[0];
  }

  async views(em: EntityManager, trainings: Training[]): Promise<TrainingResponse[]> {
    if (trainings.length === 0) return [];
    const ids = trainings.map((t) => t.id);
    const sessions = await em
      .getRepository(TrainingSession)
      .find({ where: { trainingId: In(ids) }, order: { heldOn: 'ASC' } });
    const counts: { training_id: string; n: number }[] = await em.query(
      `SELECT training_id, count(*)::int AS n FROM training_enrolments
       WHERE training_id = ANY($1::uuid[]) AND status = 'ACTIVE' GROUP BY training_id`,
      [ids],
    );
    const enrolled = new Map(counts.map((c) => [c.training_id, c.n]));
    return trainings.map((t) => ({
      id: t.id,
      providerOrganizationId: t.providerOrganizationId,
      skill: t.skillCode,
      title: t.title,
      venue: { villageCode: t.villageCode, place: t.place },
      startsOn: t.startsOn,
      endsOn: t.endsOn,
      weekdays: t.weekdays,
      capacity: t.capacity,
      enrolled: enrolled.get(t.id) ?? 0,
      facilitators: t.facilitators,
      minAttendancePercent: t.minAttendancePercent,
      sessions: sessions.filter((s) => s.trainingId === t.id).map(sessionView),
      version: t.version,
      createdAt: t.createdAt,
    }));
  }

  /** The local day at the training's venue: sessions and completion are counted in its calendar. */
  today(training: Training): string {
    return todayIn(timeZoneOfRegion(training.villageCode));
  }

  /**
   * Whether the person completed any training (for grant criteria): the training has ended at its venue and the
   * person attended at least its minimum share of the sessions held. Same rule as EnrolmentsService progress, in SQL
   * (src/trainings/training-completion.ts, shared with the analytics funnel).
   */
  async hasCompletedTraining(em: EntityManager, personId: string): Promise<boolean> {
    const [row]: { completed: boolean }[] = await em.query(`SELECT ${completedTrainingExists('$1')} AS completed`, [
      personId,
    ]);
    return row?.completed ?? false;
  }

  /** Active enrolments of a training; used under the training's row lock so capacity holds. */
  async activeEnrolments(em: EntityManager, trainingId: string): Promise<number> {
    return em.getRepository(TrainingEnrolment).count({ where: { trainingId, status: 'ACTIVE' } });
  }
}

function sessionView(s: TrainingSession): SessionResponse {
  return { id: s.id, date: s.heldOn, status: s.status };
}

function dateError(field: string, reason: { id: string; en: string }): never {
  throw new AppException(TrainingErrorCode.TRAINING_DATE_INVALID, { field, reason }, [{ field, message: reason }]);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Every day of the period falling on one of the weekdays, in order. */
export function scheduleDates(startsOn: string, endsOn: string, weekdays: readonly Weekday[]): string[] {
  const out: string[] = [];
  const end = Date.parse(`${endsOn}T00:00:00Z`);
  for (let day = Date.parse(`${startsOn}T00:00:00Z`); day <= end; day += DAY_MS) {
    const date = new Date(day);
    if (weekdays.includes(DAY_CODES[date.getUTCDay()])) out.push(date.toISOString().slice(0, 10));
  }
  return out;
}

/** The day `days` before a YYYY-MM-DD date. */
export function minusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}
