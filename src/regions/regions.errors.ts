import { registerErrors } from '../common/errors/app-exception';

export enum RegionErrorCode {
  REGION_NOT_FOUND = 'REGION_NOT_FOUND',
  UNKNOWN_REGION = 'UNKNOWN_REGION',
}

export const REGION_ERRORS = registerErrors<RegionErrorCode>({
  REGION_NOT_FOUND: {
    status: 404,
    title: { id: 'Wilayah tidak ditemukan', en: 'Region not found' },
    detail: { id: 'Tidak ada wilayah dengan kode {code}.', en: 'There is no region with code {code}.' },
  },
  UNKNOWN_REGION: {
    status: 422,
    title: { id: 'Kode wilayah tidak dikenal', en: 'Unknown region code' },
    detail: {
      id: '{field}: kode wilayah {code} tidak ada dalam data Kemendagri provinsi yang dilayani.',
      en: '{field}: region code {code} is not in the Kemendagri data of the supported provinces.',
    },
  },
});
