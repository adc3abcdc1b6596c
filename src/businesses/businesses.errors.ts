import { registerErrors } from '../common/errors/app-exception';

export enum BusinessErrorCode {
  BUSINESS_NOT_FOUND = 'BUSINESS_NOT_FOUND',
  BUSINESS_VILLAGE_INVALID = 'BUSINESS_VILLAGE_INVALID',
  BUSINESS_DATE_INVALID = 'BUSINESS_DATE_INVALID',
  BUSINESS_REPORT_PERIOD_INVALID = 'BUSINESS_REPORT_PERIOD_INVALID',
  BUSINESS_REPORT_DUPLICATE = 'BUSINESS_REPORT_DUPLICATE',
  BUSINESS_REPORT_NOT_FOUND = 'BUSINESS_REPORT_NOT_FOUND',
  BUSINESS_GRADUATION_NOT_MET = 'BUSINESS_GRADUATION_NOT_MET',
  BUSINESS_ALREADY_GRADUATED = 'BUSINESS_ALREADY_GRADUATED',
}

export const BUSINESS_ERRORS = registerErrors<BusinessErrorCode>({
  BUSINESS_NOT_FOUND: {
    status: 404,
    title: { id: 'Usaha tidak ditemukan', en: 'Business not found' },
    detail: { id: 'Usaha {id} tidak ditemukan.', en: 'Business {id} was not found.' },
  },
  BUSINESS_VILLAGE_INVALID: {
    status: 422,
    title: { id: 'Desa tidak valid', en: 'Invalid village' },
    detail: { id: 'villageCode {code}: {reason}', en: 'villageCode {code}: {reason}' },
  },
  BUSINESS_DATE_INVALID: {
    status: 400,
    title: { id: 'Tanggal tidak valid', en: 'Invalid date' },
    detail: { id: '{field}: {reason}', en: '{field}: {reason}' },
  },
  BUSINESS_REPORT_PERIOD_INVALID: {
    status: 400,
    title: { id: 'Periode laporan tidak valid', en: 'Invalid report period' },
    detail: { id: 'period {period}: {reason}', en: 'period {period}: {reason}' },
  },
  BUSINESS_REPORT_DUPLICATE: {
    status: 409,
    title: { id: 'Laporan periode ini sudah ada', en: 'Report for this period exists' },
    detail: {
      id: 'Usaha ini sudah punya laporan untuk {period}; koreksi dengan PUT /businesses/{id}/reports/{period}.',
      en: 'This business already has a report for {period}; correct it with PUT /businesses/{id}/reports/{period}.',
    },
  },
  BUSINESS_REPORT_NOT_FOUND: {
    status: 404,
    title: { id: 'Laporan tidak ditemukan', en: 'Report not found' },
    detail: { id: 'Usaha ini tidak punya laporan untuk {period}.', en: 'This business has no report for {period}.' },
  },
  BUSINESS_GRADUATION_NOT_MET: {
    status: 422,
    title: { id: 'Syarat kemandirian belum terpenuhi', en: 'Graduation rule not met' },
    detail: {
      id: 'Pendapatan bersih belum mencapai Rp {minNetIncomeIdr} selama {months} bulan berturut-turut.',
      en: 'Net income has not reached Rp {minNetIncomeIdr} for {months} consecutive months.',
    },
  },
  BUSINESS_ALREADY_GRADUATED: {
    status: 409,
    title: { id: 'Sudah mandiri', en: 'Already graduated' },
    detail: {
      id: 'Pemilik usaha ini sudah dinyatakan mandiri pada {graduatedOn}.',
      en: 'The owner of this business was graduated on {graduatedOn}.',
    },
  },
});
