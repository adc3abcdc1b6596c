import { registerErrors } from '../common/errors/app-exception';

export enum ReferralErrorCode {
  REFERRAL_NOT_FOUND = 'REFERRAL_NOT_FOUND',
  REFERRAL_TO_SELF = 'REFERRAL_TO_SELF',
  REFERRAL_RECEIVER_INVALID = 'REFERRAL_RECEIVER_INVALID',
  REFERRAL_SERVICE_INVALID = 'REFERRAL_SERVICE_INVALID',
  REFERRAL_CASE_INVALID = 'REFERRAL_CASE_INVALID',
  REFERRAL_CONSENT_REQUIRED = 'REFERRAL_CONSENT_REQUIRED',
  REFERRAL_OVERRIDE_NOT_ALLOWED = 'REFERRAL_OVERRIDE_NOT_ALLOWED',
  REFERRAL_ACTION_NOT_ALLOWED = 'REFERRAL_ACTION_NOT_ALLOWED',
  REFERRAL_WRONG_SIDE = 'REFERRAL_WRONG_SIDE',
  REFERRAL_TRANSFER_INVALID = 'REFERRAL_TRANSFER_INVALID',
  REFERRAL_ESCALATION_INVALID = 'REFERRAL_ESCALATION_INVALID',
}

export const REFERRAL_ERRORS = registerErrors<ReferralErrorCode>({
  REFERRAL_NOT_FOUND: {
    status: 404,
    title: { id: 'Rujukan tidak ditemukan', en: 'Referral not found' },
    detail: { id: 'Rujukan {id} tidak ditemukan.', en: 'Referral {id} was not found.' },
  },
  REFERRAL_TO_SELF: {
    status: 422,
    title: { id: 'Rujukan ke diri sendiri', en: 'Referral to oneself' },
    detail: { id: 'Organisasi tidak dapat merujuk ke dirinya sendiri.', en: 'An organisation cannot refer to itself.' },
  },
  REFERRAL_RECEIVER_INVALID: {
    status: 422,
    title: { id: 'Penerima rujukan tidak valid', en: 'Invalid receiver' },
    detail: {
      id: 'toOrganizationId {id} bukan organisasi aktif.',
      en: 'toOrganizationId {id} is not an active organisation.',
    },
  },
  REFERRAL_SERVICE_INVALID: {
    status: 422,
    title: { id: 'Layanan tidak valid', en: 'Invalid service' },
    detail: {
      id: 'serviceId {id} bukan layanan aktif organisasi penerima.',
      en: 'serviceId {id} is not an active service of the receiving organisation.',
    },
  },
  REFERRAL_CASE_INVALID: {
    status: 422,
    title: { id: 'Kasus tidak valid', en: 'Invalid case' },
    detail: {
      id: 'caseId {id} bukan kasus terbuka orang ini yang dapat Anda lihat.',
      en: 'caseId {id} is not an open case of this person that you can see.',
    },
  },
  REFERRAL_CONSENT_REQUIRED: {
    status: 422,
    title: { id: 'Persetujuan diperlukan', en: 'Consent required' },
    detail: {
      id: 'Tidak ada persetujuan (consent) berlaku untuk tujuan REFERRAL yang mencakup organisasi penerima.',
      en: 'No valid consent for purpose REFERRAL covers the receiving organisation.',
    },
  },
  REFERRAL_OVERRIDE_NOT_ALLOWED: {
    status: 403,
    title: { id: 'Tidak berwenang mengesampingkan persetujuan', en: 'Consent override not allowed' },
    detail: {
      id: 'Hanya pengguna dengan izin referrals:consent-override yang dapat merujuk tanpa persetujuan.',
      en: 'Only a user holding referrals:consent-override may refer without consent.',
    },
  },
  REFERRAL_ACTION_NOT_ALLOWED: {
    status: 409,
    title: { id: 'Aksi tidak diizinkan', en: 'Action not allowed' },
    detail: {
      id: 'Aksi {action} tidak dapat dilakukan pada status {status}; yang diizinkan: {allowed}.',
      en: 'Action {action} is not possible in status {status}; allowed: {allowed}.',
    },
  },
  REFERRAL_WRONG_SIDE: {
    status: 403,
    title: { id: 'Bukan pihak yang berhak', en: 'Wrong side' },
    detail: {
      id: 'Aksi {action} hanya dapat dilakukan oleh pihak {side}.',
      en: 'Action {action} can only be taken by the {side}.',
    },
  },
  REFERRAL_TRANSFER_INVALID: {
    status: 422,
    title: { id: 'Pemindahan kasus tidak valid', en: 'Invalid transfer' },
    detail: {
      id: 'Kasus {kind} hanya dapat dipindahkan ke organisasi bertipe {expected}.',
      en: 'A {kind} case can only be transferred to an organisation of type {expected}.',
    },
  },
  REFERRAL_ESCALATION_INVALID: {
    status: 409,
    title: { id: 'Eskalasi tidak dapat dirujuk', en: 'Escalation cannot be referred' },
    detail: { id: 'Eskalasi {id} tidak terbuka.', en: 'Escalation {id} is not open.' },
  },
});
