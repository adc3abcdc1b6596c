/**
 * Calendar arithmetic on `YYYY-MM-DD` strings for the synthetic data set, through day numbers (days since
 * 1970-01-01, UTC), so that no time zone or clock enters the data.
 */

// Millions of dates are computed per load: plain integer arithmetic (days from the civil calendar and back, the
// proleptic Gregorian algorithm), no Date objects and no string parsing by the engine, with formatted days cached.
const EPOCH_SHIFT = 719_468; // days from 0000-03-01 to 1970-01-01
// Days 0 (1970-01-01) to 65535 (2149) are formatted once and kept.
const formatted: string[] = new Array<string>(65_536);

export function dayNumber(date: string): number {
  const y = num(date, 0, 4);
  const m = num(date, 5, 2);
  const d = num(date, 8, 2);
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - EPOCH_SHIFT;
}

export function fromDayNumber(day: number): string {
  const cached = day >= 0 && day < 65_536 ? formatted[day] : undefined;
  if (cached !== undefined) return cached;
  const z = day + EPOCH_SHIFT;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const d = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
  const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
  if (day >= 0 && day < 65_536) formatted[day] = text;
  return text;
}

function num(text: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Plus whole months, clamped to the month's last day (as the cases module schedules follow-ups). */
export function addMonthsToDate(date: string, months: number): string {
  const total = num(date, 0, 4) * 12 + (num(date, 5, 2) - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(Math.min(num(date, 8, 2), daysInMonth(year, month)), 2)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** The last day of the date's month. */
export function endOfMonth(date: string): string {
  return addDays(addMonthsToDate(`${date.slice(0, 7)}-01`, 1), -1);
}

/**
 * A timestamp on that local day, `minutes` after midnight, in WIB (UTC+7) or WITA (UTC+8) by province code: the
 * office hours of the region whose staff would have typed the record.
 */
export function timestampOn(date: string, minutes: number, provinceCode: string): string {
  const clamped = Math.max(0, Math.min(24 * 60 - 1, Math.floor(minutes)));
  const offset = provinceCode === '64' ? '+08' : '+07';
  return `${date} ${pad(Math.floor(clamped / 60), 2)}:${pad(clamped % 60, 2)}:00${offset}`;
}

export function pad(value: number, width: number): string {
  const text = String(value);
  return text.length >= width ? text : '0'.repeat(width - text.length) + text;
}
