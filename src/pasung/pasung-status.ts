import { LocalizedText } from '../common/i18n';

/** The statuses of a pasung case's timeline (DESIGN.md §4, the e-Pasung recap categories of DOMAIN.md §6). */
export const PASUNG_STATUSES = [
  'MASIH_TERPASUNG',
  'BEBAS_PASUNG',
  'PERAWATAN',
  'REHABILITASI',
  'KEMBALI_KE_KELUARGA',
  'REPASUNG',
  'MENINGGAL',
] as const;
export type PasungStatus = (typeof PASUNG_STATUSES)[number];

/** A case is opened because someone was found shackled: first time, or again after a release before our records. */
export const INITIAL_STATUSES = ['MASIH_TERPASUNG', 'REPASUNG'] as const satisfies readonly PasungStatus[];
export type InitialStatus = (typeof INITIAL_STATUSES)[number];

/** Death ends the timeline. */
export const FINAL_STATUS: PasungStatus = 'MENINGGAL';

/** Statuses of someone no longer in shackles, from which care, return home or re-shackling can follow. */
const RELEASED: readonly PasungStatus[] = ['BEBAS_PASUNG', 'PERAWATAN', 'REHABILITASI', 'KEMBALI_KE_KELUARGA'];

export interface TransitionRule {
  /** Stable name of the rule, sent as `rule` in the problem so programs can tell the rules apart. */
  name: string;
  /** The statuses the target may follow. */
  from: readonly PasungStatus[];
  text: LocalizedText;
}

/**
 * What each status may follow. Written per target status, because each target has one reason ("freed only while
 * shackled", "re-shackled only after a release"), and that reason is what the caller needs to read.
 */
export const TRANSITION_RULES: Record<PasungStatus, TransitionRule> = {
  MASIH_TERPASUNG: {
    name: 'STILL_SHACKLED_ONLY_BEFORE_RELEASE',
    from: ['MASIH_TERPASUNG'],
    text: {
      id: 'MASIH_TERPASUNG hanya mengikuti MASIH_TERPASUNG (kunjungan ulang); setelah dibebaskan, dipasung lagi dicatat REPASUNG',
      en: 'MASIH_TERPASUNG only follows MASIH_TERPASUNG (a later visit); shackled again after a release is REPASUNG',
    },
  },
  BEBAS_PASUNG: {
    name: 'RELEASE_ONLY_WHEN_SHACKLED',
    from: ['MASIH_TERPASUNG', 'REPASUNG'],
    text: {
      id: 'BEBAS_PASUNG hanya setelah MASIH_TERPASUNG atau REPASUNG',
      en: 'BEBAS_PASUNG only follows MASIH_TERPASUNG or REPASUNG',
    },
  },
  PERAWATAN: {
    name: 'CARE_ONLY_AFTER_RELEASE',
    from: RELEASED,
    text: {
      id: 'PERAWATAN hanya setelah dibebaskan (BEBAS_PASUNG, PERAWATAN, REHABILITASI, KEMBALI_KE_KELUARGA)',
      en: 'PERAWATAN only follows a release (BEBAS_PASUNG, PERAWATAN, REHABILITASI, KEMBALI_KE_KELUARGA)',
    },
  },
  REHABILITASI: {
    name: 'CARE_ONLY_AFTER_RELEASE',
    from: RELEASED,
    text: {
      id: 'REHABILITASI hanya setelah dibebaskan (BEBAS_PASUNG, PERAWATAN, REHABILITASI, KEMBALI_KE_KELUARGA)',
      en: 'REHABILITASI only follows a release (BEBAS_PASUNG, PERAWATAN, REHABILITASI, KEMBALI_KE_KELUARGA)',
    },
  },
  KEMBALI_KE_KELUARGA: {
    name: 'RETURN_ONLY_FROM_RELEASE_OR_CARE',
    from: ['BEBAS_PASUNG', 'PERAWATAN', 'REHABILITASI'],
    text: {
      id: 'KEMBALI_KE_KELUARGA hanya setelah BEBAS_PASUNG, PERAWATAN atau REHABILITASI',
      en: 'KEMBALI_KE_KELUARGA only follows BEBAS_PASUNG, PERAWATAN or REHABILITASI',
    },
  },
  REPASUNG: {
    name: 'REPASUNG_ONLY_AFTER_RELEASE',
    from: [...RELEASED, 'REPASUNG'],
    text: {
      id: 'REPASUNG hanya setelah dibebaskan (BEBAS_PASUNG, PERAWATAN, REHABILITASI, KEMBALI_KE_KELUARGA) atau REPASUNG',
      en: 'REPASUNG only follows a release (BEBAS_PASUNG, PERAWATAN, REHABILITASI, KEMBALI_KE_KELUARGA) or REPASUNG',
    },
  },
  MENINGGAL: {
    name: 'DEATH_FROM_ANY_STATUS',
    from: PASUNG_STATUSES.filter((s) => s !== 'MENINGGAL'),
    text: { id: 'MENINGGAL dapat mengikuti status apa pun', en: 'MENINGGAL may follow any status' },
  },
};

export type TransitionCheck =
  | { ok: true }
  | { ok: false; kind: 'FINAL' }
  | { ok: false; kind: 'NOT_ALLOWED'; rule: TransitionRule; allowed: PasungStatus[] };

/** Whether `to` may follow the current status `from`. Pure, so it is tested on its own (pasung-status.spec.ts). */
export function checkTransition(from: PasungStatus, to: PasungStatus): TransitionCheck {
  if (from === FINAL_STATUS) return { ok: false, kind: 'FINAL' };
  const rule = TRANSITION_RULES[to];
  if (rule.from.includes(from)) return { ok: true };
  return { ok: false, kind: 'NOT_ALLOWED', rule, allowed: nextStatuses(from) };
}

/** The statuses that may follow `from`, in timeline order. */
export function nextStatuses(from: PasungStatus): PasungStatus[] {
  return PASUNG_STATUSES.filter((to) => from !== FINAL_STATUS && TRANSITION_RULES[to].from.includes(from));
}

/** Which optional details of an event belong to which status. */
export const DETAIL_STATUS = {
  releaseTeam: ['BEBAS_PASUNG'],
  hospitalName: ['PERAWATAN'],
  uptOrganizationId: ['REHABILITASI'],
  causeOfDeath: ['MENINGGAL'],
  caseId: ['PERAWATAN', 'REHABILITASI'],
} as const satisfies Record<string, readonly PasungStatus[]>;
export type PasungDetailField = keyof typeof DETAIL_STATUS;
