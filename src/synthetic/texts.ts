import { Prng } from './prng';

/**
 * Short texts of the synthetic records (notes, reasons, findings, plans), written the way officers write them in
 * Indonesian. None names a real person; names come from names.ts.
 */

export const WARDS = ['Wisma Melati', 'Wisma Mawar', 'Wisma Anggrek', 'Wisma Kenanga', 'Wisma Cempaka', 'Wisma Dahlia'];

export const GUARDIAN_RELATIONS: ReadonlyArray<readonly [relation: string, sex: 'M' | 'F', weight: number]> = [
  ['Ibu', 'F', 26],
  ['Ayah', 'M', 14],
  ['Kakak', 'M', 12],
  ['Kakak', 'F', 12],
  ['Adik', 'M', 8],
  ['Adik', 'F', 8],
  ['Istri', 'F', 6],
  ['Suami', 'M', 5],
  ['Anak', 'M', 5],
  ['Anak', 'F', 4],
];

export const DISCHARGE_REASONS = [
  'Kondisi stabil dan keluarga siap menerima kembali',
  'Terminasi: tujuan rencana intervensi tercapai, keluarga telah mengikuti pertemuan keluarga',
  'Dikembalikan kepada keluarga setelah resosialisasi dan kunjungan rumah',
  'Kondisi stabil, minum obat teratur; keluarga bersedia mendampingi',
];
export const OTHER_DISCHARGE = {
  LEFT: 'Meninggalkan UPT tanpa izin; pencarian bersama keluarga tidak berhasil',
  DIED: 'Meninggal dunia di rumah sakit rujukan',
  REFERRED: 'Dirujuk ke rumah sakit jiwa untuk perawatan medis lanjutan',
} as const;

export const VISIT_FINDINGS = [
  'Klien dalam kondisi baik, membantu pekerjaan rumah dan berinteraksi dengan tetangga',
  'Klien minum obat teratur dengan pengawasan keluarga; tidur cukup',
  'Klien mulai bekerja membantu usaha keluarga; keluarga merasa terbantu',
  'Kondisi stabil; klien mengikuti kegiatan posyandu jiwa di desa',
  'Klien sesekali menolak minum obat; keluarga diberi edukasi ulang',
  'Klien aktif di kegiatan karang taruna dan pengajian',
];
export const RELAPSE_FINDINGS = [
  'Klien putus obat sejak dua minggu, tampak gelisah dan sulit tidur; keluarga kewalahan',
  'Klien kembali mendengar bisikan dan mengamuk; keluarga meminta bantuan',
  'Klien menolak makan dan mengurung diri; ada tanda kekambuhan',
];
export const LIVING_SITUATIONS = [
  'Tinggal bersama orang tua',
  'Tinggal bersama kakak dan keluarganya',
  'Tinggal bersama istri dan anak',
  'Tinggal bersama keluarga besar di rumah sendiri',
];
export const ESCALATION_RESOLUTIONS = [
  'Keluarga membawa klien ke Puskesmas; obat diberikan kembali dan kondisi membaik',
  'Setelah kunjungan ulang klien kembali minum obat teratur',
];
export const CLOSING_NOTES = {
  MANDIRI: 'Klien mandiri secara ekonomi dan sosial; bimbingan lanjut selesai',
  OTHER: 'Bimbingan lanjut selesai; pemantauan diserahkan kepada pilar sosial desa',
  DIED: 'Klien meninggal dunia',
  LEFT: 'Klien pindah domisili ke luar daerah dan tidak dapat dihubungi',
} as const;

export const NEEDS_RESULTS = [
  'Perlu pendampingan minum obat dan dukungan keluarga',
  'Perlu pelatihan keterampilan dan modal usaha',
  'Perlu dokumen kependudukan (KTP-el dan KK)',
  'Perlu rujukan pemeriksaan kesehatan jiwa berkala',
];

export const REFERRAL_REASONS: Record<string, readonly string[]> = {
  HEALTH_FACILITY: [
    'Kontrol rutin dan pengambilan obat di Puskesmas',
    'Pemeriksaan kesehatan dan pendampingan minum obat',
    'Klien mengeluh sakit; mohon pemeriksaan umum',
  ],
  RSJ: ['Kekambuhan: mohon perawatan di rumah sakit jiwa', 'Evaluasi psikiatri dan penyesuaian dosis obat'],
  NGO: [
    'Mohon pendampingan keluarga dan psikoedukasi',
    'Mohon keikutsertaan dalam pelatihan keterampilan',
    'Mohon bantuan pengurusan dokumen kependudukan',
  ],
  COMMUNITY_GROUP: ['Mohon pendampingan usaha dan pemasaran produk', 'Mohon pelibatan dalam kegiatan kelompok'],
  UPT: [
    'Mohon rehabilitasi sosial di UPT sesuai kuota kabupaten',
    'Keluarga belum siap; mohon penampungan dan rehabilitasi',
  ],
  REGENCY_OFFICE: [
    'Klien kembali ke desa asal; mohon bimbingan lanjut oleh Dinas Sosial',
    'Mohon tindak lanjut bantuan sosial bagi keluarga klien',
  ],
  BUSINESS: ['Mohon kesempatan magang kerja'],
  GOVERNMENT_OFFICE: ['Mohon tindak lanjut sesuai kewenangan'],
};
export const HOLD_NOTES = ['Klien dirawat di rumah sakit, layanan ditunda', 'Keluarga meminta penundaan sementara'];
export const COMPLETE_NOTES = [
  'Layanan selesai; klien menerima obat dan jadwal kontrol berikutnya',
  'Pendampingan selesai sesuai rencana',
  'Klien telah mengikuti seluruh sesi layanan',
];
export const FAIL_NOTES = ['Klien tidak datang setelah tiga kali dijadwalkan', 'Keluarga menolak melanjutkan layanan'];
export const REJECT_NOTES = [
  'Kuota bulan ini sudah penuh',
  'Layanan tidak sesuai kebutuhan klien',
  'Data rujukan belum lengkap',
];
export const CONSENT_OVERRIDE_REASONS = [
  'Keadaan darurat: klien mengamuk dan membahayakan diri; keluarga tidak dapat dihubungi',
  'Klien tidak cakap memberi persetujuan dan belum ada wali; rujukan medis mendesak',
];
export const ENTERED_IN_ERROR_NOTE = 'Salah input: rujukan dibuat untuk orang yang salah';

export const SECTOR_PLANS: Record<string, readonly string[]> = {
  JAHIT: ['Usaha jahit pakaian dan permak di rumah', 'Menerima jahitan seragam sekolah dan kebaya'],
  KERAJINAN: ['Kerajinan keset kain perca dan manik-manik untuk dijual di pasar', 'Kerajinan anyaman dan souvenir'],
  KULINER: ['Warung makan dan jajanan pasar', 'Produksi keripik dan kue kering untuk dititipkan ke toko'],
  PERTANIAN: ['Budidaya sayuran di pekarangan dan lahan sewa', 'Budidaya jamur tiram'],
  PETERNAKAN: ['Ternak kambing dua ekor untuk dikembangbiakkan', 'Ternak ayam kampung petelur'],
  PERDAGANGAN: ['Toko kelontong kecil di depan rumah', 'Berjualan sembako dan pulsa'],
  JASA: ['Jasa tambal ban dan servis sepeda motor', 'Jasa potong rambut'],
  OTHER: ['Usaha cuci sepatu dan tas', 'Usaha daur ulang sampah plastik'],
};
export const BUSINESS_NAME_PREFIX: Record<string, readonly string[]> = {
  JAHIT: ['Jahit', 'Konveksi', 'Penjahit'],
  KERAJINAN: ['Kerajinan', 'Keset', 'Manik'],
  KULINER: ['Warung', 'Keripik', 'Kue'],
  PERTANIAN: ['Kebun', 'Jamur', 'Tani'],
  PETERNAKAN: ['Ternak', 'Kandang'],
  PERDAGANGAN: ['Toko', 'Kios'],
  JASA: ['Bengkel', 'Pangkas Rambut', 'Servis'],
  OTHER: ['Usaha', 'Cuci Sepatu'],
};
export const BUSINESS_NAME_SUFFIX = [
  'Barokah',
  'Sejahtera',
  'Mandiri',
  'Lestari',
  'Berkah',
  'Makmur',
  'Rejeki',
  'Jaya',
];
export const REPORT_NOTES = {
  up: ['Pesanan meningkat menjelang hari raya', 'Mendapat pelanggan tetap baru', 'Menambah satu pekerja'],
  down: ['Bahan baku naik', 'Sepi pembeli', 'Mesin rusak, produksi berkurang'],
  closed: ['Usaha berhenti: pemilik sakit', 'Usaha tutup, modal habis'],
};
export const SECTOR_SKILL: Record<string, string> = {
  JAHIT: 'MENJAHIT',
  KERAJINAN: 'KESET_KAIN_PERCA',
  KULINER: 'KULINER',
  PERTANIAN: 'PERTANIAN',
  PETERNAKAN: 'PERTANIAN',
  PERDAGANGAN: 'OTHER',
  JASA: 'OTHER',
  OTHER: 'OTHER',
};
export const STATED_SKILLS: Record<string, string> = {
  JAHIT: 'Menjahit (belajar di UPT)',
  KERAJINAN: 'Membuat keset kain perca',
  KULINER: 'Memasak dan membuat kue',
  PERTANIAN: 'Bertani sayuran',
  PETERNAKAN: 'Beternak kambing',
  PERDAGANGAN: 'Berdagang',
  JASA: 'Servis sepeda motor',
  OTHER: 'Keterampilan rumah tangga',
};
export const GRANT_REJECTIONS = [
  'Usulan belum dilengkapi surat pernyataan penggunaan bantuan',
  'Penerima sudah memperoleh bantuan sejenis dari program lain',
];
export const GRANT_WITHDRAWALS = ['Penerima pindah domisili ke luar daerah', 'Keluarga meminta usulan dibatalkan'];

export const TRAINING_TITLES: Record<string, readonly string[]> = {
  KESET_KAIN_PERCA: ['Pelatihan Keset Kain Perca', 'Pelatihan Kerajinan Kain Perca'],
  MERONCE_MANIK_MANIK: ['Pelatihan Meronce Manik-Manik'],
  MENJAHIT: ['Pelatihan Menjahit Dasar', 'Pelatihan Menjahit Pakaian'],
  MEMBATIK: ['Pelatihan Membatik Tulis', 'Pelatihan Batik Cap'],
  KULINER: ['Pelatihan Tata Boga', 'Pelatihan Olahan Pangan Lokal'],
  PERTANIAN: ['Pelatihan Budidaya Sayuran', 'Pelatihan Budidaya Jamur'],
  OTHER: ['Pelatihan Kewirausahaan'],
};

export const PRODUCT_NAMES: Record<string, readonly string[]> = {
  KESET: ['Keset Kain Perca Motif Bunga', 'Keset Perca Bulat', 'Keset Kaki Anyam'],
  MANIK_MANIK: ['Gelang Manik-Manik', 'Kalung Manik Etnik', 'Tas Manik'],
  TEKSTIL: ['Batik Tulis Motif Daun', 'Kain Batik Cap', 'Taplak Meja Bordir', 'Masker Kain'],
  KULINER: ['Keripik Tempe', 'Kue Kering Nastar', 'Sambal Pecel', 'Kerupuk Ikan'],
  KERAJINAN: ['Tas Anyaman Pandan', 'Vas Bunga Bambu', 'Tempat Tisu Kayu'],
  OTHER: ['Sabun Cuci Cair', 'Pupuk Kompos'],
};
export const PRODUCT_PRICES: Record<string, readonly [number, number]> = {
  KESET: [15_000, 45_000],
  MANIK_MANIK: [20_000, 120_000],
  TEKSTIL: [60_000, 450_000],
  KULINER: [10_000, 40_000],
  KERAJINAN: [25_000, 150_000],
  OTHER: [8_000, 30_000],
};

export const SURVEY_COMMENTS = [
  'Pelayanan ramah dan cepat',
  'Petugas sabar menjelaskan persyaratan',
  'Antrean terlalu lama',
  'Mohon informasi jadwal layanan diperjelas',
  'Terima kasih, sangat membantu keluarga kami',
];

export const RELEASE_TEAMS = [
  'Tim JSC Dinsos Provinsi, Dinsos kabupaten, Puskesmas dan perangkat desa',
  'Tiga pilar kecamatan bersama TKSK dan bidan desa',
];
export const RSJ_NAMES = {
  '35': ['RSJ Menur Surabaya', 'RSJ dr. Radjiman Wediodiningrat Lawang'],
  '64': ['RSJD Atma Husada Mahakam Samarinda'],
} as const;
export const CAUSES_OF_DEATH = ['Sakit (komplikasi penyakit dalam)', 'Usia lanjut'];

export function sentence(prng: Prng, options: readonly string[]): string {
  return prng.pick(options);
}

/** An Indonesian mobile number (08xx-xxxx-xxxx), plausible, not real. */
export function phoneNumber(prng: Prng): string {
  const prefix = prng.pick(['0812', '0813', '0821', '0822', '0852', '0853', '0856', '0857', '0878', '0895']);
  return `${prefix}${String(prng.int(1_000_000, 99_999_999)).padStart(8, '0')}`;
}
