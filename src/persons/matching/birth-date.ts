// How close two recorded birth dates are, given how precisely each was known. Many people reaching social services
// have no documents: their age is estimated by staff, or only a year is known, so precision decides the tolerance.

export type BirthDatePrecision = 'DAY' | 'MONTH' | 'YEAR' | 'ESTIMATED';

export interface BirthDateTolerance {
  /** Days by which two DAY dates may differ and still count as the same date (0: exact). */
  dayToleranceDays: number;
  /** Days by which dates may differ when the looser of the two is known to the MONTH. */
  monthToleranceDays: number;
  /** Years by which dates may differ when the looser of the two is a YEAR or an ESTIMATED age. */
  yearToleranceYears: number;
}

export const DEFAULT_BIRTH_DATE_TOLERANCE: BirthDateTolerance = {
  dayToleranceDays: 0,
  monthToleranceDays: 31,
  yearToleranceYears: 2,
};

export interface ParsedBirthDate {
  readonly text: string;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Days since 1970-01-01. */
  readonly dayNumber: number;
  /** The precision used for matching, which may be looser than the recorded one (see parseBirthDate). */
  readonly precision: BirthDatePrecision;
}

export type BirthDateVerdict =
  | 'birth-date-same'
  | 'birth-date-within-tolerance'
  | 'birth-date-day-month-swapped'
  | 'birth-date-typo'
  | 'birth-date-near'
  | 'birth-date-far'
  | 'birth-date-unknown';

export interface BirthDateCloseness {
  /** 1: the same date as far as precision allows; 0: not the same person's date. Null when either is unknown. */
  score: number | null;
  verdict: BirthDateVerdict;
}

const RANK: Record<BirthDatePrecision, number> = { DAY: 0, MONTH: 1, YEAR: 2, ESTIMATED: 3 };
const MS_PER_DAY = 86_400_000;
const DAYS_PER_YEAR = 365;

/** Parses 'YYYY-MM-DD'; null for null or a malformed date (validation belongs to the caller's DTO). */
export function parseBirthDate(text: string | null, precision: BirthDatePrecision | null): ParsedBirthDate | null {
  if (text === null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  if (new Date(ms).getUTCDate() !== day || month < 1 || month > 12) return null;
  let effective = precision ?? 'DAY';
  // 1 January and 31 December are what registries write when only the year is known, so a "DAY" date on either is
  // matched as a year.
  if (effective === 'DAY' && ((month === 1 && day === 1) || (month === 12 && day === 31))) effective = 'YEAR';
  return { text, year, month, day, dayNumber: Math.round(ms / MS_PER_DAY), precision: effective };
}

/** How well two birth dates agree, judged at the precision of the less precise one. */
export function birthDateCloseness(
  a: ParsedBirthDate | null,
  b: ParsedBirthDate | null,
  tolerance: BirthDateTolerance = DEFAULT_BIRTH_DATE_TOLERANCE,
): BirthDateCloseness {
  if (a === null || b === null) return { score: null, verdict: 'birth-date-unknown' };
  const looser = Math.max(RANK[a.precision], RANK[b.precision]);

  if (looser >= RANK.YEAR) {
    const years = Math.abs(a.year - b.year);
    return withinOrDecay(years, tolerance.yearToleranceYears, 2 * tolerance.yearToleranceYears + 1, years === 0);
  }
  if (looser === RANK.MONTH) {
    // A MONTH date stands for its whole month, so the distance is the gap between the month and the other date.
    const gap = Math.max(0, firstDay(b) - lastDay(a), firstDay(a) - lastDay(b));
    return withinOrDecay(gap, tolerance.monthToleranceDays, DAYS_PER_YEAR, gap === 0);
  }
  const days = Math.abs(a.dayNumber - b.dayNumber);
  if (days <= tolerance.dayToleranceDays) {
    return { score: 1, verdict: days === 0 ? 'birth-date-same' : 'birth-date-within-tolerance' };
  }
  // Two exact dates that differ: data entry slips are far likelier than a coincidence of two nearly equal dates.
  if (a.year === b.year && a.month === b.day && a.day === b.month) {
    return { score: 0.8, verdict: 'birth-date-day-month-swapped' };
  }
  if (isOneKeystrokeApart(a.text, b.text)) return { score: 0.75, verdict: 'birth-date-typo' };
  if (days <= 31) return { score: 0.5, verdict: 'birth-date-near' };
  return { score: Math.max(0, 0.5 * (1 - (days - 31) / (DAYS_PER_YEAR - 31))), verdict: 'birth-date-far' };
}

function firstDay(date: ParsedBirthDate): number {
  return date.precision === 'MONTH' ? Date.UTC(date.year, date.month - 1, 1) / MS_PER_DAY : date.dayNumber;
}

function lastDay(date: ParsedBirthDate): number {
  return date.precision === 'MONTH' ? Date.UTC(date.year, date.month, 0) / MS_PER_DAY : date.dayNumber;
}

// Full score up to the tolerance (a little less at its edge), then falling linearly to 0 at `zeroAt`.
function withinOrDecay(distance: number, tolerance: number, zeroAt: number, same: boolean): BirthDateCloseness {
  if (distance <= tolerance) {
    const score = tolerance === 0 ? 1 : 1 - (0.15 * distance) / tolerance;
    return { score, verdict: same ? 'birth-date-same' : 'birth-date-within-tolerance' };
  }
  const score = Math.max(0, 0.85 * (1 - (distance - tolerance) / Math.max(1, zeroAt - tolerance)));
  return { score, verdict: score > 0 ? 'birth-date-near' : 'birth-date-far' };
}

// One digit different, or two adjacent digits swapped (1962 / 1926, 12 / 21).
function isOneKeystrokeApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let first = -1;
  let differences = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    if (++differences > 2) return false;
    if (first < 0) first = i;
  }
  if (differences === 1) return true;
  return a[first] === b[first + 1] && a[first + 1] === b[first];
}
