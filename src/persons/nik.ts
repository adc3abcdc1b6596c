import type { LocalizedText } from '../common/i18n';

// Pure rules for NIK and KK numbers (DOMAIN.md §3). No database and no Nest, so the DTO layer, the services, the
// import scripts and the property-based tests all share one definition.

export const NIK_RULES = ['NIK_FORMAT', 'NIK_REGION', 'NIK_BIRTH_DATE', 'NIK_SERIAL'] as const;
export type NikRule = (typeof NIK_RULES)[number];

export const NIK_WARNING_CODES = ['NIK_DISTRICT_UNKNOWN', 'NIK_BIRTH_DATE_MISMATCH', 'NIK_SEX_MISMATCH'] as const;
export type NikWarningCode = (typeof NIK_WARNING_CODES)[number];

export const KK_RULES = ['KK_FORMAT', 'KK_REGION'] as const;
export type KkRule = (typeof KK_RULES)[number];

export type Sex = 'M' | 'F';
export type BirthDatePrecision = 'DAY' | 'MONTH' | 'YEAR' | 'ESTIMATED';

export interface NikWarning {
  code: NikWarningCode;
  message: LocalizedText;
}

export interface KnownRegions {
  regencies: ReadonlySet<string>;
  districts: ReadonlySet<string>;
}

export interface NikClaims {
  /** YYYY-MM-DD, already validated by the caller's DTO. */
  birthDate?: string;
  /** Absent means the birth date is taken as exact (DAY). */
  birthDatePrecision?: BirthDatePrecision;
  sex?: Sex;
}

export type NikCheck =
  | {
      ok: true;
      nik: string;
      /** YYYY-MM-DD read from the NIK; the century is inferred (see `inferBirthYear`). */
      birthDate: string;
      sex: Sex;
      regencyCode: string;
      districtCode: string;
      warnings: NikWarning[];
    }
  | { ok: false; rule: NikRule };

export type KkCheck = { ok: true } | { ok: false; rule: KkRule };

export const NIK_RULE_MESSAGES: Record<NikRule, LocalizedText> = {
  NIK_FORMAT: {
    id: 'NIK harus 16 digit angka',
    en: 'NIK must be exactly 16 digits',
  },
  NIK_REGION: {
    id: 'Empat digit pertama NIK harus kode kabupaten/kota di provinsi yang dilayani',
    en: 'The first 4 digits of the NIK must be the code of a regency or city in a supported province',
  },
  NIK_BIRTH_DATE: {
    id: 'Digit 7–12 NIK harus tanggal lahir yang valid (DDMMYY, tanggal ditambah 40 untuk perempuan)',
    en: 'Digits 7–12 of the NIK must be a real birth date as DDMMYY, with 40 added to the day for women',
  },
  NIK_SERIAL: {
    id: 'Empat digit terakhir NIK (nomor urut) tidak boleh 0000',
    en: 'The last 4 digits of the NIK (serial number) must not be 0000',
  },
};

// Warning texts carry no values from the NIK or the claim: warnings are returned to clients and may be logged, and a
// birth date next to a name is personal data (UU PDP).
export const NIK_WARNING_MESSAGES: Record<NikWarningCode, LocalizedText> = {
  NIK_DISTRICT_UNKNOWN: {
    id: 'Kode kecamatan pada NIK (digit 1–6) tidak ada dalam daftar kecamatan; NIK tetap diterima karena kecamatan yang dimekarkan setelah pendaftaran tetap memakai kode lama',
    en: 'The district code in the NIK (digits 1–6) is not in the district list; the NIK is accepted because districts split after registration keep their old codes',
  },
  NIK_BIRTH_DATE_MISMATCH: {
    id: 'Tanggal lahir pada NIK (digit 7–12) berbeda dengan tanggal lahir yang diisi; NIK tetap diterima karena Dukcapil tidak mengubah NIK',
    en: 'The birth date in the NIK (digits 7–12) differs from the birth date given; the NIK is accepted because Dukcapil does not change a NIK',
  },
  NIK_SEX_MISMATCH: {
    id: 'Jenis kelamin pada NIK (tanggal lahir ditambah 40 untuk perempuan) berbeda dengan jenis kelamin yang diisi; NIK tetap diterima karena Dukcapil tidak mengubah NIK',
    en: 'The sex encoded in the NIK (birth day plus 40 for women) differs from the sex given; the NIK is accepted because Dukcapil does not change a NIK',
  },
};

export const KK_RULE_MESSAGES: Record<KkRule, LocalizedText> = {
  KK_FORMAT: {
    id: 'Nomor KK harus 16 digit angka',
    en: 'The KK number must be exactly 16 digits',
  },
  KK_REGION: {
    id: 'Empat digit pertama nomor KK harus kode kabupaten/kota di provinsi yang dilayani',
    en: 'The first 4 digits of the KK number must be the code of a regency or city in a supported province',
  },
};

// `[0-9]`, not `\d` with the u flag or Number(): Arabic-Indic or full-width digits must not pass as a NIK.
const SIXTEEN_DIGITS = /^[0-9]{16}$/;
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const FEMALE_DAY_OFFSET = 40;
// The eastern of the two supported provinces (Kalimantan Timur, WITA, UTC+8, no daylight saving). Taking "today"
// there means a child registered on its birth day is never read as born in the future, i.e. 100 years ago.
const WITA_OFFSET_MS = 8 * 60 * 60 * 1000;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function validateNik(
  nik: string,
  known: KnownRegions,
  claimed: NikClaims = {},
  today: Date = new Date(),
): NikCheck {
  if (!SIXTEEN_DIGITS.test(nik)) return { ok: false, rule: 'NIK_FORMAT' };

  const regencyCode = nik.slice(0, 4);
  if (!known.regencies.has(regencyCode)) return { ok: false, rule: 'NIK_REGION' };

  const encoded = decodeBirthDigits(nik.slice(6, 12));
  if (!encoded) return { ok: false, rule: 'NIK_BIRTH_DATE' };
  const year = inferBirthYear(encoded.yy, encoded.month, encoded.day, calendarDateInWita(today));
  if (encoded.day > daysInMonth(year, encoded.month)) return { ok: false, rule: 'NIK_BIRTH_DATE' };

  if (nik.slice(12) === '0000') return { ok: false, rule: 'NIK_SERIAL' };

  const districtCode = nik.slice(0, 6);
  const warnings: NikWarning[] = [];
  if (!known.districts.has(districtCode)) warnings.push(warning('NIK_DISTRICT_UNKNOWN'));
  if (claimed.birthDate !== undefined && birthDateDisagrees(encoded, claimed.birthDate, claimed.birthDatePrecision)) {
    warnings.push(warning('NIK_BIRTH_DATE_MISMATCH'));
  }
  if (claimed.sex !== undefined && claimed.sex !== encoded.sex) warnings.push(warning('NIK_SEX_MISMATCH'));

  return {
    ok: true,
    nik,
    birthDate: formatDate({ year, month: encoded.month, day: encoded.day }),
    sex: encoded.sex,
    regencyCode,
    districtCode,
    warnings,
  };
}

export function validateKk(kk: string, known: { regencies: ReadonlySet<string> }): KkCheck {
  if (!SIXTEEN_DIGITS.test(kk)) return { ok: false, rule: 'KK_FORMAT' };
  // Digits 7–16 are a registration date and a family serial per SIAK, but the source describing them is incomplete
  // (DOMAIN.md §3, "Uncertain"), so they are not checked: a wrong rejection would block a real family.
  if (!known.regencies.has(kk.slice(0, 4))) return { ok: false, rule: 'KK_REGION' };
  return { ok: true };
}

/**
 * `3571015203850001` → `3571********0001`. A value too short to hide at least 8 characters (never a valid NIK or KK,
 * but masking must not leak a malformed one) is masked whole.
 */
export function maskIdentityNumber(value: string): string {
  if (value.length < 16) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

export interface NikParts {
  /** 6 digits: province, regency, district. */
  districtCode: string;
  /** YYYY-MM-DD; only the last two digits of the year are encoded. */
  birthDate: string;
  sex: Sex;
  /** 1–9999 (0 is allowed so tests can build invalid NIKs). */
  serial: number;
}

/** Builds a NIK from its parts; used by tests and seed data. Does not validate. */
export function nikFor(parts: NikParts): string {
  const [year, month, day] = parts.birthDate.split('-');
  const encodedDay = Number(day) + (parts.sex === 'F' ? FEMALE_DAY_OFFSET : 0);
  return `${parts.districtCode}${pad(encodedDay, 2)}${month}${year.slice(-2)}${pad(parts.serial, 4)}`;
}

interface EncodedBirthDate {
  yy: number;
  month: number;
  day: number;
  sex: Sex;
}

// Digits 7–12 as DDMMYY; the calendar check needs the century, so it happens after `inferBirthYear`.
function decodeBirthDigits(digits: string): EncodedBirthDate | undefined {
  const encodedDay = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  if (month < 1 || month > 12) return undefined;
  if (encodedDay >= 1 && encodedDay <= 31) return { yy, month, day: encodedDay, sex: 'M' };
  const day = encodedDay - FEMALE_DAY_OFFSET;
  if (day >= 1 && day <= 31) return { yy, month, day, sex: 'F' };
  return undefined;
}

// The NIK holds only two year digits. The latest year ending in them that does not put the birth after today gives a
// window of exactly 100 years ending today; older people are read as a century too young, which is the least bad
// guess for a register of living people. 29 February in a non-leap inferred year (e.g. YY 00 read as 2100) fails.
function inferBirthYear(yy: number, month: number, day: number, today: CalendarDate): number {
  let year = today.year - ((((today.year - yy) % 100) + 100) % 100);
  const laterThisYear = month > today.month || (month === today.month && day > today.day);
  if (year === today.year && laterThisYear) year -= 100;
  return year;
}

// Compares on the NIK's own digits, not the inferred century, so a centenarian's claimed 1924 still matches YY 24.
function birthDateDisagrees(
  encoded: EncodedBirthDate,
  claimedDate: string,
  precision: BirthDatePrecision = 'DAY',
): boolean {
  if (precision === 'ESTIMATED') return false;
  const match = ISO_DATE.exec(claimedDate);
  // The DTO rejects a malformed date before this runs; there is nothing meaningful to compare against here.
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  if (year % 100 !== encoded.yy) return true;
  if (precision === 'YEAR') return false;
  if (month !== encoded.month) return true;
  if (precision === 'MONTH') return false;
  return day !== encoded.day;
}

function calendarDateInWita(instant: Date): CalendarDate {
  const shifted = new Date(instant.getTime() + WITA_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function formatDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function warning(code: NikWarningCode): NikWarning {
  return { code, message: NIK_WARNING_MESSAGES[code] };
}
