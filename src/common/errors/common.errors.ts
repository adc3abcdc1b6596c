import { AppException, registerErrors } from './app-exception';

export enum CommonErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_JSON = 'MALFORMED_JSON',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  BODY_TOO_LARGE = 'BODY_TOO_LARGE',
  INVALID_ACCEPT_LANGUAGE = 'INVALID_ACCEPT_LANGUAGE',
  INVALID_CURSOR = 'INVALID_CURSOR',
  INVALID_PATH_PARAMETER = 'INVALID_PATH_PARAMETER',
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  RESOURCE_NOT_FOUND = 'RESOURCE_NOT_FOUND',
  CONFLICT = 'CONFLICT',
  REFERENCE_NOT_FOUND = 'REFERENCE_NOT_FOUND',
  PRECONDITION_REQUIRED = 'PRECONDITION_REQUIRED',
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
  INVALID_IF_MATCH = 'INVALID_IF_MATCH',
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  BAD_REQUEST = 'BAD_REQUEST',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
}

export const COMMON_ERRORS = registerErrors<CommonErrorCode>({
  VALIDATION_FAILED: {
    status: 400,
    title: { id: 'Data tidak valid', en: 'Invalid data' },
    detail: { id: 'Ada isian yang tidak valid; lihat errors[].', en: 'Some fields are invalid; see errors[].' },
  },
  MALFORMED_JSON: {
    status: 400,
    title: { id: 'JSON tidak valid', en: 'Malformed JSON' },
    detail: { id: 'Isi permintaan bukan JSON yang valid.', en: 'The request body is not valid JSON.' },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: { id: 'Jenis konten tidak didukung', en: 'Unsupported media type' },
    detail: {
      id: 'Jenis konten {contentType} tidak didukung; kirim application/json.',
      en: 'Content type {contentType} is not supported; send application/json.',
    },
  },
  BODY_TOO_LARGE: {
    status: 413,
    title: { id: 'Isi permintaan terlalu besar', en: 'Request body too large' },
    detail: {
      id: 'Isi permintaan melebihi batas {limit} byte.',
      en: 'The request body exceeds the limit of {limit} bytes.',
    },
  },
  INVALID_ACCEPT_LANGUAGE: {
    status: 400,
    title: { id: 'Header Accept-Language tidak valid', en: 'Invalid Accept-Language header' },
    detail: {
      id: 'Header Accept-Language tidak sesuai RFC 9110, misalnya "id" atau "en;q=0.8".',
      en: 'The Accept-Language header does not follow RFC 9110, e.g. "id" or "en;q=0.8".',
    },
  },
  INVALID_CURSOR: {
    status: 400,
    title: { id: 'Kursor tidak valid', en: 'Invalid cursor' },
    detail: {
      id: 'Nilai cursor tidak dikenali; gunakan page.nextCursor dari halaman sebelumnya.',
      en: 'The cursor is not recognised; use page.nextCursor from the previous page.',
    },
  },
  INVALID_PATH_PARAMETER: {
    status: 400,
    title: { id: 'Parameter path tidak valid', en: 'Invalid path parameter' },
    detail: { id: 'Parameter {name} harus berupa {expected}.', en: 'Parameter {name} must be {expected}.' },
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    title: { id: 'Rute tidak ditemukan', en: 'Route not found' },
    detail: { id: 'Tidak ada rute {method} {path}.', en: 'There is no route {method} {path}.' },
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    title: { id: 'Metode tidak diizinkan', en: 'Method not allowed' },
    detail: { id: 'Metode {method} tidak diizinkan di sini.', en: 'Method {method} is not allowed here.' },
  },
  RESOURCE_NOT_FOUND: {
    status: 404,
    title: { id: 'Data tidak ditemukan', en: 'Not found' },
    detail: { id: '{resource} {id} tidak ditemukan.', en: '{resource} {id} was not found.' },
  },
  CONFLICT: {
    status: 409,
    title: { id: 'Konflik data', en: 'Conflict' },
    detail: {
      id: 'Permintaan bertentangan dengan data yang sudah ada.',
      en: 'The request conflicts with existing data.',
    },
  },
  REFERENCE_NOT_FOUND: {
    status: 422,
    title: { id: 'Rujukan tidak ditemukan', en: 'Referenced record not found' },
    detail: { id: '{field} merujuk ke data yang tidak ada.', en: '{field} refers to a record that does not exist.' },
  },
  PRECONDITION_REQUIRED: {
    status: 428,
    title: { id: 'Header If-Match wajib', en: 'If-Match header required' },
    detail: {
      id: 'Kirim header If-Match berisi ETag terakhir yang Anda baca agar perubahan orang lain tidak tertimpa.',
      en: "Send an If-Match header with the ETag you last read, so that nobody else's change is overwritten.",
    },
  },
  PRECONDITION_FAILED: {
    status: 412,
    title: { id: 'Data sudah berubah', en: 'Precondition failed' },
    detail: {
      id: 'Data telah diubah sejak Anda membacanya (ETag sekarang {etag}); baca ulang lalu ulangi.',
      en: 'The record changed since you read it (current ETag {etag}); read it again and retry.',
    },
  },
  INVALID_IF_MATCH: {
    status: 400,
    title: { id: 'Header If-Match tidak valid', en: 'Invalid If-Match header' },
    detail: {
      id: 'If-Match harus berisi ETag seperti "3" atau *.',
      en: 'If-Match must hold an ETag such as "3", or *.',
    },
  },
  INVALID_IDEMPOTENCY_KEY: {
    status: 400,
    title: { id: 'Idempotency-Key tidak valid', en: 'Invalid Idempotency-Key' },
    detail: {
      id: 'Idempotency-Key harus 1–255 karakter ASCII yang terlihat.',
      en: 'Idempotency-Key must be 1–255 visible ASCII characters.',
    },
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: { id: 'Idempotency-Key dipakai ulang', en: 'Idempotency-Key reused' },
    detail: {
      id: 'Idempotency-Key ini sudah dipakai untuk permintaan lain dengan isi berbeda.',
      en: 'This Idempotency-Key was already used for a different request.',
    },
  },
  BAD_REQUEST: {
    status: 400,
    title: { id: 'Permintaan tidak valid', en: 'Bad request' },
    detail: { id: 'Permintaan tidak dapat diproses.', en: 'The request cannot be processed.' },
  },
  UNAUTHENTICATED: {
    status: 401,
    title: { id: 'Perlu autentikasi', en: 'Authentication required' },
    detail: {
      id: 'Kirim token akses yang valid di header Authorization.',
      en: 'Send a valid access token in the Authorization header.',
    },
  },
  FORBIDDEN: {
    status: 403,
    title: { id: 'Akses ditolak', en: 'Forbidden' },
    detail: { id: 'Anda tidak berwenang melakukan ini.', en: 'You are not allowed to do this.' },
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    title: { id: 'Terlalu banyak permintaan', en: 'Too many requests' },
    detail: { id: 'Coba lagi dalam {retryAfter} detik.', en: 'Try again in {retryAfter} seconds.' },
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: { id: 'Layanan tidak tersedia', en: 'Service unavailable' },
    detail: {
      id: 'Layanan sedang tidak dapat melayani; coba lagi nanti.',
      en: 'The service cannot answer now; retry later.',
    },
  },
  INTERNAL_ERROR: {
    status: 500,
    title: { id: 'Kesalahan internal', en: 'Internal error' },
    detail: {
      id: 'Terjadi kesalahan tak terduga. Sebutkan kode {errorId} bila menghubungi admin.',
      en: 'An unexpected error occurred. Quote error id {errorId} when you contact the administrator.',
    },
  },
});

/** Shorthand for the common "not found" answer, which must never hint whether a foreign record exists. */
export function notFound(resource: string, id: string): AppException {
  return new AppException(CommonErrorCode.RESOURCE_NOT_FOUND, { resource, id });
}
