import { registerErrors } from '../common/errors/app-exception';

/** Assessments and after-care (visits, follow-ups, escalations). Date rules reuse CASE_DATE_INVALID. */
export enum AftercareErrorCode {
  ASSESSMENT_RESULT_NOT_ALLOWED = 'ASSESSMENT_RESULT_NOT_ALLOWED',
  CASE_STAFF_USER_UNKNOWN = 'CASE_STAFF_USER_UNKNOWN',
  VISIT_CASE_NOT_COMMUNITY = 'VISIT_CASE_NOT_COMMUNITY',
  VISIT_RELAPSE_DETAILS_WITHOUT_RELAPSE = 'VISIT_RELAPSE_DETAILS_WITHOUT_RELAPSE',
  FOLLOW_UP_NOT_FOUND = 'FOLLOW_UP_NOT_FOUND',
  FOLLOW_UP_NOT_PENDING = 'FOLLOW_UP_NOT_PENDING',
  ESCALATION_NOT_FOUND = 'ESCALATION_NOT_FOUND',
  ESCALATION_NOT_OPEN = 'ESCALATION_NOT_OPEN',
}

export const AFTERCARE_ERRORS = registerErrors<AftercareErrorCode>({
  ASSESSMENT_RESULT_NOT_ALLOWED: {
    status: 400,
    title: { id: 'Hasil asesmen tidak sesuai jenisnya', en: 'Result not allowed for the assessment kind' },
    detail: {
      id: 'result: hasil asesmen {kind} harus salah satu dari {allowed}.',
      en: 'result: a {kind} assessment must have one of these results: {allowed}.',
    },
  },
  CASE_STAFF_USER_UNKNOWN: {
    status: 422,
    title: { id: 'Petugas tidak dikenal', en: 'Unknown staff user' },
    detail: {
      id: '{field}: {id} bukan pengguna aktif organisasi pengelola kasus.',
      en: "{field}: {id} is not an active user of the case's managing organisation.",
    },
  },
  VISIT_CASE_NOT_COMMUNITY: {
    status: 409,
    title: { id: 'Bukan kasus komunitas', en: 'Not a community case' },
    detail: {
      id: 'Kunjungan bimbingan lanjut hanya untuk kasus COMMUNITY; kasus ini {kind}.',
      en: 'After-care visits are recorded on COMMUNITY cases only; this case is {kind}.',
    },
  },
  VISIT_RELAPSE_DETAILS_WITHOUT_RELAPSE: {
    status: 400,
    title: { id: 'Rincian kambuh tanpa kambuh', en: 'Relapse details without a relapse' },
    detail: {
      id: '{field} hanya boleh diisi bila relapse bernilai true.',
      en: '{field} may only be given when relapse is true.',
    },
  },
  FOLLOW_UP_NOT_FOUND: {
    status: 422,
    title: { id: 'Jadwal kunjungan tidak dikenal', en: 'Unknown follow-up' },
    detail: {
      id: 'followUpId: {id} bukan jadwal kunjungan kasus ini.',
      en: 'followUpId: {id} is not a scheduled follow-up of this case.',
    },
  },
  FOLLOW_UP_NOT_PENDING: {
    status: 409,
    title: { id: 'Jadwal kunjungan tidak menunggu', en: 'Follow-up not pending' },
    detail: {
      id: 'Jadwal kunjungan {id} sudah {status}; hanya jadwal yang menunggu dapat dipenuhi.',
      en: 'Follow-up {id} is already {status}; only a pending follow-up can be fulfilled.',
    },
  },
  ESCALATION_NOT_FOUND: {
    status: 404,
    title: { id: 'Eskalasi tidak ditemukan', en: 'Escalation not found' },
    detail: { id: 'Eskalasi {id} tidak ditemukan.', en: 'Escalation {id} was not found.' },
  },
  ESCALATION_NOT_OPEN: {
    status: 409,
    title: { id: 'Eskalasi tidak terbuka', en: 'Escalation not open' },
    detail: {
      id: 'Eskalasi {id} sudah {status}; hanya eskalasi OPEN yang dapat diubah.',
      en: 'Escalation {id} is already {status}; only an OPEN escalation can change.',
    },
  },
});
