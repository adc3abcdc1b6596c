import type { LocalizedText } from '../common/i18n';
import { Permission } from '../identity/permissions';

export const IMPORT_KINDS = ['persons', 'eks-klien', 'business-reports', 'attendance'] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

export const IMPORT_MODES = ['validate-only', 'all-or-nothing', 'valid-rows-only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const IMPORT_STATUSES = ['UPLOADING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export type ImportFormat = 'CSV' | 'XLSX';

/**
 * One column of a published template. `name` is the header a file must carry (Indonesian, as regency offices
 * write them); `field` is the API field it fills, so a rule's message names the column the operator typed in.
 * docs/imports.md documents every column and a unit test keeps the two equal.
 */
export interface ColumnSpec {
  name: string;
  field: string;
  required: boolean;
  /** Identity numbers and phone numbers: a number cell in XLSX has lost digits (Excel keeps 15) or a leading 0. */
  text?: boolean;
  description: LocalizedText;
  example: string;
}

const PERSON_COLUMNS: ColumnSpec[] = [
  {
    name: 'nama_lengkap',
    field: 'fullName',
    required: true,
    description: { id: 'Nama lengkap, paling banyak 200 karakter', en: 'Full name, at most 200 characters' },
    example: 'Siti Aminah',
  },
  {
    name: 'jenis_kelamin',
    field: 'sex',
    required: true,
    description: { id: 'L atau P (juga M/F, LAKI-LAKI/PEREMPUAN)', en: 'L or P (also M/F, LAKI-LAKI/PEREMPUAN)' },
    example: 'P',
  },
  {
    name: 'nik',
    field: 'nik',
    required: false,
    text: true,
    description: {
      id: 'NIK 16 digit; orang dengan NIK yang sudah terdaftar diperbarui, tidak dibuat ulang',
      en: '16-digit NIK; a person already registered with this NIK is updated, never created twice',
    },
    example: '3571015203850001',
  },
  {
    name: 'no_kk',
    field: 'kk.number',
    required: false,
    text: true,
    description: { id: 'Nomor KK 16 digit', en: '16-digit family-card (KK) number' },
    example: '3571010101090001',
  },
  {
    name: 'tanggal_lahir',
    field: 'birthDate',
    required: false,
    description: {
      id: 'YYYY-MM-DD, DD/MM/YYYY atau DD-MM-YYYY (di XLSX boleh sel tanggal)',
      en: 'YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (a date cell in XLSX)',
    },
    example: '1985-03-12',
  },
  {
    name: 'presisi_tanggal_lahir',
    field: 'birthDatePrecision',
    required: false,
    description: {
      id: 'DAY, MONTH, YEAR atau ESTIMATED (bawaan DAY)',
      en: 'DAY, MONTH, YEAR or ESTIMATED (default DAY)',
    },
    example: 'DAY',
  },
  {
    name: 'tempat_lahir',
    field: 'birthPlace',
    required: false,
    description: { id: 'Tempat lahir', en: 'Place of birth' },
    example: 'Kediri',
  },
  {
    name: 'kode_desa',
    field: 'domicile.villageCode',
    required: false,
    text: true,
    description: {
      id: 'Kode desa/kelurahan Kemendagri 10 digit tempat tinggal',
      en: '10-digit Kemendagri village code of the domicile',
    },
    example: '3571011010',
  },
  {
    name: 'alamat',
    field: 'domicile.address',
    required: false,
    description: { id: 'Alamat (perlu kode_desa)', en: 'Street address (needs kode_desa)' },
    example: 'Jl. Ngampel 5',
  },
  {
    name: 'telepon',
    field: 'phone',
    required: false,
    text: true,
    description: { id: 'Nomor telepon', en: 'Phone number' },
    example: '0812-3456-7890',
  },
  {
    name: 'disabilitas',
    field: 'disabilities',
    required: false,
    description: {
      id: 'FISIK, INTELEKTUAL, MENTAL, SENSORIK; beberapa dipisah titik koma',
      en: 'FISIK, INTELEKTUAL, MENTAL, SENSORIK; several separated by semicolons',
    },
    example: 'MENTAL',
  },
  {
    name: 'kategori_ppks',
    field: 'ppksCategories',
    required: false,
    description: {
      id: 'Kode PPKS (/api/v1/ppks-categories); beberapa dipisah titik koma; pada orang yang sudah ada ditambahkan',
      en: 'PPKS codes (/api/v1/ppks-categories); several separated by semicolons; added to an existing person',
    },
    example: 'PPKS-09',
  },
  {
    name: 'alias',
    field: 'aliases',
    required: false,
    description: { id: 'Nama lain; beberapa dipisah titik koma', en: 'Other names; several separated by semicolons' },
    example: 'Mbak Siti',
  },
  {
    name: 'nama_wali',
    field: 'guardian.name',
    required: false,
    description: { id: 'Nama wali/keluarga', en: "Guardian's name" },
    example: 'Suparman',
  },
  {
    name: 'hubungan_wali',
    field: 'guardian.relation',
    required: false,
    description: {
      id: 'Hubungan wali (AYAH, IBU, SAUDARA...)',
      en: 'Relation of the guardian (AYAH, IBU, SAUDARA...)',
    },
    example: 'AYAH',
  },
  {
    name: 'telepon_wali',
    field: 'guardian.phone',
    required: false,
    text: true,
    description: { id: 'Telepon wali', en: "Guardian's phone" },
    example: '0813-1111-2222',
  },
  {
    name: 'nik_wali',
    field: 'guardian.nik',
    required: false,
    text: true,
    description: { id: 'NIK wali (disimpan terenkripsi)', en: "Guardian's NIK (stored encrypted)" },
    example: '3571010101600001',
  },
  {
    name: 'id_dtks',
    field: 'externalIds.dtksId',
    required: false,
    text: true,
    description: { id: 'ID DTKS', en: 'DTKS id' },
    example: 'DTKS-3571-0001',
  },
  {
    name: 'desil_dtsen',
    field: 'externalIds.dtsenDecile',
    required: false,
    description: { id: 'Desil kesejahteraan DTSEN, 1–10', en: 'DTSEN welfare decile, 1–10' },
    example: '2',
  },
];

const CASE_COLUMNS: ColumnSpec[] = [
  {
    name: 'tanggal_mulai',
    field: 'openedOn',
    required: false,
    description: {
      id: 'Tanggal kasus komunitas dibuka (bawaan: hari ini); tidak di masa depan',
      en: 'Day the community case opens (default: today); not in the future',
    },
    example: '2025-01-15',
  },
  {
    name: 'tahap',
    field: 'stage',
    required: false,
    description: {
      id: 'Tahap rehabilitasi (bawaan BIMBINGAN_LANJUT)',
      en: 'Rehabilitation stage (default BIMBINGAN_LANJUT)',
    },
    example: 'BIMBINGAN_LANJUT',
  },
  {
    name: 'kategori_ppks_kasus',
    field: 'ppksCategory',
    required: false,
    description: { id: 'Satu kode PPKS untuk kasus', en: 'One PPKS code for the case' },
    example: 'PPKS-09',
  },
  {
    name: 'tingkat_keparahan',
    field: 'severity',
    required: false,
    description: { id: 'BERAT, SEDANG atau RINGAN', en: 'BERAT, SEDANG or RINGAN' },
    example: 'RINGAN',
  },
];

const BUSINESS_REPORT_COLUMNS: ColumnSpec[] = [
  {
    name: 'id_usaha',
    field: 'businessId',
    required: true,
    description: { id: 'ID usaha (UUID) dari /api/v1/businesses', en: 'Business id (UUID) from /api/v1/businesses' },
    example: '7a3c9f0e-1b2d-4c5e-8f90-123456789abc',
  },
  {
    name: 'periode',
    field: 'period',
    required: true,
    description: { id: 'Bulan laporan, YYYY-MM', en: 'Month reported, YYYY-MM' },
    example: '2025-06',
  },
  {
    name: 'omzet',
    field: 'revenueIdr',
    required: true,
    description: {
      id: 'Omzet dalam rupiah utuh, ≥ 0 (3000000 atau 3.000.000)',
      en: 'Revenue in whole Rupiah, ≥ 0 (3000000 or 3.000.000)',
    },
    example: '3000000',
  },
  {
    name: 'laba_bersih',
    field: 'netIncomeIdr',
    required: true,
    description: {
      id: 'Laba bersih dalam rupiah utuh; negatif bila rugi',
      en: 'Net income in whole Rupiah; negative for a loss',
    },
    example: '1800000',
  },
  {
    name: 'tenaga_kerja',
    field: 'workers',
    required: true,
    description: { id: 'Jumlah pekerja selain pemilik', en: 'Workers besides the owner' },
    example: '1',
  },
  {
    name: 'buka',
    field: 'open',
    required: true,
    description: {
      id: 'YA bila usaha buka bulan itu, TIDAK bila tutup (juga Y/N, TRUE/FALSE, 1/0)',
      en: 'YA if the business was open that month, TIDAK if closed (also Y/N, TRUE/FALSE, 1/0)',
    },
    example: 'YA',
  },
  {
    name: 'catatan',
    field: 'notes',
    required: false,
    description: { id: 'Catatan, paling banyak 2000 karakter', en: 'Notes, at most 2000 characters' },
    example: 'Pesanan seragam sekolah',
  },
];

const ATTENDANCE_COLUMNS: ColumnSpec[] = [
  {
    name: 'id_pelatihan',
    field: 'trainingId',
    required: true,
    description: { id: 'ID pelatihan (UUID)', en: 'Training id (UUID)' },
    example: '5d1e2f3a-4b5c-4d6e-8f70-abcdef012345',
  },
  {
    name: 'tanggal_sesi',
    field: 'sessionDate',
    required: true,
    description: { id: 'Tanggal sesi, YYYY-MM-DD', en: 'Day of the session, YYYY-MM-DD' },
    example: '2025-07-01',
  },
  {
    name: 'nik',
    field: 'nik',
    required: false,
    text: true,
    description: {
      id: 'NIK peserta; isi nik atau id_pendaftaran',
      en: "Participant's NIK; give nik or id_pendaftaran",
    },
    example: '3571015203850001',
  },
  {
    name: 'id_pendaftaran',
    field: 'enrolmentId',
    required: false,
    description: {
      id: 'ID pendaftaran peserta (UUID), untuk peserta tanpa NIK',
      en: 'Enrolment id (UUID), for participants without a NIK',
    },
    example: '',
  },
  {
    name: 'hadir',
    field: 'present',
    required: true,
    description: { id: 'YA atau TIDAK (juga Y/N, TRUE/FALSE, 1/0)', en: 'YA or TIDAK (also Y/N, TRUE/FALSE, 1/0)' },
    example: 'YA',
  },
];

export interface KindSpec {
  kind: ImportKindName;
  columns: ColumnSpec[];
  /** What the caller must hold to import this kind, and to see its jobs. */
  permissions: Permission[];
}

export const KIND_SPECS: Record<ImportKindName, KindSpec> = {
  persons: { kind: 'persons', columns: PERSON_COLUMNS, permissions: [Permission.PERSONS_WRITE] },
  'eks-klien': {
    kind: 'eks-klien',
    columns: [...PERSON_COLUMNS, ...CASE_COLUMNS],
    permissions: [Permission.PERSONS_WRITE, Permission.CASES_WRITE],
  },
  'business-reports': {
    kind: 'business-reports',
    columns: BUSINESS_REPORT_COLUMNS,
    permissions: [Permission.BUSINESSES_WRITE],
  },
  attendance: { kind: 'attendance', columns: ATTENDANCE_COLUMNS, permissions: [Permission.TRAININGS_WRITE] },
};

export function isImportKind(value: string): value is ImportKindName {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}

export function isImportMode(value: string): value is ImportMode {
  return (IMPORT_MODES as readonly string[]).includes(value);
}

/** Header text as operators type it: `Nama Lengkap`, `NAMA-LENGKAP` and ` nama_lengkap ` are one column. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}
