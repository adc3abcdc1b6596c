import { registerErrors } from '../common/errors/app-exception';

export enum PartnershipErrorCode {
  PARTNERSHIP_NOT_FOUND = 'PARTNERSHIP_NOT_FOUND',
  PARTNERSHIP_UNKNOWN_PARTIES = 'PARTNERSHIP_UNKNOWN_PARTIES',
  PARTNERSHIP_INVALID_PERIOD = 'PARTNERSHIP_INVALID_PERIOD',
}

export const PARTNERSHIP_ERRORS = registerErrors<PartnershipErrorCode>({
  PARTNERSHIP_NOT_FOUND: {
    status: 404,
    title: { id: 'Kerja sama tidak ditemukan', en: 'Partnership not found' },
    detail: { id: 'Kerja sama {id} tidak ditemukan.', en: 'Partnership {id} was not found.' },
  },
  PARTNERSHIP_UNKNOWN_PARTIES: {
    status: 422,
    title: { id: 'Pihak kerja sama tidak dikenal', en: 'Unknown partnership parties' },
    detail: {
      id: 'parties: organisasi {ids} tidak ada.',
      en: 'parties: organisations {ids} do not exist.',
    },
  },
  PARTNERSHIP_INVALID_PERIOD: {
    status: 400,
    title: { id: 'Masa berlaku tidak valid', en: 'Invalid validity period' },
    detail: {
      id: 'validTo ({validTo}) tidak boleh sebelum validFrom ({validFrom}).',
      en: 'validTo ({validTo}) must not be before validFrom ({validFrom}).',
    },
  },
});
