/**
 * The referral lifecycle (DESIGN.md §4, after the HL7 Gravity referral task), as one table that the service, the
 * documentation and the model-based test all read. Pure: no database.
 */
export const REFERRAL_STATUSES = [
  'REQUESTED',
  'ACCEPTED',
  'REJECTED',
  'CANCELLED',
  'IN_PROGRESS',
  'ON_HOLD',
  'COMPLETED',
  'FAILED',
  'EXPIRED',
  'ENTERED_IN_ERROR',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_ACTIONS = [
  'accept',
  'reject',
  'cancel',
  'start',
  'hold',
  'resume',
  'complete',
  'fail',
  'entered-in-error',
] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

export type ReferralSide = 'sender' | 'receiver';

interface Transition {
  side: ReferralSide;
  from: readonly ReferralStatus[];
  to: ReferralStatus;
}

const ALL_BUT_ERROR = REFERRAL_STATUSES.filter((s) => s !== 'ENTERED_IN_ERROR');

/** Who may take each action, from which states, and where it leads. `expire` is the system's, not an action. */
export const REFERRAL_TRANSITIONS: Record<ReferralAction, Transition> = {
  accept: { side: 'receiver', from: ['REQUESTED'], to: 'ACCEPTED' },
  reject: { side: 'receiver', from: ['REQUESTED'], to: 'REJECTED' },
  cancel: { side: 'sender', from: ['REQUESTED'], to: 'CANCELLED' },
  start: { side: 'receiver', from: ['ACCEPTED'], to: 'IN_PROGRESS' },
  hold: { side: 'receiver', from: ['IN_PROGRESS'], to: 'ON_HOLD' },
  resume: { side: 'receiver', from: ['ON_HOLD'], to: 'IN_PROGRESS' },
  complete: { side: 'receiver', from: ['IN_PROGRESS', 'ON_HOLD'], to: 'COMPLETED' },
  fail: { side: 'receiver', from: ['IN_PROGRESS', 'ON_HOLD'], to: 'FAILED' },
  // A mistake can be withdrawn by whoever made it, whatever happened since.
  'entered-in-error': { side: 'sender', from: ALL_BUT_ERROR, to: 'ENTERED_IN_ERROR' },
};

/** States no action leaves, except entered-in-error. */
export const FINAL_STATUSES: ReadonlySet<ReferralStatus> = new Set([
  'REJECTED',
  'CANCELLED',
  'COMPLETED',
  'FAILED',
  'EXPIRED',
  'ENTERED_IN_ERROR',
]);

/** Referrals that still involve the receiver (they see the person through them). */
export const LIVE_STATUSES: readonly ReferralStatus[] = ['REQUESTED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'];

export type TransitionCheck =
  | { ok: true; to: ReferralStatus }
  | { ok: false; reason: 'WRONG_STATE'; allowed: ReferralAction[] }
  | { ok: false; reason: 'WRONG_SIDE'; side: ReferralSide };

/** The actions allowed from a state (for either side): what a 409 lists. */
export function allowedActions(status: ReferralStatus): ReferralAction[] {
  return REFERRAL_ACTIONS.filter((a) => REFERRAL_TRANSITIONS[a].from.includes(status));
}

/**
 * Checks an action. The state is checked first: an action impossible from this state is 409 whoever asks; a
 * possible action by the wrong side is 403.
 */
export function checkTransition(status: ReferralStatus, action: ReferralAction, side: ReferralSide): TransitionCheck {
  const transition = REFERRAL_TRANSITIONS[action];
  if (!transition.from.includes(status)) return { ok: false, reason: 'WRONG_STATE', allowed: allowedActions(status) };
  if (transition.side !== side) return { ok: false, reason: 'WRONG_SIDE', side: transition.side };
  return { ok: true, to: transition.to };
}

export const REJECTION_REASONS = [
  'NO_CAPACITY',
  'NOT_ELIGIBLE',
  'OUT_OF_SERVICE_AREA',
  'SERVICE_NOT_OFFERED',
  'DUPLICATE',
  'PERSON_DECLINED',
  'INCOMPLETE_INFORMATION',
  'OTHER',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const REJECTION_REASON_NAMES: Record<RejectionReason, { id: string; en: string }> = {
  NO_CAPACITY: { id: 'Kapasitas penuh', en: 'No capacity' },
  NOT_ELIGIBLE: { id: 'Tidak memenuhi syarat layanan', en: 'Not eligible for the service' },
  OUT_OF_SERVICE_AREA: { id: 'Di luar wilayah layanan', en: 'Outside the service area' },
  SERVICE_NOT_OFFERED: { id: 'Layanan tidak tersedia', en: 'Service not offered' },
  DUPLICATE: { id: 'Rujukan ganda', en: 'Duplicate referral' },
  PERSON_DECLINED: { id: 'Yang bersangkutan menolak', en: 'The person declined' },
  INCOMPLETE_INFORMATION: { id: 'Informasi tidak lengkap', en: 'Incomplete information' },
  OTHER: { id: 'Lainnya (lihat catatan)', en: 'Other (see the note)' },
};

export const PRIORITIES = ['ROUTINE', 'URGENT', 'EMERGENCY'] as const;
export type Priority = (typeof PRIORITIES)[number];
