import type { LocalizedText } from '../../common/i18n';

// How cells typed by people become API values. Each parser returns the value, or a message naming the accepted
// forms; the field's own rules (the API's DTOs and the registry's checks) run on the value afterwards.

export type Parsed<T> = { value: T } | { problem: LocalizedText };

const SEXES: Record<string, 'M' | 'F'> = {
  L: 'M',
  M: 'M',
  'LAKI-LAKI': 'M',
  'LAKI LAKI': 'M',
  LAKI: 'M',
  P: 'F',
  F: 'F',
  PEREMPUAN: 'F',
  WANITA: 'F',
};

export function parseSex(text: string): Parsed<'M' | 'F'> {
  const value = SEXES[text.trim().toUpperCase()];
  return value
    ? { value }
    : { problem: { id: 'harus L (laki-laki) atau P (perempuan)', en: 'must be L (male) or P (female)' } };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** `YYYY-MM-DD`, or `DD/MM/YYYY` and `DD-MM-YYYY` as Indonesian spreadsheets write them; the day must exist. */
export function parseDate(text: string): Parsed<string> {
  const problem = {
    problem: {
      id: 'harus tanggal YYYY-MM-DD, DD/MM/YYYY atau DD-MM-YYYY yang ada',
      en: 'must be a real date as YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY',
    },
  };
  const trimmed = text.trim();
  let parts: [number, number, number] | null = null;
  const iso = ISO.exec(trimmed);
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  const dmy = DMY.exec(trimmed);
  if (dmy) parts = [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])];
  if (!parts) return problem;
  const [year, month, day] = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return problem;
  return {
    value: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

const TRUE = new Set(['YA', 'Y', 'TRUE', '1', 'YES', 'HADIR', 'BUKA']);
const FALSE = new Set(['TIDAK', 'T', 'N', 'FALSE', '0', 'NO', 'TIDAK HADIR', 'TUTUP']);

export function parseBoolean(text: string): Parsed<boolean> {
  const upper = text.trim().toUpperCase();
  if (TRUE.has(upper)) return { value: true };
  if (FALSE.has(upper)) return { value: false };
  return { problem: { id: 'harus YA atau TIDAK', en: 'must be YA (yes) or TIDAK (no)' } };
}

/** Whole numbers, with `.` as thousands separator allowed (`3.000.000`) and an optional `Rp`. Never a formula. */
export function parseWhole(text: string): Parsed<number> {
  const compact = text
    .trim()
    .replace(/^rp\.?\s*/i, '')
    .replace(/\s+/g, '');
  const plain = /^-?\d{1,15}$/.test(compact);
  const grouped = /^-?\d{1,3}(\.\d{3}){1,4}$/.test(compact);
  if (!plain && !grouped) {
    return {
      problem: {
        id: 'harus bilangan bulat (mis. 3000000 atau 3.000.000)',
        en: 'must be a whole number (e.g. 3000000 or 3.000.000)',
      },
    };
  }
  return { value: Number(compact.replace(/\./g, '')) };
}

/** A list in one cell: `PPKS-09; PPKS-10`. Empty items are dropped. */
export function splitList(text: string, separators = /[;,]/): string[] {
  return text
    .split(separators)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
