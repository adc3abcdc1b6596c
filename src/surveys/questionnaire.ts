import { SkmElementCode } from './skm';

/** The question asked for each element, in the wording of the regulation's sample questionnaire (adapted). */
export const SKM_QUESTIONS: Record<SkmElementCode, { id: string; en: string }> = {
  U1: {
    id: 'Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?',
    en: 'How well do the requirements of the service fit the kind of service?',
  },
  U2: {
    id: 'Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?',
    en: 'How easy is the procedure of the service at this unit?',
  },
  U3: {
    id: 'Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?',
    en: 'How fast was the service delivered?',
  },
  U4: {
    id: 'Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?',
    en: 'How reasonable is the cost or fee of the service (free counts as very reasonable)?',
  },
  U5: {
    id: 'Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?',
    en: 'How well does what you received match the service standard?',
  },
  U6: {
    id: 'Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?',
    en: 'How competent were the staff who served you?',
  },
  U7: {
    id: 'Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?',
    en: 'How courteous and friendly were the staff?',
  },
  U8: {
    id: 'Bagaimana pendapat Saudara tentang penanganan pengaduan, saran dan masukan?',
    en: 'How well are complaints, suggestions and feedback handled?',
  },
  U9: {
    id: 'Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?',
    en: 'How good are the facilities and infrastructure?',
  },
};

export const SKM_SCALE = [
  { value: 1, label: 'Tidak baik / tidak puas', labelEn: 'Poor / dissatisfied' },
  { value: 2, label: 'Kurang baik / kurang puas', labelEn: 'Fair / somewhat dissatisfied' },
  { value: 3, label: 'Baik / puas', labelEn: 'Good / satisfied' },
  { value: 4, label: 'Sangat baik / sangat puas', labelEn: 'Very good / very satisfied' },
];
