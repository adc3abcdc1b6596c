import { registerErrors } from '../common/errors/app-exception';

/**
 * Errors of bulk imports. The first group answers requests; the second is what a FAILED job carries in its `error`
 * (its status is what the problem would have had as a response).
 */
export enum ImportErrorCode {
  IMPORT_NOT_FOUND = 'IMPORT_NOT_FOUND',
  IMPORT_TEMPLATE_NOT_FOUND = 'IMPORT_TEMPLATE_NOT_FOUND',
  IMPORT_MULTIPART_REQUIRED = 'IMPORT_MULTIPART_REQUIRED',
  IMPORT_FORM_INVALID = 'IMPORT_FORM_INVALID',
  IMPORT_FILE_TOO_LARGE = 'IMPORT_FILE_TOO_LARGE',
  IMPORT_FILE_EMPTY = 'IMPORT_FILE_EMPTY',
  IMPORT_FILE_TYPE = 'IMPORT_FILE_TYPE',
  IMPORT_ENCODING_INVALID = 'IMPORT_ENCODING_INVALID',
  IMPORT_COLUMNS_INVALID = 'IMPORT_COLUMNS_INVALID',
  IMPORT_KIND_NOT_ALLOWED = 'IMPORT_KIND_NOT_ALLOWED',
  IMPORT_FILE_UNREADABLE = 'IMPORT_FILE_UNREADABLE',
  IMPORT_TOO_MANY_ROWS = 'IMPORT_TOO_MANY_ROWS',
  IMPORT_ROWS_REJECTED = 'IMPORT_ROWS_REJECTED',
  IMPORT_GAVE_UP = 'IMPORT_GAVE_UP',
}

export const IMPORT_ERRORS = registerErrors<ImportErrorCode>({
  IMPORT_NOT_FOUND: {
    status: 404,
    title: { id: 'Impor tidak ditemukan', en: 'Import not found' },
    detail: { id: 'Impor {id} tidak ditemukan.', en: 'Import {id} was not found.' },
  },
  IMPORT_TEMPLATE_NOT_FOUND: {
    status: 404,
    title: { id: 'Templat tidak ditemukan', en: 'Template not found' },
    detail: {
      id: 'Tidak ada templat {file}; tersedia <jenis>.csv dan <jenis>.xlsx untuk persons, eks-klien, business-reports, attendance.',
      en: 'There is no template {file}; there are <kind>.csv and <kind>.xlsx for persons, eks-klien, business-reports, attendance.',
    },
  },
  IMPORT_MULTIPART_REQUIRED: {
    status: 415,
    title: { id: 'Kirim sebagai multipart/form-data', en: 'Send multipart/form-data' },
    detail: {
      id: 'Unggah berkas sebagai multipart/form-data dengan isian kind, mode dan file.',
      en: 'Upload the file as multipart/form-data with the fields kind, mode and file.',
    },
  },
  IMPORT_FORM_INVALID: {
    status: 400,
    title: { id: 'Formulir unggahan tidak valid', en: 'Invalid upload form' },
    detail: { id: '{reason}', en: '{reason}' },
  },
  IMPORT_FILE_TOO_LARGE: {
    status: 413,
    title: { id: 'Berkas terlalu besar', en: 'File too large' },
    detail: {
      id: 'Berkas impor melebihi batas {limit} byte (IMPORT_MAX_BYTES); pecah menjadi beberapa berkas.',
      en: 'The import file exceeds the limit of {limit} bytes (IMPORT_MAX_BYTES); split it into several files.',
    },
  },
  IMPORT_FILE_EMPTY: {
    status: 422,
    title: { id: 'Berkas kosong', en: 'Empty file' },
    detail: { id: 'Berkas yang diunggah kosong.', en: 'The uploaded file is empty.' },
  },
  IMPORT_FILE_TYPE: {
    status: 415,
    title: { id: 'Jenis berkas tidak didukung', en: 'Unsupported file type' },
    detail: {
      id: 'Berkas bukan CSV (teks UTF-8) maupun XLSX: {reason}.',
      en: 'The file is neither CSV (UTF-8 text) nor XLSX: {reason}.',
    },
  },
  IMPORT_ENCODING_INVALID: {
    status: 422,
    title: { id: 'Bukan teks UTF-8', en: 'Not UTF-8 text' },
    detail: {
      id: 'Baris judul bukan teks UTF-8 yang valid; simpan berkas sebagai "CSV UTF-8".',
      en: 'The header row is not valid UTF-8 text; save the file as "CSV UTF-8".',
    },
  },
  IMPORT_COLUMNS_INVALID: {
    status: 422,
    title: { id: 'Kolom tidak sesuai templat', en: 'Columns do not match the template' },
    detail: {
      id: 'Baris judul tidak sesuai templat {kind} (GET /api/v1/imports/templates/{kind}.csv); lihat errors[].',
      en: 'The header row does not match the {kind} template (GET /api/v1/imports/templates/{kind}.csv); see errors[].',
    },
  },
  IMPORT_KIND_NOT_ALLOWED: {
    status: 403,
    title: { id: 'Jenis impor tidak diizinkan', en: 'Import kind not allowed' },
    detail: { id: '{reason}', en: '{reason}' },
  },
  IMPORT_FILE_UNREADABLE: {
    status: 422,
    title: { id: 'Berkas tidak dapat dibaca', en: 'File cannot be read' },
    detail: { id: 'Berkas tidak dapat dibaca: {reason}.', en: 'The file cannot be read: {reason}.' },
  },
  IMPORT_TOO_MANY_ROWS: {
    status: 422,
    title: { id: 'Terlalu banyak baris', en: 'Too many rows' },
    detail: {
      id: 'Berkas berisi lebih dari {limit} baris data (IMPORT_MAX_ROWS); pecah menjadi beberapa berkas.',
      en: 'The file holds more than {limit} data rows (IMPORT_MAX_ROWS); split it into several files.',
    },
  },
  IMPORT_ROWS_REJECTED: {
    status: 422,
    title: { id: 'Ada baris yang ditolak', en: 'Rows rejected' },
    detail: {
      id: '{rejected} baris ditolak, sehingga tidak ada yang diimpor (mode all-or-nothing); lihat laporan galat.',
      en: '{rejected} rows were rejected, so nothing was imported (all-or-nothing mode); see the error report.',
    },
  },
  IMPORT_GAVE_UP: {
    status: 500,
    title: { id: 'Impor dihentikan', en: 'Import stopped' },
    detail: {
      id: 'Impor gagal {attempts} kali karena kesalahan sistem dan dihentikan; hubungi administrator.',
      en: 'The import failed {attempts} times on a system error and was stopped; contact the administrator.',
    },
  },
});
