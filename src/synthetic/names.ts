import { Prng } from './prng';

/**
 * Indonesian personal names for the synthetic data set, by ethnic group, sex and generation. The pools are common
 * names of each group as they appear on KTP; the shapes follow each group's naming custom (docs/synthetic-data.md):
 * older Javanese carry one name, younger ones two; Madurese and Banjar names are mostly Arabic-derived with their
 * own spellings (Moh., Sitti, Noor); Bugis nobility carry "Andi", Kutai and Paser "Aji"; Dayak and Toraja people
 * mostly carry a Christian name with a name of their own; Chinese- and Arab-Indonesian families a surname.
 */

export const ETHNICITIES = [
  'JAWA',
  'MADURA',
  'TIONGHOA',
  'ARAB',
  'BANJAR',
  'BUGIS',
  'DAYAK',
  'KUTAI',
  'PASER',
  'TORAJA',
] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];
export type NameSex = 'M' | 'F';

const list = (text: string): readonly string[] => text.trim().split(/\s*,\s*/);

const POOLS = {
  javaOldM: list(`Slamet, Sugiyono, Suparno, Sutrisno, Sukirman, Paimin, Tukiman, Sumarno, Wagiman, Suyanto, Supardi,
    Bambang, Joko, Sarmin, Darmaji, Ngadiman, Mujiono, Kasno, Tarmuji, Parman, Sukardi, Warsito, Sugeng, Mulyono,
    Purnomo, Hartono, Sunarto, Suyatno, Gimin, Sodikin, Tumiran, Sumadi, Karsono, Marsudi, Ponidi, Kadiran, Sukadi,
    Suwarno, Sumarto, Wiyono`),
  javaOldF: list(`Suparmi, Sumini, Painem, Tumini, Sulastri, Sriyatun, Kasiyem, Ngatini, Poniyem, Sukinah, Wartini,
    Parmi, Tukini, Sumarni, Suwarni, Rukmini, Jumiati, Sugiyem, Partini, Mujiati, Lasmi, Tarsiyah, Sutinah, Sumiyati,
    Katinem, Sarinah, Ngatiyem, Suminah, Warsini, Jumirah`),
  javaFirstM: list(`Agus, Eko, Dwi, Tri, Adi, Rudi, Hendra, Fajar, Rizki, Dimas, Bayu, Yoga, Wahyu, Arif, Imam, Teguh,
    Anton, Heru, Setyo, Dedi, Yudi, Andik, Catur, Danang, Galih, Bagus, Gilang, Yusuf, Hadi, Rahmat`),
  javaFirstF: list(`Dwi, Sri, Tri, Eka, Ayu, Dewi, Rina, Wulan, Indah, Fitri, Yuni, Lina, Ratna, Endang, Puji, Anik,
    Erna, Dian, Nanik, Yeni, Retno, Ika, Novi, Evi`),
  javaLastM: list(`Setiawan, Prasetyo, Santoso, Wibowo, Saputra, Nugroho, Kurniawan, Hidayat, Susanto, Pratama,
    Firmansyah, Purnomo, Hartono, Cahyono, Suryanto, Haryanto, Utomo, Prabowo, Wicaksono, Riyadi, Wahyudi, Sulistyo,
    Budiman, Darmawan`),
  javaLastF: list(`Lestari, Wahyuni, Rahayu, Susanti, Handayani, Purwanti, Astuti, Kurniasih, Rahmawati,
    Setyaningsih, Ningsih, Utami, Wulandari, Safitri, Puspitasari, Anggraini, Mulyani, Pratiwi, Maharani, Sulistyowati,
    Kusumawati, Nurhayati`),
  islamicM: list(`Ahmad, Abdul Rohman, Imron, Mustofa, Zainal Arifin, Nur Hadi, Syaiful, Khoirul Anam, Mashuri,
    Rohmat, Masykur, Ainur Rofiq, Fathur Rozi, Saiful Bahri, Luqman Hakim`),
  islamicF: list(`Siti Aminah, Siti Khotijah, Nur Laila, Umi Kulsum, Siti Fatimah, Khoirun Nisa, Siti Maisaroh,
    Nur Aini, Lailatul Fitriyah, Siti Rohmah, Ummi Hanik, Nurul Hidayah`),
  maduraM: list(`Matrawi, Marsuki, Suhairi, Holil, Busyro, Sahri, Mukarram, Marzuki, Hosen, Mistari, Jumadi, Sukri,
    Hafid, Nawawi, Ruslan, Sahlan, Fathorrahman, Abdul Mannan, Abd. Rahem, Sahrawi, Juhri, Sanusi, Muhlis, Hairul,
    Ach. Fauzi, Moh. Hasan, Moh. Toha, Moh. Sholeh, Moh. Ridwan, Moch. Syafi'i`),
  maduraF: list(`Sitti Aisyah, Sitti Maryam, Holifah, Hosniyah, Mistiyah, Juhairiyah, Musyarrofah, Nur Hasanah,
    Sumiati, Rohmah, Fatimah, Zainab, Halimah, Badriyah, Maimunah, Satiyah, Asiyah, Mukarromah, Lailatul Qomariyah,
    Sitti Romlah, Marhamah, Hatijah, Sahwiyah, Muhsinah`),
  tionghoaFirstM: list(`Hendra, Budi, Andreas, Yohan, Steven, Kevin, William, Lukas, Teddy, Rudy, Hengky, Felix`),
  tionghoaFirstF: list(`Lindawati, Yuliana, Susan, Lanny, Meiliana, Fransisca, Jessica, Vivian, Lily, Melinda, Liana`),
  tionghoaLast: list(`Wijaya, Gunawan, Halim, Tanoto, Santoso, Kusuma, Tanuwijaya, Wibisono, Sugianto, Hartanto,
    Salim, Lim, Tanjung, Setiadi`),
  arabFirstM: list(`Ahmad, Muhammad, Husein, Hasan, Umar, Ali, Abdullah, Salim, Faisal, Hamid, Alwi`),
  arabFirstF: list(`Fatimah, Aisyah, Khadijah, Zahra, Syarifah Nur, Nabila, Sa'diyah, Rugayah, Salma`),
  arabLast: list(`Assegaf, Alatas, Alaydrus, Bawazier, Baswedan, Al Habsyi, Aljufri, Alkaff, Basalamah, Bahasuan`),
  banjarM: list(`Ramli, Yusran, Fauzi, Hairul, Rusdiansyah, Jumberi, Arsyad, Syahrani, Abdul Gani, Hairil Anwar,
    Rusli, Junaidi, Arbain, Hamdani, Rahmadi, Hasbullah, Mahyudin, Supiani, Akhmad Fauzan, Noor Ifansyah, Saberi,
    Jailani, Mursyid, Taufik Rahman`),
  banjarF: list(`Siti Aisyah, Mahrita, Rahmini, Norhayati, Noor Jannah, Hairiyah, Mariatul Kiptiah, Rusmini,
    Salasiah, Hamidah, Jamilah, Masitah, Fatimah, Norliana, Raudah, Mahmudah, Hayatun Nufus, Rabiatul Adawiyah,
    Noorhasanah, Samsiah`),
  bugisM: list(`Muhammad Arsyad, Hasanuddin, Syamsuddin, Kamaruddin, Baharuddin, Jamaluddin, Haeruddin, Rusdi,
    Baso, Sudirman, Amiruddin, Nasrullah, Irwan, Herman, Ambo Tang, Ambo Upe, Muhammad Yusuf, Abdul Rasyid,
    Syahrir, Ismail, Hamzah, Saharuddin, Mustamin, Alimuddin`),
  bugisF: list(`Hasnah, Sitti Rahmah, Nurhayati, Hasniah, Rosmiati, Sitti Hajar, Sunarti, Nurlina, Haslinda, Wahidah,
    Jumriah, Sitti Nurbaya, Hadijah, Mardiana, Rahmawati, Besse, Hasmawati, Nurmiati, Sitti Aminah, Ratnawati`),
  christianM: list(`Yohanes, Petrus, Paulus, Markus, Lukas, Stefanus, Yosef, Fransiskus, Antonius, Yakobus,
    Agustinus, Ignasius, Matius, Benediktus, Simon`),
  christianF: list(`Maria, Theresia, Magdalena, Agustina, Elisabeth, Veronika, Yuliana, Kristina, Martha, Ursula,
    Anastasia, Yohana, Marthina, Debora, Ester, Ruth`),
  dayak: list(`Lahang, Ajang, Ding, Hang, Ngo, Jalung, Laing, Bilung, Lusang, Ping, Uyang, Hibau, Kueng, Ibau,
    Belawan, Anyeq, Lawing, Usat, Lian, Ajeng, Ubung, Aran, Jau, Ledang, Hanyeq, Bawan, Lirung, Ngau`),
  kutaiM: list(`Syahrani, Rusliansyah, Jumransyah, Abdul Rahim, Basri, Hamdani, Arbain, Iskandar, Zainuddin,
    Syahrudin, Muhammad Noor, Rusdiansyah, Khairuddin, Awang Darmawan, Suriansyah, Ardiansyah, Masrani`),
  kutaiF: list(`Siti Jamilah, Masnah, Rusmini, Dayang Nurhayati, Mariana, Salmah, Norhasanah, Aminah, Saodah,
    Halimatussa'diah, Jumiati, Rusmiati, Hamsiah, Bariah`),
  paserM: list(`Sulaiman, Kamaruddin, Iskandar, Idris, Bahrani, Rahmadi, Jailani, Darmansyah, Kaharudin, Usman`),
  paserF: list(`Nurbaya, Arbaiyah, Hasanah, Jumrah, Salbiah, Masriah, Rukiah, Aisah, Saniah`),
  toraja: list(`Pakiding, Tandirerung, Sampe, Rante, Palinggi, Tangdilintin, Sarira, Allo, Tandi, Pasang, Lebang,
    Patandung, Paembonan, Sambara`),
};

/**
 * Shares of ethnic groups per regency, in percent. Province-level shares follow the 2010 population census as
 * commonly cited (Jawa Timur: Javanese about 80 %, Madurese about 18 %; Kalimantan Timur: Javanese 30 %, Bugis 21 %,
 * Banjar 14 %, Dayak groups 10 %, Kutai 9 %, Toraja and Paser 2 % each); the split between regencies is this
 * project's assumption from where each group is known to live (docs/synthetic-data.md). Unlisted regencies of
 * Jawa Timur take the "mataraman" default.
 */
const REGENCY_ETHNICITIES: Record<string, Partial<Record<Ethnicity, number>>> = {
  // Madura island.
  '3526': { MADURA: 96, JAWA: 3, ARAB: 1 },
  '3527': { MADURA: 98, JAWA: 2 },
  '3528': { MADURA: 97, JAWA: 2, ARAB: 1 },
  '3529': { MADURA: 97, JAWA: 3 },
  // Tapal Kuda (the eastern "horseshoe"), long settled by Madurese.
  '3508': { JAWA: 64, MADURA: 36 },
  '3509': { JAWA: 54, MADURA: 45, TIONGHOA: 1 },
  '3510': { JAWA: 80, MADURA: 19, TIONGHOA: 1 },
  '3511': { MADURA: 80, JAWA: 20 },
  '3512': { MADURA: 75, JAWA: 25 },
  '3513': { JAWA: 50, MADURA: 50 },
  '3514': { JAWA: 67, MADURA: 30, ARAB: 3 },
  '3574': { JAWA: 54, MADURA: 42, TIONGHOA: 2, ARAB: 2 },
  '3575': { JAWA: 58, MADURA: 30, ARAB: 8, TIONGHOA: 4 },
  // Cities and the Surabaya ring.
  '3578': { JAWA: 74, MADURA: 17, TIONGHOA: 6, ARAB: 3 },
  '3515': { JAWA: 89, MADURA: 9, TIONGHOA: 2 },
  '3525': { JAWA: 89, MADURA: 8, ARAB: 3 },
  '3573': { JAWA: 89, MADURA: 5, TIONGHOA: 5, ARAB: 1 },
  '3507': { JAWA: 88, MADURA: 12 },
  '3571': { JAWA: 96, TIONGHOA: 3, MADURA: 1 },
  // Kalimantan Timur.
  '6401': { BUGIS: 30, JAWA: 25, BANJAR: 18, PASER: 22, DAYAK: 5 },
  '6402': { KUTAI: 30, JAWA: 25, BANJAR: 18, BUGIS: 15, DAYAK: 10, TORAJA: 2 },
  '6403': { BUGIS: 27, JAWA: 25, BANJAR: 20, DAYAK: 18, KUTAI: 10 },
  '6407': { DAYAK: 60, KUTAI: 14, JAWA: 15, BANJAR: 8, TORAJA: 3 },
  '6408': { BUGIS: 30, JAWA: 30, KUTAI: 15, DAYAK: 13, BANJAR: 8, TORAJA: 4 },
  '6409': { JAWA: 36, BUGIS: 30, BANJAR: 18, PASER: 16 },
  '6411': { DAYAK: 88, KUTAI: 6, JAWA: 4, BANJAR: 2 },
  '6471': { JAWA: 36, BUGIS: 25, BANJAR: 20, TORAJA: 6, KUTAI: 4, DAYAK: 3, TIONGHOA: 6 },
  '6472': { BANJAR: 32, JAWA: 30, BUGIS: 20, KUTAI: 7, DAYAK: 5, TORAJA: 3, TIONGHOA: 3 },
  '6474': { BUGIS: 35, JAWA: 30, BANJAR: 15, KUTAI: 10, TORAJA: 8, DAYAK: 2 },
};
const JATIM_DEFAULT: Partial<Record<Ethnicity, number>> = { JAWA: 97, MADURA: 2.5, TIONGHOA: 0.5 };
const KALTIM_DEFAULT: Partial<Record<Ethnicity, number>> = { JAWA: 30, BUGIS: 21, BANJAR: 14, DAYAK: 10, KUTAI: 9 };

/** The ethnic mix assumed for a regency (4-digit code), as weighted entries. */
export function ethnicityWeights(regencyCode: string): ReadonlyArray<readonly [Ethnicity, number]> {
  let weights = WEIGHTS.get(regencyCode);
  if (!weights) {
    const shares = REGENCY_ETHNICITIES[regencyCode] ?? (regencyCode.startsWith('64') ? KALTIM_DEFAULT : JATIM_DEFAULT);
    weights = Object.entries(shares) as [Ethnicity, number][];
    WEIGHTS.set(regencyCode, weights);
  }
  return weights;
}
const WEIGHTS = new Map<string, ReadonlyArray<readonly [Ethnicity, number]>>();

export function pickEthnicity(prng: Prng, regencyCode: string): Ethnicity {
  return prng.weighted(ethnicityWeights(regencyCode));
}

/** A full name for a person of this group, sex and birth year (the naming fashion changed around the 1970s). */
export function personName(prng: Prng, ethnicity: Ethnicity, sex: NameSex, birthYear: number): string {
  const male = sex === 'M';
  const older = birthYear < 1972;
  switch (ethnicity) {
    case 'JAWA':
      if (older && prng.chance(0.75)) return prng.pick(male ? POOLS.javaOldM : POOLS.javaOldF);
      if (prng.chance(0.2)) return prng.pick(male ? POOLS.islamicM : POOLS.islamicF);
      if (male && prng.chance(0.12)) return `Muhammad ${prng.pick(POOLS.javaLastM)}`;
      return `${prng.pick(male ? POOLS.javaFirstM : POOLS.javaFirstF)} ${prng.pick(male ? POOLS.javaLastM : POOLS.javaLastF)}`;
    case 'MADURA':
      if (!older && prng.chance(0.3)) return prng.pick(male ? POOLS.islamicM : POOLS.islamicF);
      return prng.pick(male ? POOLS.maduraM : POOLS.maduraF);
    case 'TIONGHOA':
      return `${prng.pick(male ? POOLS.tionghoaFirstM : POOLS.tionghoaFirstF)} ${prng.pick(POOLS.tionghoaLast)}`;
    case 'ARAB':
      return `${prng.pick(male ? POOLS.arabFirstM : POOLS.arabFirstF)} ${prng.pick(POOLS.arabLast)}`;
    case 'BANJAR': {
      const base =
        male && prng.chance(0.35)
          ? `Muhammad ${prng.pick(POOLS.banjarM)}`
          : prng.pick(male ? POOLS.banjarM : POOLS.banjarF);
      // Gusti / Antung: Banjar nobility, a few percent.
      return prng.chance(0.04) ? `${male || prng.chance(0.5) ? 'Gusti' : 'Antung'} ${base}` : base;
    }
    case 'BUGIS': {
      const base = prng.pick(male ? POOLS.bugisM : POOLS.bugisF);
      return prng.chance(0.12) ? `Andi ${base}` : base;
    }
    case 'DAYAK': {
      if (prng.chance(0.15)) return `${prng.pick(POOLS.dayak)} ${prng.pick(POOLS.dayak)}`;
      return `${prng.pick(male ? POOLS.christianM : POOLS.christianF)} ${prng.pick(POOLS.dayak)}`;
    }
    case 'KUTAI': {
      const base = prng.pick(male ? POOLS.kutaiM : POOLS.kutaiF);
      return prng.chance(0.08) ? `Aji ${base}` : base;
    }
    case 'PASER': {
      const base = prng.pick(male ? POOLS.paserM : POOLS.paserF);
      return prng.chance(0.06) ? `Aji ${base}` : base;
    }
    case 'TORAJA':
      return `${prng.pick(male ? POOLS.christianM : POOLS.christianF)} ${prng.pick(POOLS.toraja)}`;
  }
}

/** A name a person is also known by: the last part of a two-part name, or a common call name. */
export function aliasOf(fullName: string): string | null {
  const parts = fullName.replace(/^(Andi|Aji|Gusti|Antung|Muhammad|Moh\.|Moch\.|Ach\.|Abd\.)\s+/, '').split(' ');
  return parts.length > 1 ? parts[parts.length - 1] : null;
}

/** The first group of a regency, for names of staff and places. */
export function mainEthnicity(regencyCode: string): Ethnicity {
  return [...ethnicityWeights(regencyCode)].sort((a, b) => b[1] - a[1])[0][0];
}
