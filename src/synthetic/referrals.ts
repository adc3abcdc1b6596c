import {
  checkTransition,
  REFERRAL_STATUSES,
  REFERRAL_TRANSITIONS,
  ReferralAction,
  ReferralStatus,
  REJECTION_REASONS,
} from '../referrals/referral-lifecycle';
import { addDays, dayNumber, daysBetween, fromDayNumber, maxDate, minDate } from './calendar';
import { CasePlan, CasesPlan } from './cases';
import { SeedContext } from './context';
import { CopyValue } from './copy';
import { OrganizationsPlan, OrgPlan } from './organizations';
import { addConsent, PeoplePlan, PersonPlan } from './people';
import { Prng } from './prng';
import {
  COMPLETE_NOTES,
  CONSENT_OVERRIDE_REASONS,
  ENTERED_IN_ERROR_NOTE,
  FAIL_NOTES,
  HOLD_NOTES,
  REFERRAL_REASONS,
  REJECT_NOTES,
} from './texts';

type Step = ReferralAction | 'expire';

export interface ReferralPlan {
  index: number;
  key: string;
  id: string;
  person: PersonPlan;
  from: OrgPlan;
  to: OrgPlan;
  caseId: string | null;
  serviceId: string | null;
  escalationId: string | null;
  reason: string;
  priority: 'ROUTINE' | 'URGENT' | 'EMERGENCY';
  transfer: boolean;
  status: ReferralStatus;
  createdOn: string;
  consentId: string | null;
  overrideReason: string | null;
}

export interface TimelineStep {
  action: Step | 'create';
  from: ReferralStatus | null;
  to: ReferralStatus;
  note: string | null;
  at: string;
  actorOrganizationId: string | null;
  day: string;
}

// Paths to each final status (the lifecycle of src/referrals/referral-lifecycle.ts; each step is checked there).
const PATHS: Record<Exclude<ReferralStatus, 'ENTERED_IN_ERROR'>, readonly (readonly Step[])[]> = {
  REQUESTED: [[]],
  ACCEPTED: [['accept']],
  REJECTED: [['reject']],
  CANCELLED: [['cancel']],
  EXPIRED: [['expire']],
  IN_PROGRESS: [
    ['accept', 'start'],
    ['accept', 'start', 'hold', 'resume'],
  ],
  ON_HOLD: [['accept', 'start', 'hold']],
  COMPLETED: [
    ['accept', 'start', 'complete'],
    ['accept', 'start', 'hold', 'resume', 'complete'],
    ['accept', 'start', 'hold', 'complete'],
  ],
  FAILED: [
    ['accept', 'start', 'fail'],
    ['accept', 'start', 'hold', 'fail'],
  ],
};

const GAPS: Record<Step, readonly [number, number]> = {
  accept: [0, 5],
  reject: [0, 6],
  cancel: [0, 6],
  start: [0, 7],
  hold: [5, 30],
  resume: [5, 30],
  complete: [7, 60],
  fail: [7, 60],
  expire: [7, 8],
  'entered-in-error': [0, 10],
};

const OLD_WEIGHTS: ReadonlyArray<readonly [ReferralStatus, number]> = [
  ['COMPLETED', 36],
  ['IN_PROGRESS', 10],
  ['ACCEPTED', 4],
  ['ON_HOLD', 4],
  ['FAILED', 7],
  ['REJECTED', 11],
  ['CANCELLED', 6],
  ['EXPIRED', 9],
  ['ENTERED_IN_ERROR', 4],
];
// Created within the last week: still waiting for an answer, or answered quickly.
const RECENT_WEIGHTS: ReadonlyArray<readonly [ReferralStatus, number]> = [
  ['REQUESTED', 60],
  ['ACCEPTED', 20],
  ['IN_PROGRESS', 8],
  ['REJECTED', 6],
  ['CANCELLED', 4],
  ['ENTERED_IN_ERROR', 2],
];
const TRANSFER_STATUSES: readonly ReferralStatus[] = ['REJECTED', 'CANCELLED', 'EXPIRED', 'ENTERED_IN_ERROR'];

type Flow = 'AFTERCARE_PKM' | 'AFTERCARE_NGO' | 'GENERAL' | 'UPT_RSJ' | 'REGENCY_UPT' | 'TRANSFER';
const FLOWS: ReadonlyArray<readonly [Flow, number]> = [
  ['AFTERCARE_PKM', 36],
  ['AFTERCARE_NGO', 12],
  ['GENERAL', 26],
  ['UPT_RSJ', 6],
  ['REGENCY_UPT', 5],
  ['TRANSFER', 2],
];

interface Subject {
  person: PersonPlan;
  from: OrgPlan;
  to: OrgPlan;
  linked: CasePlan | null;
  window: [string, string];
  transfer: boolean;
  kind: string;
}

export class ReferralsPlan {
  readonly referrals: ReferralPlan[] = [];
  private readonly community: CasePlan[];
  private readonly residential: CasePlan[];
  private readonly general: PersonPlan[];

  constructor(
    private readonly ctx: SeedContext,
    people: PeoplePlan,
    private readonly cases: CasesPlan,
    private readonly orgs: OrganizationsPlan,
  ) {
    this.community = cases.cases.filter((c) => c.kind === 'COMMUNITY');
    this.residential = cases.cases.filter((c) => c.kind === 'RESIDENTIAL');
    this.general = people.persons.filter((p) => p.kind === 'GENERAL');
  }

  plan(): void {
    const { ctx } = this;
    // Relapses found at after-care visits and escalated as referrals (AftercareService → referrals).
    for (const c of this.community) {
      for (const e of this.cases.aftercare(c).escalations) {
        if (e.status !== 'REFERRED') continue;
        const prng = ctx.prng('escalation-referral', e.key);
        const regency = this.orgs.byRegency.get(c.person.regency.code)!;
        const to =
          e.destination === 'RSJ'
            ? prng.pick(this.orgs.rsjByProvince.get(c.org.provinceCode)!)
            : e.destination === 'UPT'
              ? prng.pick(this.orgs.upts.filter((u) => u.provinceCode === c.org.provinceCode))
              : e.destination === 'OTHER' && regency.ngos.length > 0
                ? prng.pick(regency.ngos)
                : prng.pick(regency.puskesmas);
        this.add(
          prng,
          `esc:${e.key}`,
          {
            person: c.person,
            from: c.org,
            to,
            linked: c,
            window: [e.settledOn!, e.settledOn!],
            transfer: false,
            kind: to.rsj ? 'RSJ' : to.type,
          },
          e.id,
        );
      }
    }
    for (let k = 0; this.referrals.length < ctx.config.referrals; k++) {
      const prng = ctx.prng('referral', k);
      const coverage = this.referrals.length < 40 ? REFERRAL_STATUSES[k % REFERRAL_STATUSES.length] : null;
      const subject = this.subject(prng, prng.weighted(FLOWS));
      if (!subject) continue;
      const referral = this.add(prng, `r:${k}`, subject, null, coverage);
      if (referral) this.maybeReferBack(prng, referral, k);
    }
  }

  private subject(prng: Prng, flow: Flow): Subject | null {
    const { ctx } = this;
    const asOf = ctx.asOf;
    const caseWindow = (c: CasePlan, from = c.openedOn): [string, string] => [
      maxDate(from, c.person.registeredOn),
      c.closedOn ? minDate(addDays(c.closedOn, -1), asOf) : asOf,
    ];
    if (flow === 'UPT_RSJ') {
      const c = prng.pick(this.residential);
      const rsj = this.orgs.rsjByProvince.get(c.org.provinceCode)!;
      return {
        person: c.person,
        from: c.org,
        to: prng.pick(rsj),
        linked: c,
        window: caseWindow(c, c.residence!.admittedOn),
        transfer: false,
        kind: 'RSJ',
      };
    }
    if (flow === 'GENERAL') {
      const person = prng.pick(this.general);
      const regency = this.orgs.byRegency.get(person.regency.code)!;
      const partners = [...regency.puskesmas, ...regency.ngos, ...regency.groups];
      const to = prng.pick(partners);
      return {
        person,
        from: regency.office,
        to,
        linked: null,
        window: [person.registeredOn, asOf],
        transfer: false,
        kind: to.type,
      };
    }
    const c = prng.pick(this.community);
    const regency = this.orgs.byRegency.get(c.person.regency.code)!;
    let to: OrgPlan;
    let transfer = false;
    switch (flow) {
      case 'AFTERCARE_PKM':
        to = prng.pick(regency.puskesmas);
        break;
      case 'AFTERCARE_NGO': {
        const partners = [...regency.ngos, ...regency.groups];
        to = partners.length > 0 ? prng.pick(partners) : prng.pick(regency.puskesmas);
        break;
      }
      case 'REGENCY_UPT':
        to = prng.pick(this.orgs.upts.filter((u) => u.provinceCode === c.org.provinceCode));
        break;
      case 'TRANSFER': {
        const offices = [...this.orgs.byRegency.values()]
          .map((r) => r.office)
          .filter((o) => o.provinceCode === c.org.provinceCode && o !== c.org);
        to = prng.pick(offices);
        transfer = true;
        break;
      }
    }
    return {
      person: c.person,
      from: c.org,
      to,
      linked: c,
      window: caseWindow(c),
      transfer,
      kind: to.rsj ? 'RSJ' : to.type,
    };
  }

  private add(
    prng: Prng,
    key: string,
    s: Subject,
    escalationId: string | null,
    coverage: ReferralStatus | null = null,
  ): ReferralPlan | null {
    const { ctx } = this;
    let [from, to] = s.window;
    if (from > to) return null;
    let status: ReferralStatus = coverage ?? 'REQUESTED';
    if (coverage) {
      // The first referrals show every status: a REQUESTED one must be younger than its 7-day deadline.
      if (s.transfer && !TRANSFER_STATUSES.includes(coverage) && coverage !== 'REQUESTED') return null;
      if (coverage === 'REQUESTED') from = maxDate(from, addDays(ctx.asOf, -5));
      else to = minDate(to, addDays(ctx.asOf, -70));
      if (from > to) return null;
    }
    const createdOn = fromDayNumber(dayNumber(from) + prng.int(0, dayNumber(to) - dayNumber(from)));
    const recent = daysBetween(createdOn, ctx.asOf) < 7;
    if (!coverage) {
      status = prng.weighted(recent ? RECENT_WEIGHTS : OLD_WEIGHTS);
      if (s.transfer) status = recent ? 'REQUESTED' : prng.pick(TRANSFER_STATUSES);
      if (status === 'EXPIRED' && daysBetween(createdOn, ctx.asOf) < 8) status = 'REJECTED';
    }
    const consentCovered = prng.chance(0.93);
    let consentId: string | null = null;
    if (consentCovered) {
      const existing = s.person.consents.find(
        (c) =>
          c.purpose === 'REFERRAL' &&
          c.recipientOrganizationId === s.to.id &&
          c.givenOn <= createdOn &&
          (c.expiresOn === null || c.expiresOn >= createdOn),
      );
      consentId = (existing ?? addConsent(ctx, s.person, 'REFERRAL', s.to.id, createdOn, s.from.id, `referral:${key}`))
        .id;
    }
    const referral: ReferralPlan = {
      index: this.referrals.length,
      key,
      id: ctx.id('referral', key),
      person: s.person,
      from: s.from,
      to: s.to,
      caseId: s.linked && (escalationId || s.transfer || s.kind === 'RSJ' || prng.chance(0.7)) ? s.linked.id : null,
      serviceId: s.to.services.length > 0 && prng.chance(0.7) ? prng.pick(s.to.services).id : null,
      escalationId,
      reason: s.transfer
        ? 'Klien pindah domisili; mohon pengalihan bimbingan lanjut'
        : prng.pick(REFERRAL_REASONS[s.kind] ?? REFERRAL_REASONS.NGO),
      priority: escalationId
        ? prng.weighted([
            ['URGENT', 70],
            ['EMERGENCY', 30],
          ] as const)
        : prng.weighted([
            ['ROUTINE', 80],
            ['URGENT', 17],
            ['EMERGENCY', 3],
          ] as const),
      transfer: s.transfer,
      status,
      createdOn,
      consentId,
      overrideReason: consentId ? null : prng.pick(CONSENT_OVERRIDE_REASONS),
    };
    this.referrals.push(referral);
    if (referral.caseId && s.linked)
      s.linked.referred.push({
        on: createdOn,
        referralId: referral.id,
        toOrganizationId: s.to.id,
        transfer: s.transfer,
      });
    return referral;
  }

  /** A partner serving a person refers them on to the regency office while its own referral is under way. */
  private maybeReferBack(prng: Prng, original: ReferralPlan, k: number): void {
    if (original.to.type === 'REGENCY_OFFICE' || original.to.type === 'UPT' || !prng.chance(0.25)) return;
    const steps = referralTimeline(this.ctx, original);
    const startIndex = steps.findIndex((s) => s.action === 'start');
    if (startIndex < 0) return;
    const start = steps[startIndex];
    // The partner sees the person only while its referral is live (ScopePolicy.persons).
    const end =
      steps.slice(startIndex + 1).find((s) => s.to !== 'IN_PROGRESS' && s.to !== 'ON_HOLD')?.day ??
      addDays(this.ctx.asOf, 1);
    const office = this.orgs.byRegency.get(original.person.regency.code)!.office;
    this.add(
      prng,
      `back:${k}`,
      {
        person: original.person,
        from: original.to,
        to: office,
        linked: null,
        window: [start.day, minDate(addDays(end, -1), this.ctx.asOf)],
        transfer: false,
        kind: 'REGENCY_OFFICE',
      },
      null,
    );
  }
}

/**
 * The events of a referral from creation to its status: who acted, when, with which note. Derived from the
 * referral alone, checked step by step against the lifecycle table, and fitted before the data set's day.
 */
export function referralTimeline(ctx: SeedContext, r: ReferralPlan): TimelineStep[] {
  const prng = ctx.prng('referral-timeline', r.key);
  let path: Step[];
  if (r.status === 'ENTERED_IN_ERROR') {
    const base = r.transfer
      ? prng.pick(['REQUESTED', 'REJECTED', 'CANCELLED'] as const)
      : prng.pick(['REQUESTED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'REJECTED', 'CANCELLED'] as const);
    path = [...prng.pick(PATHS[base]), 'entered-in-error'];
  } else {
    path = [...prng.pick(PATHS[r.status])];
  }
  const available = daysBetween(r.createdOn, ctx.asOf);
  const gaps = path.map((step) => prng.int(...GAPS[step]));
  const flexible = gaps.reduce((sum, g, i) => sum + (path[i] === 'expire' ? 0 : g), 0);
  const fixed = gaps.reduce((sum, g, i) => sum + (path[i] === 'expire' ? g : 0), 0);
  if (fixed + flexible > available) {
    // Squeeze the flexible gaps so the last event falls on or before the data set's day.
    const room = Math.max(0, available - fixed);
    for (let i = 0; i < gaps.length; i++)
      if (path[i] !== 'expire') gaps[i] = Math.floor((gaps[i] * room) / Math.max(1, flexible));
  }
  const province = r.from.provinceCode;
  const startMinutes = prng.int(8 * 60, 13 * 60);
  const steps: TimelineStep[] = [
    {
      action: 'create',
      from: null,
      to: 'REQUESTED',
      note: null,
      at: at(r.createdOn, startMinutes, province),
      actorOrganizationId: r.from.id,
      day: r.createdOn,
    },
  ];
  let status: ReferralStatus = 'REQUESTED';
  let day = r.createdOn;
  for (const [i, step] of path.entries()) {
    day = addDays(day, gaps[i]);
    let to: ReferralStatus;
    if (step === 'expire') {
      to = 'EXPIRED';
    } else {
      const side = REFERRAL_TRANSITIONS[step].side;
      const check = checkTransition(status, step, side);
      if (!check.ok) throw new Error(`referral path ${path.join(' → ')} breaks the lifecycle at ${step}`);
      to = check.to;
    }
    const note =
      step === 'reject'
        ? prng.pick(REJECT_NOTES)
        : step === 'hold'
          ? prng.pick(HOLD_NOTES)
          : step === 'complete'
            ? prng.pick(COMPLETE_NOTES)
            : step === 'fail'
              ? prng.pick(FAIL_NOTES)
              : step === 'entered-in-error'
                ? ENTERED_IN_ERROR_NOTE
                : null;
    const actor = step === 'expire' ? null : REFERRAL_TRANSITIONS[step].side === 'sender' ? r.from.id : r.to.id;
    // The expiry job runs after the deadline, on the minute; the others during the day, in order.
    const minutes = step === 'expire' ? startMinutes + 1 : startMinutes + (i + 1) * 11;
    steps.push({
      action: step,
      from: status,
      to,
      note,
      at: at(day, minutes, province),
      actorOrganizationId: actor,
      day,
    });
    status = to;
  }
  if (status !== r.status) throw new Error(`referral ${r.key}: path ends in ${status}, planned ${r.status}`);
  return steps;
}

function at(day: string, minutes: number, province: string): string {
  const m = Math.min(minutes, 23 * 60 + 59);
  return `${day} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00${province === '64' ? '+08' : '+07'}`;
}

export const REFERRAL_COLUMNS = [
  'id',
  'from_organization_id',
  'to_organization_id',
  'person_id',
  'case_id',
  'service_id',
  'escalation_id',
  'reason',
  'priority',
  'transfer',
  'status',
  'status_changed_at',
  'respond_by',
  'rejection_reason_code',
  'status_note',
  'outcome_note',
  'consent_id',
  'consent_override_reason',
  'version',
  'created_at',
  'updated_at',
];

export function* referralRows(ctx: SeedContext, plan: ReferralsPlan): Generator<CopyValue[]> {
  for (const r of plan.referrals) {
    const steps = referralTimeline(ctx, r);
    const first = steps[0];
    const last = steps[steps.length - 1];
    const rejected = steps.some((s) => s.action === 'reject');
    const statusNote =
      [...steps].reverse().find((s) => s.note && s.action !== 'complete' && s.action !== 'fail')?.note ?? null;
    const outcomeNote = steps.find((s) => s.action === 'complete' || s.action === 'fail')?.note ?? null;
    const prng = ctx.prng('referral-row', r.key);
    const respondBy = `${addDays(r.createdOn, 7)}${first.at.slice(10)}`;
    yield [
      r.id,
      r.from.id,
      r.to.id,
      r.person.id,
      r.caseId,
      r.serviceId,
      r.escalationId,
      r.reason,
      r.priority,
      r.transfer,
      r.status,
      last.at,
      respondBy,
      rejected ? prng.pick(REJECTION_REASONS) : null,
      statusNote,
      outcomeNote,
      r.consentId,
      r.overrideReason,
      steps.length,
      first.at,
      last.at,
    ];
  }
}

export const REFERRAL_EVENT_COLUMNS = [
  'id',
  'referral_id',
  'action',
  'from_status',
  'to_status',
  'note',
  'actor_organization_id',
  'occurred_at',
];

export function* referralEventRows(ctx: SeedContext, plan: ReferralsPlan): Generator<CopyValue[]> {
  for (const r of plan.referrals) {
    for (const [i, s] of referralTimeline(ctx, r).entries()) {
      yield [
        ctx.id('referral-event', `${r.key}:${i}`),
        r.id,
        s.action,
        s.from,
        s.to,
        s.note,
        s.actorOrganizationId,
        s.at,
      ];
    }
  }
}
