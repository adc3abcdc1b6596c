import { registerErrors } from '../common/errors/app-exception';

export enum AnalyticsErrorCode {
  ANALYTICS_UNKNOWN_REGION = 'ANALYTICS_UNKNOWN_REGION',
  ANALYTICS_REGION_LEVEL = 'ANALYTICS_REGION_LEVEL',
  ANALYTICS_REGION_OUTSIDE_SCOPE = 'ANALYTICS_REGION_OUTSIDE_SCOPE',
  ANALYTICS_PERIOD_REVERSED = 'ANALYTICS_PERIOD_REVERSED',
  ANALYTICS_PERIOD_TOO_LONG = 'ANALYTICS_PERIOD_TOO_LONG',
  ANALYTICS_UNKNOWN_REPORT = 'ANALYTICS_UNKNOWN_REPORT',
  ANALYTICS_UNKNOWN_TABLE = 'ANALYTICS_UNKNOWN_TABLE',
}

export const ANALYTICS_ERRORS = registerErrors<AnalyticsErrorCode>({
  ANALYTICS_UNKNOWN_REGION: {
    status: 400,
    title: { id: 'Wilayah tidak dikenal', en: 'Unknown region' },
    detail: {
      id: 'Kode wilayah {region} tidak ada dalam data Kemendagri.',
      en: 'Region code {region} is not a Kemendagri region code.',
    },
  },
  ANALYTICS_REGION_LEVEL: {
    status: 400,
    title: { id: 'Tingkat wilayah tidak didukung', en: 'Region level not supported' },
    detail: {
      id: 'Analitik dapat disaring per provinsi, kabupaten/kota atau kecamatan; {region} adalah desa/kelurahan.',
      en: 'Analytics filter by province, regency/city or district; {region} is a village.',
    },
  },
  ANALYTICS_REGION_OUTSIDE_SCOPE: {
    status: 403,
    title: { id: 'Di luar cakupan Anda', en: 'Outside your scope' },
    detail: {
      id: 'Wilayah {region} berada di luar provinsi Anda ({province}).',
      en: 'Region {region} is outside your province ({province}).',
    },
  },
  ANALYTICS_PERIOD_REVERSED: {
    status: 400,
    title: { id: 'Periode terbalik', en: 'Period reversed' },
    detail: {
      id: 'from ({from}) harus sebelum atau sama dengan to ({to}).',
      en: 'from ({from}) must not be later than to ({to}).',
    },
  },
  ANALYTICS_PERIOD_TOO_LONG: {
    status: 400,
    title: { id: 'Periode terlalu panjang', en: 'Period too long' },
    detail: {
      id: 'Periode {from} sampai {to} lebih dari {years} tahun.',
      en: 'The period {from} to {to} is longer than {years} years.',
    },
  },
  ANALYTICS_UNKNOWN_REPORT: {
    status: 404,
    title: { id: 'Laporan tidak dikenal', en: 'Unknown report' },
    detail: {
      id: 'Tidak ada laporan analitik {report}; yang ada: {reports}.',
      en: 'There is no analytics report {report}; the reports are: {reports}.',
    },
  },
  ANALYTICS_UNKNOWN_TABLE: {
    status: 400,
    title: { id: 'Tabel tidak dikenal', en: 'Unknown table' },
    detail: {
      id: 'Laporan {report} tidak memiliki tabel {table}; yang ada: {tables}.',
      en: 'Report {report} has no table {table}; its tables are: {tables}.',
    },
  },
});
