import { registerErrors } from '../common/errors/app-exception';

export enum IdentityErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  INVALID_TOKEN = 'INVALID_TOKEN',
  INVALID_REFRESH_TOKEN = 'INVALID_REFRESH_TOKEN',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  ROLE_NOT_ALLOWED_FOR_ORGANIZATION = 'ROLE_NOT_ALLOWED_FOR_ORGANIZATION',
  UNKNOWN_ORGANIZATION = 'UNKNOWN_ORGANIZATION',
  WRONG_CURRENT_PASSWORD = 'WRONG_CURRENT_PASSWORD',
  API_CLIENT_NOT_FOUND = 'API_CLIENT_NOT_FOUND',
  API_CLIENT_REVOKED = 'API_CLIENT_REVOKED',
  SCOPE_NOT_ALLOWED = 'SCOPE_NOT_ALLOWED',
  OUTSIDE_WRITE_SCOPE = 'OUTSIDE_WRITE_SCOPE',
}

export const IDENTITY_ERRORS = registerErrors<IdentityErrorCode>({
  INVALID_CREDENTIALS: {
    status: 401,
    title: { id: 'Login gagal', en: 'Login failed' },
    detail: { id: 'Nama pengguna atau kata sandi salah.', en: 'Wrong username or password.' },
  },
  INVALID_TOKEN: {
    status: 401,
    title: { id: 'Token tidak valid', en: 'Invalid token' },
    detail: { id: 'Token akses tidak valid atau sudah kedaluwarsa.', en: 'The access token is invalid or expired.' },
  },
  INVALID_REFRESH_TOKEN: {
    status: 401,
    title: { id: 'Refresh token tidak valid', en: 'Invalid refresh token' },
    detail: {
      id: 'Refresh token tidak valid, kedaluwarsa atau sudah dicabut; silakan login ulang.',
      en: 'The refresh token is invalid, expired or revoked; log in again.',
    },
  },
  USER_NOT_FOUND: {
    status: 404,
    title: { id: 'Pengguna tidak ditemukan', en: 'User not found' },
    detail: { id: 'Pengguna {id} tidak ditemukan.', en: 'User {id} was not found.' },
  },
  USERNAME_TAKEN: {
    status: 409,
    title: { id: 'Nama pengguna sudah dipakai', en: 'Username taken' },
    detail: { id: 'Nama pengguna {username} sudah dipakai.', en: 'Username {username} is already taken.' },
  },
  ROLE_NOT_ALLOWED_FOR_ORGANIZATION: {
    status: 422,
    title: { id: 'Peran tidak sesuai organisasi', en: 'Role does not fit the organisation' },
    detail: {
      id: 'Peran {role} tidak dapat diberikan di organisasi bertipe {type}.',
      en: 'Role {role} cannot be given in an organisation of type {type}.',
    },
  },
  UNKNOWN_ORGANIZATION: {
    status: 422,
    title: { id: 'Organisasi tidak dikenal', en: 'Unknown organisation' },
    detail: { id: '{field}: organisasi {id} tidak ada.', en: '{field}: organisation {id} does not exist.' },
  },
  WRONG_CURRENT_PASSWORD: {
    status: 403,
    title: { id: 'Kata sandi lama salah', en: 'Wrong current password' },
    detail: { id: 'Kata sandi saat ini tidak cocok.', en: 'The current password does not match.' },
  },
  API_CLIENT_NOT_FOUND: {
    status: 404,
    title: { id: 'Klien API tidak ditemukan', en: 'API client not found' },
    detail: { id: 'Klien API {id} tidak ditemukan.', en: 'API client {id} was not found.' },
  },
  API_CLIENT_REVOKED: {
    status: 409,
    title: { id: 'Klien API sudah dicabut', en: 'API client revoked' },
    detail: { id: 'Klien API {id} sudah dicabut.', en: 'API client {id} has been revoked.' },
  },
  SCOPE_NOT_ALLOWED: {
    status: 422,
    title: { id: 'Scope tidak diizinkan', en: 'Scope not allowed' },
    detail: {
      id: 'Scope {scopes} tidak termasuk izin peran {role}.',
      en: 'Scopes {scopes} are not among the permissions of role {role}.',
    },
  },
  OUTSIDE_WRITE_SCOPE: {
    status: 403,
    title: { id: 'Di luar wewenang', en: 'Outside your scope' },
    detail: {
      id: 'Anda hanya dapat mengubah data organisasi Anda sendiri.',
      en: 'You can change only the records of your own organisation.',
    },
  },
});
