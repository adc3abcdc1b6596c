import { registerErrors } from '../common/errors/app-exception';

export enum CaseErrorCode {
  CASE_NOT_FOUND = 'CASE_NOT_FOUND',
  CASE_CLOSED = 'CASE_CLOSED',
  CASE_ORGANIZATION_KIND = 'CASE_ORGANIZATION_KIND',
  CASE_OPEN_RESIDENTIAL_EXISTS = 'CASE_OPEN_RESIDENTIAL_EXISTS',
  CASE_STAGE_JUMP = 'CASE_STAGE_JUMP',
  CASE_UNKNOWN_STAGE = 'CASE_UNKNOWN_STAGE',
  CASE_NOT_RESIDENTIAL = 'CASE_NOT_RESIDENTIAL',
  CASE_ALREADY_ADMITTED = 'CASE_ALREADY_ADMITTED',
  CASE_NOT_ADMITTED = 'CASE_NOT_ADMITTED',
  UPT_FULL = 'UPT_FULL',
  CASE_DATE_INVALID = 'CASE_DATE_INVALID',
  CASE_STILL_RESIDENT = 'CASE_STILL_RESIDENT',
  CASE_NO_REGENCY_OFFICE = 'CASE_NO_REGENCY_OFFICE',
  CASE_UNKNOWN_WORKER = 'CASE_UNKNOWN_WORKER',
}

export const CASE_ERRORS = registerErrors<CaseErrorCode>({
  CASE_NOT_FOUND: {
    status: 404,
    title: { id: 'Kasus tidak ditemukan', en: 'Case not found' },
    detail: { id: 'Kasus {id} tidak ditemukan.', en: 'Case {id} was not found.' },
  },
  CASE_CLOSED: {
    status: 409,
    title: { id: 'Kasus sudah ditutup', en: 'Case closed' },
    detail: {
      id: 'Kasus {id} sudah ditutup dan tidak dapat diubah.',
      en: 'Case {id} is closed and cannot be changed.',
    },
  },
  CASE_ORGANIZATION_KIND: {
    status: 422,
    title: { id: 'Organisasi tidak sesuai jenis kasus', en: 'Organisation does not fit the case kind' },
    detail: {
      id: 'Kasus {kind} dikelola oleh organisasi bertipe {expected}, bukan {type}.',
      en: 'A {kind} case is managed by an organisation of type {expected}, not {type}.',
    },
  },
  CASE_OPEN_RESIDENTIAL_EXISTS: {
    status: 409,
    title: { id: 'Sudah ada kasus residensial terbuka', en: 'Open residential case exists' },
    detail: {
      id: 'Orang ini sudah memiliki kasus residensial yang terbuka; satu orang hanya boleh punya satu.',
      en: 'This person already has an open residential case; a person may have only one.',
    },
  },
  CASE_STAGE_JUMP: {
    status: 409,
    title: { id: 'Lompatan tahap', en: 'Stage jump' },
    detail: {
      id: 'Dari tahap {from} hanya boleh pindah satu langkah: {allowed}.',
      en: 'From stage {from} a case moves one step only: {allowed}.',
    },
  },
  CASE_UNKNOWN_STAGE: {
    status: 422,
    title: { id: 'Tahap tidak dikenal', en: 'Unknown stage' },
    detail: { id: 'Tahap {stage} tidak dikenal.', en: 'Stage {stage} is not known.' },
  },
  CASE_NOT_RESIDENTIAL: {
    status: 409,
    title: { id: 'Bukan kasus residensial', en: 'Not a residential case' },
    detail: {
      id: 'Hanya kasus RESIDENTIAL di UPT yang dapat diterima masuk atau dipulangkan.',
      en: 'Only a RESIDENTIAL case in a UPT can be admitted or discharged.',
    },
  },
  CASE_ALREADY_ADMITTED: {
    status: 409,
    title: { id: 'Sudah tinggal di UPT', en: 'Already admitted' },
    detail: {
      id: 'Penerima manfaat ini sudah tinggal di UPT sejak {since}.',
      en: 'This resident has lived in the UPT since {since}.',
    },
  },
  CASE_NOT_ADMITTED: {
    status: 409,
    title: { id: 'Belum diterima masuk', en: 'Not admitted' },
    detail: {
      id: 'Kasus ini belum diterima masuk di UPT, jadi belum dapat dipulangkan.',
      en: 'This case has not been admitted to the UPT, so it cannot be discharged.',
    },
  },
  UPT_FULL: {
    status: 409,
    title: { id: 'UPT penuh', en: 'UPT full' },
    detail: {
      id: 'UPT ini sudah menampung {residents} dari kapasitas {capacity}.',
      en: 'This UPT already holds {residents} residents of a capacity of {capacity}.',
    },
  },
  CASE_DATE_INVALID: {
    status: 400,
    title: { id: 'Tanggal tidak valid', en: 'Invalid date' },
    detail: { id: '{field}: {reason}', en: '{field}: {reason}' },
  },
  CASE_STILL_RESIDENT: {
    status: 409,
    title: { id: 'Masih tinggal di UPT', en: 'Still resident' },
    detail: {
      id: 'Pulangkan penerima manfaat dulu sebelum menutup kasus residensial.',
      en: 'Discharge the resident before closing the residential case.',
    },
  },
  CASE_NO_REGENCY_OFFICE: {
    status: 422,
    title: { id: 'Tidak ada Dinas Sosial tujuan', en: 'No receiving regency office' },
    detail: {
      id: 'Tidak ada Dinas Sosial aktif untuk kabupaten/kota {regency} yang dapat menerima serah terima.',
      en: 'No active Dinas Sosial office of regency {regency} can take the handover.',
    },
  },
  CASE_UNKNOWN_WORKER: {
    status: 422,
    title: { id: 'Petugas tidak dikenal', en: 'Unknown worker' },
    detail: {
      id: 'assignedWorkerIds: {ids} bukan pengguna aktif organisasi pengelola.',
      en: 'assignedWorkerIds: {ids} are not active users of the managing organisation.',
    },
  },
});
