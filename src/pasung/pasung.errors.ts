import { registerErrors } from '../common/errors/app-exception';

export enum PasungErrorCode {
  PASUNG_CASE_NOT_FOUND = 'PASUNG_CASE_NOT_FOUND',
  PASUNG_VILLAGE_INVALID = 'PASUNG_VILLAGE_INVALID',
  PASUNG_DATE_INVALID = 'PASUNG_DATE_INVALID',
  PASUNG_EVENT_OUT_OF_ORDER = 'PASUNG_EVENT_OUT_OF_ORDER',
  PASUNG_TRANSITION_NOT_ALLOWED = 'PASUNG_TRANSITION_NOT_ALLOWED',
  PASUNG_CASE_FINAL = 'PASUNG_CASE_FINAL',
  PASUNG_LINKED_CASE_NOT_FOUND = 'PASUNG_LINKED_CASE_NOT_FOUND',
  PASUNG_LINKED_CASE_OTHER_PERSON = 'PASUNG_LINKED_CASE_OTHER_PERSON',
  PASUNG_UPT_INVALID = 'PASUNG_UPT_INVALID',
  PASUNG_MANAGING_ORGANIZATION_INVALID = 'PASUNG_MANAGING_ORGANIZATION_INVALID',
  PASUNG_MANAGING_ORGANIZATION_FORBIDDEN = 'PASUNG_MANAGING_ORGANIZATION_FORBIDDEN',
}

export const PASUNG_ERRORS = registerErrors<PasungErrorCode>({
  PASUNG_CASE_NOT_FOUND: {
    status: 404,
    title: { id: 'Kasus pasung tidak ditemukan', en: 'Pasung case not found' },
    detail: { id: 'Kasus pasung {id} tidak ditemukan.', en: 'Pasung case {id} was not found.' },
  },
  PASUNG_VILLAGE_INVALID: {
    status: 422,
    title: { id: 'Desa tidak valid', en: 'Invalid village' },
    detail: { id: 'villageCode {code}: {reason}.', en: 'villageCode {code}: {reason}.' },
  },
  PASUNG_DATE_INVALID: {
    status: 400,
    title: { id: 'Tanggal tidak valid', en: 'Invalid date' },
    detail: { id: '{field}: {reason}.', en: '{field}: {reason}.' },
  },
  PASUNG_EVENT_OUT_OF_ORDER: {
    status: 409,
    title: { id: 'Tanggal sebelum status sekarang', en: 'Date before the current status' },
    detail: {
      id: 'occurredOn {date} lebih awal dari status sekarang {status} ({since}); linimasa hanya bertambah ke depan, catat koreksi sebagai peristiwa baru dengan catatan.',
      en: 'occurredOn {date} is before the current status {status} ({since}); the timeline only grows forward, so record a correction as a new event with a note.',
    },
  },
  PASUNG_TRANSITION_NOT_ALLOWED: {
    status: 409,
    title: { id: 'Perubahan status tidak diizinkan', en: 'Status change not allowed' },
    detail: {
      id: '{to} tidak dapat mengikuti status sekarang {from}: {rule}.',
      en: '{to} cannot follow the current status {from}: {rule}.',
    },
  },
  PASUNG_CASE_FINAL: {
    status: 409,
    title: { id: 'Kasus sudah berakhir', en: 'Case has ended' },
    detail: {
      id: 'Kasus ini berakhir dengan MENINGGAL pada {since}; tidak ada peristiwa yang dapat menyusul.',
      en: 'This case ended with MENINGGAL on {since}; no event can follow it.',
    },
  },
  PASUNG_LINKED_CASE_NOT_FOUND: {
    status: 422,
    title: { id: 'Kasus rehabilitasi tidak ditemukan', en: 'Rehabilitation case not found' },
    detail: {
      id: '{field} {id} bukan kasus rehabilitasi yang dapat Anda lihat.',
      en: '{field} {id} is not a rehabilitation case you can see.',
    },
  },
  PASUNG_LINKED_CASE_OTHER_PERSON: {
    status: 422,
    title: { id: 'Kasus milik orang lain', en: 'Case of another person' },
    detail: {
      id: '{field} {id} adalah kasus orang lain; tautkan hanya kasus orang yang sama dengan kasus pasung ini.',
      en: '{field} {id} is the case of another person; link only a case of the person of this pasung case.',
    },
  },
  PASUNG_UPT_INVALID: {
    status: 422,
    title: { id: 'Bukan UPT', en: 'Not a UPT' },
    detail: {
      id: 'details.uptOrganizationId {id} bukan UPT yang aktif.',
      en: 'details.uptOrganizationId {id} is not an active UPT.',
    },
  },
  PASUNG_MANAGING_ORGANIZATION_INVALID: {
    status: 422,
    title: { id: 'Organisasi pengelola tidak valid', en: 'Invalid managing organisation' },
    detail: {
      id: 'managingOrganizationId {id} bukan Dinas Sosial atau UPT yang aktif di provinsi Anda.',
      en: 'managingOrganizationId {id} is not an active Dinas Sosial office or UPT of your province.',
    },
  },
  PASUNG_MANAGING_ORGANIZATION_FORBIDDEN: {
    status: 403,
    title: { id: 'Tidak boleh memilih organisasi pengelola', en: 'Managing organisation not yours to choose' },
    detail: {
      id: 'Hanya peran provinsi yang memilih organisasi pengelola; kasus Anda dikelola organisasi Anda sendiri.',
      en: 'Only province roles choose the managing organisation; your cases are managed by your own organisation.',
    },
  },
});
