import { registerErrors } from '../common/errors/app-exception';

/** Error codes of consent records and data-subject rights (UU PDP). */
export enum PersonRightsErrorCode {
  CONSENT_NOT_FOUND = 'CONSENT_NOT_FOUND',
  CONSENT_UNKNOWN_RECIPIENT = 'CONSENT_UNKNOWN_RECIPIENT',
  CONSENT_ALREADY_REVOKED = 'CONSENT_ALREADY_REVOKED',
  DATA_SUBJECT_REQUEST_NOT_FOUND = 'DATA_SUBJECT_REQUEST_NOT_FOUND',
  DATA_SUBJECT_REQUEST_UNKNOWN = 'DATA_SUBJECT_REQUEST_UNKNOWN',
  DATA_SUBJECT_REQUEST_NOT_OPEN = 'DATA_SUBJECT_REQUEST_NOT_OPEN',
  DATA_SUBJECT_REQUEST_WRONG_KIND = 'DATA_SUBJECT_REQUEST_WRONG_KIND',
  PERSON_ERASURE_REFUSED = 'PERSON_ERASURE_REFUSED',
  PERSON_ALREADY_RESTRICTED = 'PERSON_ALREADY_RESTRICTED',
  PERSON_NOT_RESTRICTED = 'PERSON_NOT_RESTRICTED',
  PERSON_LEGAL_HOLD_ALREADY_SET = 'PERSON_LEGAL_HOLD_ALREADY_SET',
  PERSON_LEGAL_HOLD_NOT_SET = 'PERSON_LEGAL_HOLD_NOT_SET',
}

export const PERSON_RIGHTS_ERRORS = registerErrors<PersonRightsErrorCode>({
  CONSENT_NOT_FOUND: {
    status: 404,
    title: { id: 'Persetujuan tidak ditemukan', en: 'Consent not found' },
    detail: { id: 'Persetujuan {id} tidak ditemukan.', en: 'Consent {id} was not found.' },
  },
  CONSENT_UNKNOWN_RECIPIENT: {
    status: 422,
    title: { id: 'Organisasi penerima tidak dikenal', en: 'Unknown recipient organisation' },
    detail: {
      id: 'recipientOrganizationId {id} bukan organisasi yang terdaftar.',
      en: 'recipientOrganizationId {id} is not a registered organisation.',
    },
  },
  CONSENT_ALREADY_REVOKED: {
    status: 409,
    title: { id: 'Persetujuan sudah dicabut', en: 'Consent already revoked' },
    detail: { id: 'Persetujuan {id} sudah dicabut.', en: 'Consent {id} has already been revoked.' },
  },
  DATA_SUBJECT_REQUEST_NOT_FOUND: {
    status: 404,
    title: { id: 'Permintaan subjek data tidak ditemukan', en: 'Data-subject request not found' },
    detail: { id: 'Permintaan {id} tidak ditemukan.', en: 'Request {id} was not found.' },
  },
  DATA_SUBJECT_REQUEST_UNKNOWN: {
    status: 422,
    title: { id: 'Permintaan subjek data tidak dikenal', en: 'Unknown data-subject request' },
    detail: {
      id: 'requestId {id} bukan permintaan dari orang ini.',
      en: 'requestId {id} is not a request of this person.',
    },
  },
  DATA_SUBJECT_REQUEST_NOT_OPEN: {
    status: 409,
    title: { id: 'Permintaan sudah diselesaikan', en: 'Request already resolved' },
    detail: { id: 'Permintaan {id} berstatus {status}.', en: 'Request {id} is {status}.' },
  },
  DATA_SUBJECT_REQUEST_WRONG_KIND: {
    status: 422,
    title: { id: 'Jenis permintaan tidak sesuai', en: 'Wrong kind of request' },
    detail: {
      id: 'Permintaan {id} berjenis {kind}; tindakan ini memerlukan {expected}.',
      en: 'Request {id} is of kind {kind}; this action needs {expected}.',
    },
  },
  PERSON_ERASURE_REFUSED: {
    status: 409,
    title: { id: 'Penghapusan ditolak', en: 'Erasure refused' },
    detail: { id: 'Data orang ini tidak dapat dihapus: {reason}', en: "This person's data cannot be erased: {reason}" },
  },
  PERSON_ALREADY_RESTRICTED: {
    status: 409,
    title: { id: 'Pemrosesan sudah dibatasi', en: 'Processing already restricted' },
    detail: {
      id: 'Pemrosesan data orang {id} sudah dibatasi.',
      en: 'Processing of person {id} is already restricted.',
    },
  },
  PERSON_NOT_RESTRICTED: {
    status: 409,
    title: { id: 'Pemrosesan tidak dibatasi', en: 'Processing not restricted' },
    detail: { id: 'Pemrosesan data orang {id} tidak dibatasi.', en: 'Processing of person {id} is not restricted.' },
  },
  PERSON_LEGAL_HOLD_ALREADY_SET: {
    status: 409,
    title: { id: 'Penahanan hukum sudah ada', en: 'Legal hold already set' },
    detail: { id: 'Data orang {id} sudah dalam penahanan hukum.', en: 'Person {id} is already under a legal hold.' },
  },
  PERSON_LEGAL_HOLD_NOT_SET: {
    status: 409,
    title: { id: 'Tidak ada penahanan hukum', en: 'No legal hold' },
    detail: { id: 'Data orang {id} tidak dalam penahanan hukum.', en: 'Person {id} is not under a legal hold.' },
  },
});
