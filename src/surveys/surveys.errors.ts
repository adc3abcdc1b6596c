import { registerErrors } from '../common/errors/app-exception';

export enum SurveyErrorCode {
  SURVEY_NOT_FOUND = 'SURVEY_NOT_FOUND',
  SURVEY_LINK_NOT_FOUND = 'SURVEY_LINK_NOT_FOUND',
  SURVEY_OUTSIDE_SCOPE = 'SURVEY_OUTSIDE_SCOPE',
  SURVEY_SERVICE_INACTIVE = 'SURVEY_SERVICE_INACTIVE',
  SURVEY_CLOSED = 'SURVEY_CLOSED',
  SURVEY_INVALID_PERIOD = 'SURVEY_INVALID_PERIOD',
}

export const SURVEY_ERRORS = registerErrors<SurveyErrorCode>({
  SURVEY_NOT_FOUND: {
    status: 404,
    title: { id: 'Survei tidak ditemukan', en: 'Survey not found' },
    detail: { id: 'Survei {id} tidak ditemukan.', en: 'Survey {id} was not found.' },
  },
  SURVEY_LINK_NOT_FOUND: {
    status: 404,
    title: { id: 'Survei tidak ditemukan', en: 'Survey not found' },
    detail: {
      id: 'Tautan survei ini tidak dikenal atau survei sudah ditutup.',
      en: 'This survey link is unknown or the survey has been closed.',
    },
  },
  SURVEY_OUTSIDE_SCOPE: {
    status: 403,
    title: { id: 'Di luar cakupan Anda', en: 'Outside your scope' },
    detail: {
      id: 'Hasil survei hanya untuk organisasi itu sendiri dan peran provinsi di provinsinya.',
      en: 'Survey results are for the organisation itself and for province roles in its province.',
    },
  },
  SURVEY_SERVICE_INACTIVE: {
    status: 409,
    title: { id: 'Layanan tidak aktif', en: 'Service inactive' },
    detail: {
      id: 'Layanan {id} tidak aktif; survei baru tidak dapat dibuat.',
      en: 'Service {id} is inactive; no new survey can be created.',
    },
  },
  SURVEY_CLOSED: {
    status: 409,
    title: { id: 'Survei sudah ditutup', en: 'Survey closed' },
    detail: {
      id: 'Survei {id} sudah ditutup; tautan dan kode QR-nya tidak lagi menerima jawaban.',
      en: 'Survey {id} is closed; its link and QR code no longer take answers.',
    },
  },
  SURVEY_INVALID_PERIOD: {
    status: 400,
    title: { id: 'Periode tidak valid', en: 'Invalid period' },
    detail: {
      id: 'from ({from}) harus sebelum atau sama dengan to ({to}).',
      en: 'from ({from}) must not be later than to ({to}).',
    },
  },
});
