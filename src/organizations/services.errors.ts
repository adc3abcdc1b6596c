import { registerErrors } from '../common/errors/app-exception';

export enum ServiceErrorCode {
  SERVICE_NOT_FOUND = 'SERVICE_NOT_FOUND',
  UNKNOWN_SERVICE_CATEGORY = 'UNKNOWN_SERVICE_CATEGORY',
}

export const SERVICE_ERRORS = registerErrors<ServiceErrorCode>({
  SERVICE_NOT_FOUND: {
    status: 404,
    title: { id: 'Layanan tidak ditemukan', en: 'Service not found' },
    detail: { id: 'Layanan {id} tidak ditemukan.', en: 'Service {id} was not found.' },
  },
  UNKNOWN_SERVICE_CATEGORY: {
    status: 422,
    title: { id: 'Kategori layanan tidak dikenal', en: 'Unknown service category' },
    detail: {
      id: '{field}: kategori layanan {code} tidak dikenal; lihat GET /api/v1/service-categories.',
      en: '{field}: service category {code} is not known; see GET /api/v1/service-categories.',
    },
  },
});
