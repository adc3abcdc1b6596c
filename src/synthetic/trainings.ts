import { scheduleDates } from '../trainings/trainings.service';
import { addDays, maxDate } from './calendar';
import { CasePlan, CasesPlan, staffName } from './cases';
import { SeedContext } from './context';
import { CopyValue } from './copy';
import { GrantsPlan } from './grants';
import { OrganizationsPlan, OrgPlan } from './organizations';
import { PeoplePlan, PersonPlan } from './people';
import { RegencyRef, VillageRef } from './reference';
import { SECTOR_SKILL, TRAINING_TITLES } from './texts';

const WEEKDAY_SETS: ReadonlyArray<readonly string[]> = [
  ['MON', 'WED', 'FRI'],
  ['TUE', 'THU'],
  ['MON', 'TUE', 'WED', 'THU', 'FRI'],
  ['SAT'],
];
const OVERRIDE = 'Peserta dari keluarga penerima manfaat; dinilai layak oleh pendamping';

export interface EnrolmentPlan {
  id: string;
  person: PersonPlan;
  enrolledOn: string;
  failedRules: string[];
  /** Share of sessions attended; a grant's trainee attends enough to complete (GrantCriteria reads completion). */
  rate: number;
  mustComplete: boolean;
}

export interface TrainingPlan {
  index: number;
  id: string;
  provider: OrgPlan;
  regency: RegencyRef;
  skill: string;
  title: string;
  village: VillageRef;
  place: string;
  startsOn: string;
  endsOn: string;
  weekdays: string[];
  capacity: number;
  facilitators: string[];
  enrolments: EnrolmentPlan[];
}

export class TrainingsPlan {
  readonly trainings: TrainingPlan[] = [];
  private readonly byRegency = new Map<string, TrainingPlan[]>();
  private readonly created = new Map<string, number>();

  constructor(
    private readonly ctx: SeedContext,
    private readonly people: PeoplePlan,
    private readonly cases: CasesPlan,
    private readonly orgs: OrganizationsPlan,
    private readonly grants: GrantsPlan,
  ) {}

  plan(): void {
    const { ctx } = this;
    // Grants whose skill is a completed training: one that ended before the proposal, in the person's regency.
    for (const g of this.grants.grants) {
      if (!g.wantsTraining || g.noSkill) continue;
      const skill = SECTOR_SKILL[g.sector];
      const person = g.person;
      const from = addDays(g.submittedOn, -365);
      const to = addDays(g.submittedOn, -14);
      let training = (this.byRegency.get(g.regencyCode) ?? []).find(
        (t) =>
          t.skill === skill &&
          t.endsOn >= from &&
          t.endsOn <= to &&
          t.enrolments.length < t.capacity &&
          addDays(t.startsOn, -14) >= person.registeredOn &&
          !t.enrolments.some((e) => e.person === person),
      );
      if (!training && (this.created.get(g.regencyCode) ?? 0) < ctx.config.trainingsPerRegency) {
        const prng = ctx.prng('grant-training', g.index);
        const endsOn = addDays(g.submittedOn, -prng.int(14, 150));
        const length = prng.int(20, 45);
        const startsOn = addDays(endsOn, -length);
        if (addDays(startsOn, -14) >= person.registeredOn) {
          training = this.add(this.orgs.byRegency.get(g.regencyCode)!.office, person.regency, skill, startsOn, endsOn);
        }
      }
      if (!training) continue;
      this.enrol(training, person, true);
      g.trained = true;
    }
    // Trainings of NGOs, community groups and UPTs, and a few upcoming ones of regency offices.
    const providers = [
      ...[...this.orgs.byRegency.values()].flatMap((r) => [...r.ngos, ...r.groups]),
      ...this.orgs.upts,
    ];
    const skills = Object.keys(TRAINING_TITLES);
    for (let k = 0; k < ctx.config.partnerTrainings && providers.length > 0; k++) {
      const prng = ctx.prng('partner-training', k);
      const provider = providers[k % providers.length];
      const regency = ctx.ref.regencyByCode.get(provider.regencyCode ?? provider.regionCode.slice(0, 4))!;
      const startsOn = addDays(ctx.asOf, -prng.int(-40, 4 * 365));
      this.add(provider, regency, prng.pick(skills), startsOn, addDays(startsOn, prng.int(14, 45)));
    }
    // Seats left are offered to eks klien of the regency (or the UPT's residents), then to other PPKS.
    for (const t of this.trainings) this.fill(t);
  }

  private add(provider: OrgPlan, regency: RegencyRef, skill: string, startsOn: string, endsOn: string): TrainingPlan {
    const { ctx } = this;
    const index = this.trainings.length;
    const prng = ctx.prng('training', index);
    const village =
      provider.regionCode.length === 10
        ? regency.villages.find((v) => v.code === provider.regionCode)!
        : prng.pick(regency.villages);
    let weekdays = [...prng.pick(WEEKDAY_SETS)];
    if (scheduleDates(startsOn, endsOn, weekdays as never).length === 0)
      weekdays = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
    const training: TrainingPlan = {
      index,
      id: ctx.id('training', index),
      provider,
      regency,
      skill,
      title: `${prng.pick(TRAINING_TITLES[skill])} ${startsOn.slice(0, 4)}`,
      village,
      place:
        provider.type === 'REGENCY_OFFICE'
          ? `Aula ${provider.name}`
          : provider.type === 'UPT'
            ? `Ruang keterampilan ${provider.name}`
            : `Balai Desa ${village.name}`,
      startsOn,
      endsOn,
      weekdays,
      capacity: prng.int(15, 30),
      facilitators: Array.from({ length: prng.int(1, 2) }, (_, i) => staffName(ctx, provider, i + 2)),
      enrolments: [],
    };
    this.trainings.push(training);
    this.byRegency.set(regency.code, [...(this.byRegency.get(regency.code) ?? []), training]);
    this.created.set(
      regency.code,
      (this.created.get(regency.code) ?? 0) + (provider.type === 'REGENCY_OFFICE' ? 1 : 0),
    );
    return training;
  }

  private fill(t: TrainingPlan): void {
    const { ctx } = this;
    const prng = ctx.prng('training-fill', t.index);
    const target = Math.round(t.capacity * (ctx.scale === 'small' ? 0.3 : 0.55 + prng.next() * 0.4));
    const enrolOn = addDays(t.startsOn, -7);
    if (enrolOn > ctx.asOf) return;
    const candidates: PersonPlan[] =
      t.provider.type === 'UPT'
        ? this.residentsOf(t.provider)
            .filter((c) => this.cases.openOn([c], enrolOn))
            .map((c) => c.person)
        : (this.cases.communityByRegency.get(t.regency.code) ?? [])
            .filter((c) => this.cases.openOn([c], enrolOn))
            .map((c) => c.person);
    const pool = prng.sample(candidates, target);
    for (const person of pool) {
      if (
        t.enrolments.length < target &&
        person.registeredOn <= enrolOn &&
        !t.enrolments.some((e) => e.person === person)
      )
        this.enrol(t, person, false);
    }
    // The rest of the seats: other PPKS of the regency, enrolled with an override.
    let tries = 0;
    while (t.enrolments.length < target && tries++ < target * 3) {
      const person = this.people.persons[prng.int(0, this.people.persons.length - 1)];
      if (
        person.regency !== t.regency ||
        person.kind !== 'GENERAL' ||
        person.registeredOn > enrolOn ||
        person.birthDate > addDays(enrolOn, -16 * 365)
      )
        continue;
      if (t.enrolments.some((e) => e.person === person)) continue;
      this.enrol(t, person, false);
    }
  }

  private enrol(t: TrainingPlan, person: PersonPlan, mustComplete: boolean): void {
    const { ctx } = this;
    const prng = ctx.prng('enrolment', `${t.index}:${t.enrolments.length}`);
    const enrolledOn = maxDate(person.registeredOn, addDays(t.startsOn, -prng.int(1, 14)));
    // Eligibility (docs/empowerment-trainings.md): an open case and a STABLE stability assessment within 90 days.
    const open: CasePlan | undefined = this.cases.openOn(this.casesOf(person), enrolledOn);
    let failedRules: string[] = ['NO_OPEN_CASE', 'NO_RECENT_STABLE_ASSESSMENT'];
    if (open) {
      open.extraAssessments.push({
        on: maxDate(open.openedOn, addDays(enrolledOn, -prng.int(3, 60))),
        result: 'STABLE',
      });
      failedRules = [];
    }
    t.enrolments.push({
      id: ctx.id('enrolment', `${t.index}:${t.enrolments.length}`),
      person,
      enrolledOn,
      failedRules,
      rate: mustComplete
        ? 0.92
        : prng.weighted([
            [0.95, 60],
            [0.8, 25],
            [0.45, 15],
          ] as const),
      mustComplete,
    });
  }

  private residents?: Map<OrgPlan, CasePlan[]>;
  /** Residential cases by UPT. */
  private residentsOf(upt: OrgPlan): CasePlan[] {
    if (!this.residents) {
      this.residents = new Map();
      for (const c of this.cases.cases) {
        if (c.kind !== 'RESIDENTIAL') continue;
        const list = this.residents.get(c.org);
        if (list) list.push(c);
        else this.residents.set(c.org, [c]);
      }
    }
    return this.residents.get(upt) ?? [];
  }

  private casesOf(person: PersonPlan): readonly CasePlan[] {
    return this.cases.of(person);
  }
}

interface SessionPlan {
  id: string;
  heldOn: string;
  cancelled: boolean;
}

function sessionsOf(ctx: SeedContext, t: TrainingPlan): SessionPlan[] {
  const prng = ctx.prng('sessions', t.index);
  return scheduleDates(t.startsOn, t.endsOn, t.weekdays as never).map((heldOn) => ({
    id: ctx.id('session', `${t.index}:${heldOn}`),
    heldOn,
    cancelled: prng.chance(0.04),
  }));
}

export const TRAINING_COLUMNS = [
  'id',
  'provider_organization_id',
  'skill_code',
  'title',
  'village_code',
  'place',
  'starts_on',
  'ends_on',
  'weekdays',
  'capacity',
  'facilitators',
  'min_attendance_percent',
  'version',
  'created_at',
  'updated_at',
];

export function* trainingRows(ctx: SeedContext, plan: TrainingsPlan): Generator<CopyValue[]> {
  for (const t of plan.trainings) {
    const at = ctx.at(
      addDays(t.startsOn, -30) < ctx.asOf ? addDays(t.startsOn, -30) : ctx.asOf,
      t.regency.provinceCode,
    );
    yield [
      t.id,
      t.provider.id,
      t.skill,
      t.title,
      t.village.code,
      t.place,
      t.startsOn,
      t.endsOn,
      t.weekdays,
      t.capacity,
      t.facilitators,
      75,
      1,
      at,
      at,
    ];
  }
}

export const SESSION_COLUMNS = ['id', 'training_id', 'held_on', 'status', 'cancel_reason', 'created_at'];

export function* sessionRows(ctx: SeedContext, plan: TrainingsPlan): Generator<CopyValue[]> {
  for (const t of plan.trainings) {
    const at = ctx.at(
      addDays(t.startsOn, -30) < ctx.asOf ? addDays(t.startsOn, -30) : ctx.asOf,
      t.regency.provinceCode,
    );
    for (const s of sessionsOf(ctx, t)) {
      yield [
        s.id,
        t.id,
        s.heldOn,
        s.cancelled ? 'CANCELLED' : 'SCHEDULED',
        s.cancelled ? 'Fasilitator berhalangan; sesi diganti hari lain' : null,
        at,
      ];
    }
  }
}

export const ENROLMENT_COLUMNS = [
  'id',
  'training_id',
  'person_id',
  'enrolled_by_organization_id',
  'status',
  'failed_rules',
  'override_reason',
  'created_at',
];

export function* enrolmentRows(ctx: SeedContext, plan: TrainingsPlan): Generator<CopyValue[]> {
  for (const t of plan.trainings) {
    for (const e of t.enrolments) {
      yield [
        e.id,
        t.id,
        e.person.id,
        t.provider.id,
        'ACTIVE',
        e.failedRules,
        e.failedRules.length > 0 ? OVERRIDE : null,
        ctx.at(e.enrolledOn, t.regency.provinceCode),
      ];
    }
  }
}

export const ATTENDANCE_COLUMNS = ['session_id', 'enrolment_id', 'present', 'recorded_at'];

/** Attendance of the sessions held by the data set's day; a grant's trainee reaches the 75 % completion mark. */
export function* attendanceRows(ctx: SeedContext, plan: TrainingsPlan): Generator<CopyValue[]> {
  for (const t of plan.trainings) {
    const held = sessionsOf(ctx, t).filter((s) => !s.cancelled && s.heldOn <= ctx.asOf);
    for (const e of t.enrolments) {
      const prng = ctx.prng('attendance', e.id);
      const present = held.map(() => prng.chance(e.rate));
      if (e.mustComplete) {
        for (let i = 0; i < present.length && present.filter(Boolean).length * 100 < 75 * present.length; i++)
          present[i] = true;
      }
      for (const [i, s] of held.entries()) yield [s.id, e.id, present[i], ctx.at(s.heldOn, t.regency.provinceCode)];
    }
  }
}
