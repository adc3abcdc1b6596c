import { registerErrors } from '../common/errors/app-exception';

export enum PersonErrorCode {
  PERSON_NOT_FOUND = 'PERSON_NOT_FOUND',
  PERSON_NIK_INVALID = 'PERSON_NIK_INVALID',
  PERSON_KK_INVALID = 'PERSON_KK_INVALID',
  PERSON_NIK_EXISTS = 'PERSON_NIK_EXISTS',
  PERSON_BIRTH_DATE_INVALID = 'PERSON_BIRTH_DATE_INVALID',
  PERSON_VILLAGE_REQUIRED = 'PERSON_VILLAGE_REQUIRED',
  PERSON_RESTRICTED = 'PERSON_RESTRICTED',
  PERSON_NOT_ACTIVE = 'PERSON_NOT_ACTIVE',
  PERSON_NO_NIK = 'PERSON_NO_NIK',
  UNKNOWN_PPKS_CATEGORY = 'PERSON_UNKNOWN_PPKS_CATEGORY',
  PERSON_MERGE_SELF = 'PERSON_MERGE_SELF',
  PERSON_NOT_MERGED = 'PERSON_NOT_MERGED',
}

export const PERSON_ERRORS = registerErrors<PersonErrorCode>({
  PERSON_NOT_FOUND: {
    status: 404,
    title: { id: 'Orang tidak ditemukan', en: 'Person not found' },
    detail: { id: 'Orang {id} tidak ditemukan.', en: 'Person {id} was not found.' },
  },
  PERSON_NIK_INVALID: {
    status: 400,
    title: { id: 'NIK tidak valid', en: 'Invalid NIK' },
    detail: { id: '{field}: {rule}', en: '{field}: {rule}' },
  },
  PERSON_KK_INVALID: {
    status: 400,
    title: { id: 'Nomor KK tidak valid', en: 'Invalid KK number' },
    detail: { id: '{field}: {rule}', en: '{field}: {rule}' },
  },
  PERSON_NIK_EXISTS: {
    status: 409,
    title: { id: 'NIK sudah terdaftar', en: 'NIK already registered' },
    detail: {
      id: 'Sudah ada orang terdaftar dengan NIK ini.',
      en: 'A person with this NIK is already registered.',
    },
  },
  PERSON_BIRTH_DATE_INVALID: {
    status: 400,
    title: { id: 'Tanggal lahir tidak valid', en: 'Invalid birth date' },
    detail: { id: '{reason}', en: '{reason}' },
  },
  PERSON_VILLAGE_REQUIRED: {
    status: 422,
    title: { id: 'Domisili harus desa/kelurahan', en: 'Domicile must be a village' },
    detail: {
      id: 'domicile.villageCode {code} bukan kode desa/kelurahan.',
      en: 'domicile.villageCode {code} is not a village (kelurahan/desa) code.',
    },
  },
  PERSON_RESTRICTED: {
    status: 409,
    title: { id: 'Pemrosesan dibatasi', en: 'Processing restricted' },
    detail: {
      id: 'Atas permintaan subjek data, data orang ini hanya disimpan dan tidak boleh diproses.',
      en: "At the data subject's request this person's data is only stored and may not be processed.",
    },
  },
  PERSON_NOT_ACTIVE: {
    status: 409,
    title: { id: 'Data orang tidak aktif', en: 'Person record not active' },
    detail: {
      id: 'Data orang {id} berstatus {status} dan tidak dapat diubah.',
      en: 'Person {id} is {status} and cannot be changed.',
    },
  },
  PERSON_NO_NIK: {
    status: 409,
    title: { id: 'NIK belum ada', en: 'No NIK' },
    detail: { id: 'Orang ini belum memiliki NIK untuk diverifikasi.', en: 'This person has no NIK to verify.' },
  },
  PERSON_MERGE_SELF: {
    status: 422,
    title: { id: 'Tidak dapat menggabung dengan diri sendiri', en: 'Cannot merge a person with itself' },
    detail: { id: 'duplicateId sama dengan orang yang dituju.', en: 'duplicateId is the person itself.' },
  },
  PERSON_NOT_MERGED: {
    status: 409,
    title: { id: 'Tidak ada penggabungan', en: 'Not merged' },
    detail: {
      id: 'Orang {id} tidak sedang tergabung ke orang ini.',
      en: 'Person {id} is not currently merged into this person.',
    },
  },
  PERSON_UNKNOWN_PPKS_CATEGORY: {
    status: 422,
    title: { id: 'Kategori PPKS tidak dikenal', en: 'Unknown PPKS category' },
    detail: { id: 'Kategori PPKS {codes} tidak dikenal.', en: 'PPKS categories {codes} are not known.' },
  },
});
