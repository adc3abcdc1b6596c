import { SeedRefusedError } from './seed';
import { DEFAULT_AS_OF } from './scale';

/** `--seed`: a whole number from 0 to 2^31 − 1 (any such number gives its own data set). */
export function parseSeed(text: string | undefined): number {
  if (text === undefined || !/^[0-9]{1,10}$/.test(text) || Number(text) > 2_147_483_647) {
    throw new SeedRefusedError('--seed must be a whole number from 0 to 2147483647');
  }
  return Number(text);
}

/** `--as-of`: a real calendar day from 2020 to 2099; absent, the fixed default day. */
export function parseAsOf(text: string | undefined): string {
  if (text === undefined) return DEFAULT_AS_OF;
  const day = new Date(`${text}T00:00:00Z`);
  if (
    !/^20[2-9][0-9]-[0-9]{2}-[0-9]{2}$/.test(text) ||
    Number.isNaN(day.getTime()) ||
    day.toISOString().slice(0, 10) !== text
  ) {
    throw new SeedRefusedError('--as-of must be a calendar day YYYY-MM-DD from 2020 to 2099');
  }
  return text;
}
