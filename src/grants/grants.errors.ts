import { registerErrors } from '../common/errors/app-exception';

export enum GrantErrorCode {
  BUDGET_NOT_FOUND = 'BUDGET_NOT_FOUND',
  BUDGET_REGENCY_INVALID = 'BUDGET_REGENCY_INVALID',
  BUDGET_DUPLICATE = 'BUDGET_DUPLICATE',
  BUDGET_TOO_LARGE = 'BUDGET_TOO_LARGE',
  BUDGET_MISSING = 'BUDGET_MISSING',
  BUDGET_EXCEEDED = 'BUDGET_EXCEEDED',
  GRANT_NOT_FOUND = 'GRANT_NOT_FOUND',
  GRANT_CASE_INVALID = 'GRANT_CASE_INVALID',
  GRANT_REGENCY_UNKNOWN = 'GRANT_REGENCY_UNKNOWN',
  GRANT_TOTAL_TOO_LARGE = 'GRANT_TOTAL_TOO_LARGE',
  GRANT_ACTION_NOT_ALLOWED = 'GRANT_ACTION_NOT_ALLOWED',
  GRANT_CRITERIA_FAILED = 'GRANT_CRITERIA_FAILED',
  GRANT_NOT_PROPOSER = 'GRANT_NOT_PROPOSER',
  GRANT_DATE_INVALID = 'GRANT_DATE_INVALID',
  GRANT_SERIALS_INVALID = 'GRANT_SERIALS_INVALID',
  ASSET_SERIAL_TAKEN = 'ASSET_SERIAL_TAKEN',
  ASSET_NOT_FOUND = 'ASSET_NOT_FOUND',
  ASSET_STATUS_UNCHANGED = 'ASSET_STATUS_UNCHANGED',
}

export const GRANT_ERRORS = registerErrors<GrantErrorCode>({
  BUDGET_NOT_FOUND: {
    status: 404,
    title: { id: 'Anggaran tidak ditemukan', en: 'Budget not found' },
    detail: { id: 'Anggaran {id} tidak ditemukan.', en: 'Budget {id} was not found.' },
  },
  BUDGET_REGENCY_INVALID: {
    status: 422,
    title: { id: 'Kabupaten/kota tidak valid', en: 'Invalid regency' },
    detail: {
      id: 'regencyCode {code} bukan kabupaten/kota di provinsi Anda.',
      en: 'regencyCode {code} is not a regency of your province.',
    },
  },
  BUDGET_DUPLICATE: {
    status: 409,
    title: { id: 'Anggaran sudah ada', en: 'Budget exists' },
    detail: {
      id: 'Kabupaten/kota {code} sudah punya anggaran tahun {year}; tambahkan lewat top-up.',
      en: 'Regency {code} already has a budget for {year}; add to it with a top-up.',
    },
  },
  BUDGET_TOO_LARGE: {
    status: 422,
    title: { id: 'Anggaran terlalu besar', en: 'Budget too large' },
    detail: {
      id: 'Total anggaran tidak boleh melebihi Rp {max}.',
      en: 'A budget total must not exceed Rp {max}.',
    },
  },
  BUDGET_MISSING: {
    status: 409,
    title: { id: 'Tidak ada anggaran', en: 'No budget' },
    detail: {
      id: 'Kabupaten/kota {code} belum punya anggaran UEP tahun {year}.',
      en: 'Regency {code} has no grant budget for {year}.',
    },
  },
  BUDGET_EXCEEDED: {
    status: 409,
    title: { id: 'Anggaran tidak cukup', en: 'Budget exceeded' },
    detail: {
      id: 'Hibah Rp {total} melebihi sisa anggaran Rp {available} (kabupaten/kota {code}, tahun {year}).',
      en: 'The grant of Rp {total} exceeds the Rp {available} left in the budget (regency {code}, {year}).',
    },
  },
  GRANT_NOT_FOUND: {
    status: 404,
    title: { id: 'Hibah tidak ditemukan', en: 'Grant not found' },
    detail: { id: 'Hibah {id} tidak ditemukan.', en: 'Grant {id} was not found.' },
  },
  GRANT_CASE_INVALID: {
    status: 422,
    title: { id: 'Kasus tidak valid', en: 'Invalid case' },
    detail: {
      id: 'caseId {id} bukan kasus orang ini yang dapat Anda lihat.',
      en: 'caseId {id} is not a case of this person that you can see.',
    },
  },
  GRANT_REGENCY_UNKNOWN: {
    status: 422,
    title: { id: 'Kabupaten/kota hibah tidak diketahui', en: 'Regency of the grant unknown' },
    detail: {
      id: 'Orang ini belum punya domisili dan pengusul bukan Dinas Sosial kabupaten/kota; catat domisilinya dulu.',
      en: 'This person has no domicile and the proposer is not a regency office; record the domicile first.',
    },
  },
  GRANT_TOTAL_TOO_LARGE: {
    status: 422,
    title: { id: 'Nilai hibah terlalu besar', en: 'Grant total too large' },
    detail: { id: 'Total hibah tidak boleh melebihi Rp {max}.', en: 'A grant total must not exceed Rp {max}.' },
  },
  GRANT_ACTION_NOT_ALLOWED: {
    status: 409,
    title: { id: 'Tindakan tidak diizinkan', en: 'Action not allowed' },
    detail: {
      id: 'Tindakan {action} tidak mungkin pada status {status}; yang mungkin: {allowed}.',
      en: 'Action {action} is not possible in status {status}; allowed: {allowed}.',
    },
  },
  GRANT_CRITERIA_FAILED: {
    status: 422,
    title: { id: 'Kriteria tidak terpenuhi', en: 'Criteria not met' },
    detail: {
      id: 'Kriteria gagal: {failed}. Setujui hanya dengan criteriaOverrideReason.',
      en: 'Failed criteria: {failed}. Approve only with a criteriaOverrideReason.',
    },
  },
  GRANT_NOT_PROPOSER: {
    status: 403,
    title: { id: 'Bukan pengusul', en: 'Not the proposer' },
    detail: {
      id: 'Hanya organisasi pengusul yang dapat menarik usulan hibah.',
      en: 'Only the proposing organisation can withdraw a grant proposal.',
    },
  },
  GRANT_DATE_INVALID: {
    status: 400,
    title: { id: 'Tanggal tidak valid', en: 'Invalid date' },
    detail: { id: '{field}: {reason}', en: '{field}: {reason}' },
  },
  GRANT_SERIALS_INVALID: {
    status: 400,
    title: { id: 'Nomor seri tidak valid', en: 'Invalid serial numbers' },
    detail: { id: 'serials: lihat errors[].', en: 'serials: see errors[].' },
  },
  ASSET_SERIAL_TAKEN: {
    status: 409,
    title: { id: 'Nomor seri sudah dipakai', en: 'Serial number taken' },
    detail: {
      id: 'Nomor seri {serials} sudah tercatat pada aset lain.',
      en: 'Serial numbers {serials} are already recorded on other assets.',
    },
  },
  ASSET_NOT_FOUND: {
    status: 404,
    title: { id: 'Aset tidak ditemukan', en: 'Asset not found' },
    detail: { id: 'Aset {id} tidak ditemukan.', en: 'Asset {id} was not found.' },
  },
  ASSET_STATUS_UNCHANGED: {
    status: 409,
    title: { id: 'Status tidak berubah', en: 'Status unchanged' },
    detail: { id: 'Aset ini sudah berstatus {status}.', en: 'This asset already has status {status}.' },
  },
});
