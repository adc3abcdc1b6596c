import { registerErrors } from '../common/errors/app-exception';

export enum TrainingErrorCode {
  TRAINING_NOT_FOUND = 'TRAINING_NOT_FOUND',
  TRAINING_SESSION_NOT_FOUND = 'TRAINING_SESSION_NOT_FOUND',
  TRAINING_ENROLMENT_NOT_FOUND = 'TRAINING_ENROLMENT_NOT_FOUND',
  TRAINING_UNKNOWN_SKILL = 'TRAINING_UNKNOWN_SKILL',
  TRAINING_VILLAGE_INVALID = 'TRAINING_VILLAGE_INVALID',
  TRAINING_PROVIDER_INVALID = 'TRAINING_PROVIDER_INVALID',
  TRAINING_DATE_INVALID = 'TRAINING_DATE_INVALID',
  TRAINING_NO_SESSIONS = 'TRAINING_NO_SESSIONS',
  TRAINING_SESSION_EXISTS = 'TRAINING_SESSION_EXISTS',
  TRAINING_SESSION_CANCELLED = 'TRAINING_SESSION_CANCELLED',
  TRAINING_SESSION_IN_FUTURE = 'TRAINING_SESSION_IN_FUTURE',
  TRAINING_FULL = 'TRAINING_FULL',
  TRAINING_ALREADY_ENROLLED = 'TRAINING_ALREADY_ENROLLED',
  TRAINING_NOT_ELIGIBLE = 'TRAINING_NOT_ELIGIBLE',
  TRAINING_OVERRIDE_NOT_ALLOWED = 'TRAINING_OVERRIDE_NOT_ALLOWED',
  TRAINING_ENROLMENT_MISMATCH = 'TRAINING_ENROLMENT_MISMATCH',
}

export const TRAINING_ERRORS = registerErrors<TrainingErrorCode>({
  TRAINING_NOT_FOUND: {
    status: 404,
    title: { id: 'Pelatihan tidak ditemukan', en: 'Training not found' },
    detail: { id: 'Pelatihan {id} tidak ditemukan.', en: 'Training {id} was not found.' },
  },
  TRAINING_SESSION_NOT_FOUND: {
    status: 404,
    title: { id: 'Sesi tidak ditemukan', en: 'Session not found' },
    detail: { id: 'Sesi {id} tidak ada dalam pelatihan ini.', en: 'Session {id} is not part of this training.' },
  },
  TRAINING_ENROLMENT_NOT_FOUND: {
    status: 404,
    title: { id: 'Pendaftaran tidak ditemukan', en: 'Enrolment not found' },
    detail: {
      id: 'Pendaftaran {id} tidak ada dalam pelatihan ini.',
      en: 'Enrolment {id} is not part of this training.',
    },
  },
  TRAINING_UNKNOWN_SKILL: {
    status: 422,
    title: { id: 'Keterampilan tidak dikenal', en: 'Unknown skill' },
    detail: { id: 'skill: {skill} tidak dikenal.', en: 'skill: {skill} is not known.' },
  },
  TRAINING_VILLAGE_INVALID: {
    status: 422,
    title: { id: 'Desa tidak valid', en: 'Invalid village' },
    detail: {
      id: 'venue.villageCode: {code} bukan kode desa/kelurahan.',
      en: 'venue.villageCode: {code} is not a village code.',
    },
  },
  TRAINING_PROVIDER_INVALID: {
    status: 422,
    title: { id: 'Penyelenggara tidak valid', en: 'Invalid provider' },
    detail: {
      id: 'providerOrganizationId: {id} bukan organisasi aktif.',
      en: 'providerOrganizationId: {id} is not an active organisation.',
    },
  },
  TRAINING_DATE_INVALID: {
    status: 400,
    title: { id: 'Tanggal tidak valid', en: 'Invalid date' },
    detail: { id: '{field}: {reason}', en: '{field}: {reason}' },
  },
  TRAINING_NO_SESSIONS: {
    status: 422,
    title: { id: 'Tidak ada sesi', en: 'No sessions' },
    detail: {
      id: 'Tidak ada hari {weekdays} di antara startsOn dan endsOn.',
      en: 'No {weekdays} falls between startsOn and endsOn.',
    },
  },
  TRAINING_SESSION_EXISTS: {
    status: 409,
    title: { id: 'Sesi sudah ada', en: 'Session exists' },
    detail: { id: 'Pelatihan ini sudah punya sesi pada {date}.', en: 'This training already has a session on {date}.' },
  },
  TRAINING_SESSION_CANCELLED: {
    status: 409,
    title: { id: 'Sesi dibatalkan', en: 'Session cancelled' },
    detail: { id: 'Sesi {id} sudah dibatalkan.', en: 'Session {id} is cancelled.' },
  },
  TRAINING_SESSION_IN_FUTURE: {
    status: 400,
    title: { id: 'Sesi belum berlangsung', en: 'Session in the future' },
    detail: {
      id: 'Kehadiran sesi {date} belum dapat dicatat.',
      en: 'Attendance of the session on {date} cannot be recorded yet.',
    },
  },
  TRAINING_FULL: {
    status: 409,
    title: { id: 'Pelatihan penuh', en: 'Training full' },
    detail: {
      id: 'Semua {capacity} tempat pelatihan ini sudah terisi.',
      en: 'All {capacity} places of this training are taken.',
    },
  },
  TRAINING_ALREADY_ENROLLED: {
    status: 409,
    title: { id: 'Sudah terdaftar', en: 'Already enrolled' },
    detail: {
      id: 'Orang ini sudah terdaftar di pelatihan ini.',
      en: 'This person is already enrolled in this training.',
    },
  },
  TRAINING_NOT_ELIGIBLE: {
    status: 422,
    title: { id: 'Tidak memenuhi syarat', en: 'Not eligible' },
    detail: { id: 'Syarat yang tidak dipenuhi: {rules}.', en: 'Rules not met: {rules}.' },
  },
  TRAINING_OVERRIDE_NOT_ALLOWED: {
    status: 403,
    title: { id: 'Pengecualian tidak diizinkan', en: 'Override not allowed' },
    detail: {
      id: 'Hanya pengguna dengan trainings:override yang boleh mendaftarkan dengan alasan pengecualian.',
      en: 'Only a user holding trainings:override may enrol with an override reason.',
    },
  },
  TRAINING_ENROLMENT_MISMATCH: {
    status: 422,
    title: { id: 'Pendaftaran bukan dari pelatihan ini', en: 'Enrolment of another training' },
    detail: {
      id: 'entries: pendaftaran {ids} bukan dari pelatihan ini.',
      en: 'entries: enrolments {ids} do not belong to this training.',
    },
  },
});
