import { addDays, addMonthsToDate, dayNumber, daysBetween, fromDayNumber, maxDate, minDate } from './calendar';
import { SeedContext } from './context';
import { CopyValue, json } from './copy';
import { mainEthnicity, personName } from './names';
import { OrganizationsPlan, OrgPlan } from './organizations';
import { PeoplePlan, PersonPlan } from './people';
import { Prng } from './prng';
import { RegencyRef } from './reference';
import {
  CLOSING_NOTES,
  DISCHARGE_REASONS,
  ESCALATION_RESOLUTIONS,
  LIVING_SITUATIONS,
  NEEDS_RESULTS,
  OTHER_DISCHARGE,
  phoneNumber,
  RELAPSE_FINDINGS,
  VISIT_FINDINGS,
  WARDS,
} from './texts';

export type CaseOutcome = 'MANDIRI' | 'RETURNED_TO_FAMILY' | 'REFERRED' | 'DIED' | 'LEFT' | 'OTHER';

export interface ResidencePlan {
  uptId: string;
  admittedOn: string;
  ward: string;
  dischargedOn: string | null;
  destinationVillageCode: string | null;
  receivingName: string | null;
  receivingRelation: string | null;
  receivingPhone: string | null;
  dischargeReason: string | null;
}

export interface CasePlan {
  index: number;
  id: string;
  person: PersonPlan;
  org: OrgPlan;
  kind: 'RESIDENTIAL' | 'COMMUNITY';
  ppks: string;
  severity: 'BERAT' | 'SEDANG' | 'RINGAN';
  /** The stage history: the first is the stage it opened at; the last is the current one. */
  stages: { code: string; on: string }[];
  openedOn: string;
  closedOn: string | null;
  outcome: CaseOutcome | null;
  closingNote: string | null;
  parentCaseId: string | null;
  residence: ResidencePlan | null;
  /** After-care: the day its follow-up schedule starts (discharge, or the day a community case reached it). */
  followUpsFrom: string | null;
  handoverFrom: { caseId: string; organizationId: string } | null;
  handedOverTo: { caseId: string; organizationId: string } | null;
  /** STABLE assessments the trainings plan needs before an enrolment. */
  extraAssessments: { on: string; result: 'STABLE' | 'UNSTABLE' }[];
  /** Referrals linked to the case (REFERRED events on its timeline). */
  referred: { on: string; referralId: string; toOrganizationId: string; transfer: boolean }[];
}

export interface FollowUpPlan {
  id: string;
  sequence: number;
  dueOn: string;
  visitId: string | null;
  cancelledAt: string | null;
}

export interface VisitPlan {
  id: string;
  followUpId: string | null;
  visitedOn: string;
  officerName: string;
  findings: string;
  adherence: 'YES' | 'PARTIAL' | 'NO' | 'UNKNOWN';
  living: string | null;
  relapse: boolean;
}

export interface EscalationPlan {
  id: string;
  key: string;
  visitId: string;
  openedOn: string;
  reason: string;
  destination: 'PUSKESMAS' | 'RSJ' | 'UPT' | 'OTHER';
  status: 'OPEN' | 'REFERRED' | 'RESOLVED';
  referralId: string | null;
  settledOn: string | null;
  resolution: string | null;
}

export interface AssessmentPlan {
  id: string;
  kind: 'STABILITY' | 'NEEDS' | 'SEVERITY';
  result: string;
  score: number | null;
  assessedOn: string;
  assessorName: string;
}

export interface Aftercare {
  followUps: FollowUpPlan[];
  visits: VisitPlan[];
  escalations: EscalationPlan[];
  stabilityChecks: { on: string; result: 'STABLE' | 'UNSTABLE' }[];
}

const FOLLOW_UP_VISITS = 6;
const FOLLOW_UP_INTERVAL_MONTHS = 1;

export class CasesPlan {
  readonly cases: CasePlan[] = [];
  /** Open and closed COMMUNITY cases by regency code. */
  readonly communityByRegency = new Map<string, CasePlan[]>();
  private readonly aftercareCache = new Map<number, Aftercare>();
  private readonly byPerson = new Map<PersonPlan, CasePlan[]>();
  private frozen = false;

  constructor(
    private readonly ctx: SeedContext,
    private readonly people: PeoplePlan,
    private readonly orgs: OrganizationsPlan,
  ) {}

  /** UPT stays, bed by bed, then community eks klien until the scale's number of cases is reached. */
  planResidential(): void {
    const { ctx } = this;
    const windowStart = addDays(ctx.asOf, -6 * 365);
    for (const upt of this.orgs.upts) {
      const available = upt.capacity ?? 0;
      const beds = Math.min(available, Math.max(ctx.config.minBedsPerUpt, Math.round(available * ctx.config.bedShare)));
      for (let bed = 0; bed < beds; bed++) {
        const prng = ctx.prng('bed', `${upt.code}:${bed}`);
        // Each bed is a sequence of stays with gaps, so the UPT is never over capacity on any day, past or present.
        let admit = addDays(windowStart, prng.int(0, 240));
        while (admit <= ctx.asOf) {
          const length = Math.round(Math.max(45, Math.min(1200, prng.logNormal(250, 0.55))));
          const discharge = addDays(admit, length);
          this.addStay(upt, admit, discharge > ctx.asOf ? null : discharge, length);
          admit = addDays(discharge, prng.int(2, 45));
        }
      }
    }
  }

  planCommunity(): void {
    const { ctx } = this;
    // Every regency gets its floor of eks klien first (round robin), then the rest follow the population.
    let k = 0;
    for (let round = 0; round < ctx.config.minCommunityCasesPerRegency; round++) {
      for (const regency of ctx.ref.regencies) {
        if ((this.communityByRegency.get(regency.code)?.length ?? 0) > round) continue;
        this.addCommunityOnly(regency, k++);
      }
    }
    const reserve = Math.ceil(ctx.config.pasungCases * 0.35);
    while (this.cases.length + reserve < ctx.config.cases) {
      const prng = ctx.prng('community-regency', k);
      this.addCommunityOnly(this.people.regency(prng), k++);
    }
  }

  private addStay(upt: OrgPlan, admittedOn: string, dischargedOn: string | null, length: number): void {
    const { ctx } = this;
    const index = this.cases.length;
    const prng = ctx.prng('stay', index);
    const regency = this.people.regency(prng, upt.provinceCode);
    const openedOn = addDays(admittedOn, -prng.int(0, 21));
    const fromRegency = prng.chance(0.6);
    const person = this.people.add({
      kind: 'RESIDENT',
      regency,
      registeredOn: addDays(openedOn, -prng.int(0, 20)),
      registeredBy: fromRegency ? regency.officeId : upt.id,
      ppks: [upt.ppks ?? 'PPKS-09'],
    });
    const plannedEnd = addDays(admittedOn, length);
    const stages = residentialStages(prng, openedOn, admittedOn, plannedEnd).filter((s) => s.on <= ctx.asOf);
    const severity = prng.weighted([
      ['BERAT', 35],
      ['SEDANG', 40],
      ['RINGAN', 25],
    ] as const);
    const c: CasePlan = {
      index,
      id: ctx.id('case', index),
      person,
      org: upt,
      kind: 'RESIDENTIAL',
      ppks: upt.ppks ?? 'PPKS-09',
      severity,
      stages,
      openedOn,
      closedOn: null,
      outcome: null,
      closingNote: null,
      parentCaseId: null,
      residence: {
        uptId: upt.id,
        admittedOn,
        ward: prng.pick(WARDS),
        dischargedOn: null,
        destinationVillageCode: null,
        receivingName: null,
        receivingRelation: null,
        receivingPhone: null,
        dischargeReason: null,
      },
      followUpsFrom: null,
      handoverFrom: null,
      handedOverTo: null,
      extraAssessments: [],
      referred: [],
    };
    this.push(c);
    if (!dischargedOn) return;
    const outcome = prng.weighted([
      ['RETURNED_TO_FAMILY', 86],
      ['REFERRED', 6],
      ['LEFT', 5],
      ['DIED', 3],
    ] as const);
    const residence = c.residence!;
    residence.dischargedOn = dischargedOn;
    c.closedOn = dischargedOn;
    c.outcome = outcome;
    if (outcome !== 'RETURNED_TO_FAMILY') {
      residence.dischargeReason = OTHER_DISCHARGE[outcome];
      c.closingNote = OTHER_DISCHARGE[outcome];
      return;
    }
    const reason = prng.pick(DISCHARGE_REASONS);
    residence.dischargeReason = reason;
    residence.destinationVillageCode = person.village.code;
    residence.receivingName = person.guardian?.name ?? personName(prng, person.ethnicity, 'F', 1965);
    residence.receivingRelation = person.guardian?.relation ?? 'Ibu';
    residence.receivingPhone = person.guardian?.phone ?? (prng.chance(0.6) ? phoneNumber(prng) : null);
    c.closingNote = reason;
    person.domicileMovedOn = dischargedOn;
    // The handover: a COMMUNITY case at the regency office of the destination, in after-care from that day.
    const office = this.orgs.byRegency.get(regency.code)!.office;
    const community = this.addCase(
      person,
      office,
      dischargedOn,
      [{ code: 'BIMBINGAN_LANJUT', on: dischargedOn }],
      c.severity,
      c.ppks,
    );
    community.parentCaseId = c.id;
    community.followUpsFrom = dischargedOn;
    community.handoverFrom = { caseId: c.id, organizationId: upt.id };
    c.handedOverTo = { caseId: community.id, organizationId: office.id };
    this.closeCommunity(community, prng);
  }

  private addCommunityOnly(regency: RegencyRef, k: number): void {
    const { ctx } = this;
    const prng = ctx.prng('community', k);
    // Weighted to recent years: registers fill as offices start using the system.
    const daysAgo = Math.floor(Math.pow(prng.next(), 1.4) * 5 * 365) + 1;
    const openedOn = addDays(ctx.asOf, -daysAgo);
    const person = this.people.add({ kind: 'COMMUNITY', regency, registeredOn: addDays(openedOn, -prng.int(0, 10)) });
    const office = this.orgs.byRegency.get(regency.code)!.office;
    // Most are eks klien (of a UPT before the records, or of an RSJ) in after-care; some are in community rehab.
    const afterCare = prng.chance(0.8);
    const stages = afterCare
      ? [{ code: 'BIMBINGAN_LANJUT', on: openedOn }]
      : communityStages(prng, openedOn).filter((s) => s.on <= ctx.asOf);
    const severity = prng.weighted([
      ['BERAT', 20],
      ['SEDANG', 45],
      ['RINGAN', 35],
    ] as const);
    const c = this.addCase(person, office, openedOn, stages, severity, 'PPKS-09');
    const reached = stages.find((s) => s.code === 'BIMBINGAN_LANJUT');
    c.followUpsFrom = reached?.on ?? null;
    if (reached) this.closeCommunity(c, prng);
  }

  /** A COMMUNITY case opened for a person found in pasung, once they are home again (pasung.ts). */
  addPasungCommunity(person: PersonPlan, on: string, prng: Prng): CasePlan {
    const office = this.orgs.byRegency.get(person.regency.code)!.office;
    const c = this.addCase(
      person,
      office,
      on,
      [{ code: 'BIMBINGAN_LANJUT', on }],
      prng.weighted([
        ['BERAT', 50],
        ['SEDANG', 35],
        ['RINGAN', 15],
      ] as const),
      'PPKS-09',
    );
    c.followUpsFrom = on;
    this.closeCommunity(c, prng);
    return c;
  }

  private addCase(
    person: PersonPlan,
    org: OrgPlan,
    openedOn: string,
    stages: CasePlan['stages'],
    severity: CasePlan['severity'],
    ppks: string,
  ): CasePlan {
    const index = this.cases.length;
    const c: CasePlan = {
      index,
      id: this.ctx.id('case', index),
      person,
      org,
      kind: 'COMMUNITY',
      ppks,
      severity,
      stages,
      openedOn,
      closedOn: null,
      outcome: null,
      closingNote: null,
      parentCaseId: null,
      residence: null,
      followUpsFrom: null,
      handoverFrom: null,
      handedOverTo: null,
      extraAssessments: [],
      referred: [],
    };
    this.push(c);
    const list = this.communityByRegency.get(person.regency.code) ?? [];
    list.push(c);
    this.communityByRegency.set(person.regency.code, list);
    return c;
  }

  private push(c: CasePlan): void {
    this.cases.push(c);
    const list = this.byPerson.get(c.person);
    if (list) list.push(c);
    else this.byPerson.set(c.person, [c]);
  }

  /** Every case of a person, oldest first. */
  of(person: PersonPlan): readonly CasePlan[] {
    return this.byPerson.get(person) ?? [];
  }

  /** After-care ends for about half of those a year past their schedule: independent, done, moved away, died. */
  private closeCommunity(c: CasePlan, prng: Prng): void {
    const from = c.followUpsFrom!;
    const earliest = addMonthsToDate(from, FOLLOW_UP_VISITS * FOLLOW_UP_INTERVAL_MONTHS);
    const latest = addDays(this.ctx.asOf, -1);
    if (earliest >= latest || !prng.chance(0.55)) return;
    const closedOn = addDays(earliest, prng.int(0, daysBetween(earliest, latest)));
    const outcome = prng.weighted([
      ['MANDIRI', 52],
      ['OTHER', 33],
      ['LEFT', 8],
      ['DIED', 7],
    ] as const);
    this.close(c, closedOn, outcome, CLOSING_NOTES[outcome]);
  }

  close(c: CasePlan, closedOn: string, outcome: CaseOutcome, note: string): void {
    if (this.frozen) throw new Error('cases are frozen: after-care was already derived from them');
    c.closedOn = closedOn;
    c.outcome = outcome;
    c.closingNote = note;
  }

  /** The open case of a person on a day, if any (COMMUNITY first: that is where after-care happens). */
  openOn(cases: readonly CasePlan[], day: string): CasePlan | undefined {
    return cases.find((c) => c.openedOn <= day && (c.closedOn === null || c.closedOn > day));
  }

  /**
   * The follow-ups, visits, escalations and stability checks of a case: derived from the case alone (its own
   * generator), so every pass that needs them gets the same. Closures must be final before the first call.
   */
  aftercare(c: CasePlan): Aftercare {
    this.frozen = true;
    const cached = this.aftercareCache.get(c.index);
    if (cached) return cached;
    // Recomputed by each pass that reads it (cheap), except where it has escalations, which the referrals plan
    // links to: keeping every case's after-care would hold a few hundred megabytes at province scale.
    const result = computeAftercare(this.ctx, c);
    if (result.escalations.length > 0) this.aftercareCache.set(c.index, result);
    return result;
  }

  /** Assessments of a case (derived like after-care, recomputed by the two passes that read them). */
  assessments(c: CasePlan): AssessmentPlan[] {
    return assessmentsOf(this.ctx, this, c);
  }

  /** Drops what was derived for the loading passes, once the case tables are in. */
  release(): void {
    this.aftercareCache.clear();
  }
}

function residentialStages(prng: Prng, openedOn: string, admittedOn: string, plannedEnd: string): CasePlan['stages'] {
  const asesmen = addDays(admittedOn, prng.int(5, 14));
  const rencana = addDays(asesmen, prng.int(10, 30));
  const intervensi = addDays(rencana, prng.int(7, 21));
  const terminasi = addDays(plannedEnd, -prng.int(3, 14));
  const resosialisasi = addDays(terminasi, -prng.int(20, 60));
  const steps = [
    { code: 'PENDEKATAN_AWAL', on: openedOn },
    { code: 'ASESMEN', on: asesmen },
    { code: 'RENCANA_INTERVENSI', on: rencana },
    { code: 'INTERVENSI', on: intervensi },
    { code: 'RESOSIALISASI', on: resosialisasi },
    { code: 'TERMINASI', on: terminasi },
  ];
  // A short stay squeezes the later stages: keep the dates in order.
  for (let i = 1; i < steps.length; i++)
    steps[i].on = minDate(maxDate(steps[i].on, addDays(steps[i - 1].on, 1)), addDays(plannedEnd, -(steps.length - i)));
  for (let i = 1; i < steps.length; i++) steps[i].on = maxDate(steps[i].on, addDays(steps[i - 1].on, 1));
  return steps;
}

function communityStages(prng: Prng, openedOn: string): CasePlan['stages'] {
  const steps = [{ code: 'PENDEKATAN_AWAL', on: openedOn }];
  let on = openedOn;
  for (const code of [
    'ASESMEN',
    'RENCANA_INTERVENSI',
    'INTERVENSI',
    'RESOSIALISASI',
    'TERMINASI',
    'BIMBINGAN_LANJUT',
  ]) {
    on = addDays(
      on,
      code === 'INTERVENSI' ? prng.int(14, 40) : code === 'RESOSIALISASI' ? prng.int(60, 180) : prng.int(7, 30),
    );
    steps.push({ code, on });
  }
  return steps;
}

const staffNames = new Map<string, string>();

/** A Dinas Sosial or UPT staff name (officers, assessors, witnesses): five per organisation, by its region. */
export function staffName(ctx: SeedContext, org: OrgPlan, k: number): string {
  const key = `${ctx.key}:${org.code}:${k % 5}`;
  let name = staffNames.get(key);
  if (name === undefined) {
    const prng = ctx.prng('staff', `${org.code}:${k % 5}`);
    const regency = org.regencyCode ?? (org.provinceCode === '35' ? '3578' : '6472');
    const base = personName(prng, mainEthnicity(regency), prng.chance(0.5) ? 'M' : 'F', 1985);
    name = prng.chance(0.45) ? `${base}, S.Sos.` : base;
    staffNames.set(key, name);
  }
  return name;
}

function computeAftercare(ctx: SeedContext, c: CasePlan): Aftercare {
  const empty: Aftercare = { followUps: [], visits: [], escalations: [], stabilityChecks: [] };
  if (!c.followUpsFrom) return empty;
  const prng = ctx.prng('aftercare', c.index);
  const until = c.closedOn ? minDate(c.closedOn, ctx.asOf) : ctx.asOf;
  const closedAt = c.closedOn ? ctx.at(c.closedOn, c.org.provinceCode) : null;
  const result: Aftercare = { followUps: [], visits: [], escalations: [], stabilityChecks: [] };
  for (let sequence = 1; sequence <= FOLLOW_UP_VISITS; sequence++) {
    const dueOn = addMonthsToDate(c.followUpsFrom, sequence * FOLLOW_UP_INTERVAL_MONTHS);
    const followUp: FollowUpPlan = {
      id: ctx.id('follow-up', `${c.index}:${sequence}`),
      sequence,
      dueOn,
      visitId: null,
      cancelledAt: null,
    };
    result.followUps.push(followUp);
    const visitedOn = addDays(dueOn, prng.int(-5, 10));
    if (visitedOn <= until && visitedOn > c.followUpsFrom && prng.chance(0.82)) {
      const visit = makeVisit(ctx, c, prng, result.visits.length, visitedOn, followUp.id);
      followUp.visitId = visit.id;
      result.visits.push(visit);
    } else if (closedAt) {
      // Closing a case cancels every follow-up still pending, missed or not yet due (CasesService.closeCase).
      followUp.cancelledAt = closedAt;
    }
  }
  // After the schedule, visits continue about every three months while the case stays open.
  let next = addMonthsToDate(c.followUpsFrom, FOLLOW_UP_VISITS + 3);
  for (let extra = 0; extra < 4 && next <= until; extra++) {
    const visitedOn = addDays(next, prng.int(-10, 10));
    if (visitedOn <= until) result.visits.push(makeVisit(ctx, c, prng, result.visits.length, visitedOn, null));
    next = addMonthsToDate(next, 3);
  }
  for (const [i, visit] of result.visits.entries()) {
    if (visit.relapse) {
      const key = `${c.index}:${i}`;
      // Settled only while the case is open; one found just before the data set's day (or the closure) is still open.
      const lastOpenDay = c.closedOn ? addDays(c.closedOn, -1) : ctx.asOf;
      const recent = daysBetween(visit.visitedOn, lastOpenDay) < (c.closedOn ? 5 : 20);
      const status: EscalationPlan['status'] = recent ? 'OPEN' : prng.chance(0.55) ? 'REFERRED' : 'RESOLVED';
      const settledOn = status === 'OPEN' ? null : minDate(addDays(visit.visitedOn, prng.int(1, 12)), lastOpenDay);
      result.escalations.push({
        id: ctx.id('escalation', key),
        key,
        visitId: visit.id,
        openedOn: visit.visitedOn,
        reason: visit.findings,
        destination: prng.weighted([
          ['PUSKESMAS', 50],
          ['RSJ', 40],
          ['UPT', 5],
          ['OTHER', 5],
        ] as const),
        status,
        referralId: status === 'REFERRED' ? ctx.id('referral', `esc:${key}`) : null,
        settledOn,
        resolution: status === 'RESOLVED' ? prng.pick(ESCALATION_RESOLUTIONS) : null,
      });
    }
    if (i % 2 === 1 && !visit.relapse) {
      result.stabilityChecks.push({ on: visit.visitedOn, result: visit.adherence === 'YES' ? 'STABLE' : 'UNSTABLE' });
    }
  }
  return result;
}

function makeVisit(
  ctx: SeedContext,
  c: CasePlan,
  prng: Prng,
  n: number,
  visitedOn: string,
  followUpId: string | null,
): VisitPlan {
  const relapse = prng.chance(0.06);
  return {
    id: ctx.id('visit', `${c.index}:${n}`),
    followUpId,
    visitedOn,
    officerName: staffName(ctx, c.org, prng.int(0, 4)),
    findings: relapse ? prng.pick(RELAPSE_FINDINGS) : prng.pick(VISIT_FINDINGS),
    adherence: relapse
      ? prng.weighted([
          ['NO', 70],
          ['PARTIAL', 30],
        ] as const)
      : prng.weighted([
          ['YES', 75],
          ['PARTIAL', 18],
          ['UNKNOWN', 7],
        ] as const),
    living: prng.chance(0.7) ? prng.pick(LIVING_SITUATIONS) : null,
    relapse,
  };
}

/** Assessments of a case: severity and needs at assessment, stability along the stay and the after-care. */
export function assessmentsOf(ctx: SeedContext, cases: CasesPlan, c: CasePlan): AssessmentPlan[] {
  const prng = ctx.prng('assessments', c.index);
  const out: AssessmentPlan[] = [];
  const add = (kind: AssessmentPlan['kind'], result: string, on: string, score: number | null = null) =>
    out.push({
      id: ctx.id('assessment', `${c.index}:${out.length}`),
      kind,
      result,
      score,
      assessedOn: on,
      assessorName: staffName(ctx, c.org, out.length),
    });
  const asesmen = c.stages.find((s) => s.code === 'ASESMEN');
  if (asesmen) {
    add(
      'SEVERITY',
      c.severity,
      asesmen.on,
      c.severity === 'BERAT' ? prng.int(60, 90) : c.severity === 'SEDANG' ? prng.int(35, 59) : prng.int(10, 34),
    );
    add('NEEDS', prng.pick(NEEDS_RESULTS), asesmen.on);
  }
  if (c.residence) {
    const end = c.residence.dischargedOn ?? ctx.asOf;
    let on = addDays(c.residence.admittedOn, 90);
    while (on < end) {
      const progress = daysBetween(c.residence.admittedOn, on) / Math.max(1, daysBetween(c.residence.admittedOn, end));
      add('STABILITY', prng.chance(0.3 + 0.6 * progress) ? 'STABLE' : 'UNSTABLE', on);
      on = addDays(on, prng.int(75, 120));
    }
    if (c.residence.dischargedOn && c.outcome === 'RETURNED_TO_FAMILY')
      add('STABILITY', 'STABLE', addDays(c.residence.dischargedOn, -prng.int(1, 7)));
  }
  for (const check of cases.aftercare(c).stabilityChecks) add('STABILITY', check.result, check.on);
  for (const extra of c.extraAssessments) add('STABILITY', extra.result, extra.on);
  return out;
}

export const CASE_COLUMNS = [
  'id',
  'person_id',
  'managing_organization_id',
  'kind',
  'ppks_code',
  'severity',
  'stage_code',
  'status',
  'opened_on',
  'closed_on',
  'closed_at',
  'outcome',
  'closing_note',
  'parent_case_id',
  'version',
  'created_at',
  'updated_at',
];

export function* caseRows(ctx: SeedContext, plan: CasesPlan): Generator<CopyValue[]> {
  for (const c of plan.cases) {
    const province = c.org.provinceCode;
    const closedAt = c.closedOn ? ctx.at(c.closedOn, province) : null;
    const lastChange = [c.stages[c.stages.length - 1].on, c.closedOn ?? '', ...c.referred.map((r) => r.on)]
      .sort()
      .pop()!;
    yield [
      c.id,
      c.person.id,
      c.org.id,
      c.kind,
      c.ppks,
      c.severity,
      c.stages[c.stages.length - 1].code,
      c.closedOn ? 'CLOSED' : 'OPEN',
      c.openedOn,
      c.closedOn,
      closedAt,
      c.outcome,
      c.closingNote,
      c.parentCaseId,
      c.stages.length + (c.closedOn ? 1 : 0),
      ctx.at(c.openedOn, province),
      ctx.at(lastChange, province),
    ];
  }
}

export const RESIDENCE_COLUMNS = [
  'id',
  'case_id',
  'organization_id',
  'admitted_on',
  'ward',
  'discharged_on',
  'destination_village_code',
  'receiving_name',
  'receiving_relation',
  'receiving_phone',
  'discharge_reason',
  'created_at',
];

export function* residenceRows(ctx: SeedContext, plan: CasesPlan): Generator<CopyValue[]> {
  for (const c of plan.cases) {
    const r = c.residence;
    if (!r) continue;
    yield [
      ctx.id('residence', c.index),
      c.id,
      r.uptId,
      r.admittedOn,
      r.ward,
      r.dischargedOn,
      r.destinationVillageCode,
      r.receivingName,
      r.receivingRelation,
      r.receivingPhone,
      r.dischargeReason,
      ctx.at(r.admittedOn, c.org.provinceCode),
    ];
  }
}

export const ASSESSMENT_COLUMNS = [
  'id',
  'case_id',
  'kind',
  'result',
  'score',
  'assessor_name',
  'assessed_on',
  'notes',
  'created_at',
];

export function* assessmentRows(ctx: SeedContext, plan: CasesPlan): Generator<CopyValue[]> {
  for (const c of plan.cases) {
    for (const a of plan.assessments(c)) {
      yield [
        a.id,
        c.id,
        a.kind,
        a.result,
        a.score,
        a.assessorName,
        a.assessedOn,
        null,
        ctx.at(a.assessedOn, c.org.provinceCode),
      ];
    }
  }
}

export const FOLLOW_UP_COLUMNS = ['id', 'case_id', 'sequence', 'due_on', 'cancelled_at', 'created_at'];

/** Without visit_id: visits reference follow-ups and follow-ups visits; the link is set after both are in. */
export function* followUpRows(ctx: SeedContext, plan: CasesPlan): Generator<CopyValue[]> {
  for (const c of plan.cases) {
    for (const f of plan.aftercare(c).followUps)
      yield [f.id, c.id, f.sequence, f.dueOn, f.cancelledAt, ctx.at(c.followUpsFrom!, c.org.provinceCode)];
  }
}

export const VISIT_COLUMNS = [
  'id',
  'case_id',
  'follow_up_id',
  'visited_on',
  'officer_name',
  'findings',
  'medication_adherence',
  'living_situation',
  'relapse',
  'created_at',
];

export function* visitRows(ctx: SeedContext, plan: CasesPlan): Generator<CopyValue[]> {
  for (const c of plan.cases) {
    for (const v of plan.aftercare(c).visits) {
      yield [
        v.id,
        c.id,
        v.followUpId,
        v.visitedOn,
        v.officerName,
        v.findings,
        v.adherence,
        v.living,
        v.relapse,
        ctx.at(v.visitedOn, c.org.provinceCode),
      ];
    }
  }
}

export const ESCALATION_COLUMNS = [
  'id',
  'case_id',
  'visit_id',
  'reason',
  'suggested_destination',
  'status',
  'referral_id',
  'resolved_at',
  'resolution',
  'version',
  'created_at',
  'updated_at',
];

export function* escalationRows(ctx: SeedContext, plan: CasesPlan): Generator<CopyValue[]> {
  for (const c of plan.cases) {
    for (const e of plan.aftercare(c).escalations) {
      const province = c.org.provinceCode;
      const settled = e.settledOn ? ctx.at(e.settledOn, province) : null;
      yield [
        e.id,
        c.id,
        e.visitId,
        e.reason,
        e.destination,
        e.status,
        e.referralId,
        e.status === 'RESOLVED' ? settled : null,
        e.resolution,
        e.status === 'OPEN' ? 1 : 2,
        ctx.at(e.openedOn, province),
        settled ?? ctx.at(e.openedOn, province),
      ];
    }
  }
}

export const CASE_EVENT_COLUMNS = [
  'id',
  'case_id',
  'type',
  'occurred_on',
  'note',
  'data',
  'actor_organization_id',
  'created_at',
];

/** Every change of a case as an event on its timeline, in date order, with the data the services record. */
export function* caseEventRows(ctx: SeedContext, plan: CasesPlan): Generator<CopyValue[]> {
  for (const c of plan.cases) {
    const events: { on: string; type: string; note: string | null; data: Record<string, unknown>; order: number }[] =
      [];
    const add = (on: string, type: string, data: Record<string, unknown>, note: string | null = null) =>
      events.push({ on, type, note, data, order: events.length });
    const first = c.stages[0];
    if (c.handoverFrom) {
      add(c.openedOn, 'HANDOVER_RECEIVED', {
        fromCaseId: c.handoverFrom.caseId,
        fromOrganizationId: c.handoverFrom.organizationId,
      });
    } else {
      add(c.openedOn, 'OPENED', { kind: c.kind, stage: first.code, organizationId: c.org.id });
    }
    for (let i = 1; i < c.stages.length; i++)
      add(c.stages[i].on, 'STAGE_CHANGED', { from: c.stages[i - 1].code, to: c.stages[i].code });
    if (c.residence)
      add(c.residence.admittedOn, 'ADMITTED', { organizationId: c.residence.uptId, ward: c.residence.ward });
    for (const a of plan.assessments(c)) {
      add(a.assessedOn, 'ASSESSED', { assessmentId: a.id, kind: a.kind, result: a.result });
    }
    const care = plan.aftercare(c);
    if (c.followUpsFrom) add(c.followUpsFrom, 'FOLLOW_UPS_SCHEDULED', { dueOn: care.followUps.map((f) => f.dueOn) });
    for (const v of care.visits)
      add(v.visitedOn, 'VISITED', {
        visitId: v.id,
        followUpId: v.followUpId,
        medicationAdherence: v.adherence,
        relapse: v.relapse,
      });
    for (const e of care.escalations) {
      add(e.openedOn, 'ESCALATED', { escalationId: e.id, visitId: e.visitId, suggestedDestination: e.destination });
      if (e.status !== 'OPEN')
        add(e.settledOn!, 'ESCALATION_RESOLVED', { escalationId: e.id, status: e.status, referralId: e.referralId });
    }
    for (const r of c.referred)
      add(r.on, 'REFERRED', { referralId: r.referralId, toOrganizationId: r.toOrganizationId, transfer: r.transfer });
    if (c.residence?.dischargedOn) {
      const r = c.residence;
      add(
        r.dischargedOn!,
        'DISCHARGED',
        { destinationVillageCode: r.destinationVillageCode, receivingRelation: r.receivingRelation },
        r.dischargeReason,
      );
      if (c.handedOverTo)
        add(r.dischargedOn!, 'HANDED_OVER', {
          toCaseId: c.handedOverTo.caseId,
          toOrganizationId: c.handedOverTo.organizationId,
        });
    }
    if (c.closedOn) add(c.closedOn, 'CLOSED', { outcome: c.outcome }, c.closingNote);
    events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.order - b.order));
    const province = c.org.provinceCode;
    for (const [i, e] of events.entries()) {
      yield [
        ctx.id('case-event', `${c.index}:${i}`),
        c.id,
        e.type,
        e.on,
        e.note,
        json(e.data),
        c.org.id,
        ctx.at(e.on, province),
      ];
    }
  }
}

/** Day arithmetic re-exported for the other plans. */
export { dayNumber, fromDayNumber };
