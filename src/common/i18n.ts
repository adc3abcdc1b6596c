/** Languages of messages: Indonesian by default, English on request (DESIGN.md §6). */
export type Lang = 'id' | 'en';

export interface LocalizedText {
  id: string;
  en: string;
}

export type MessageParams = Record<string, string | number | boolean | null | undefined | LocalizedText>;

/** Fills `{name}` placeholders of the message in the caller's language. */
export function localize(text: LocalizedText, lang: Lang, params: MessageParams = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    return typeof value === 'object' ? value[lang] : String(value);
  });
}

// RFC 9110 §12.5.4: Accept-Language = #( language-range [ weight ] ); language-range per RFC 4647 §2.1.
const LANGUAGE_RANGE = /^(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)$/;
const WEIGHT = /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/i;

export interface AcceptLanguage {
  lang: Lang;
  /** False when the header is present but not valid RFC 9110 syntax; the request is then refused with 400. */
  valid: boolean;
}

/**
 * Picks the message language. A well-formed header that names neither Indonesian nor English falls back to
 * Indonesian (the service's default), as RFC 9110 allows; only a malformed header is an error.
 */
export function parseAcceptLanguage(header: string | string[] | undefined): AcceptLanguage {
  if (header === undefined) return { lang: 'id', valid: true };
  const text = Array.isArray(header) ? header.join(',') : header;
  if (text.length > 256) return { lang: 'id', valid: false };
  if (text.trim() === '') return { lang: 'id', valid: true };
  const ranges: { tag: string; q: number; order: number }[] = [];
  const parts = text.split(',');
  for (let i = 0; i < parts.length; i++) {
    const [range, ...params] = parts[i].split(';').map((s) => s.trim());
    if (!LANGUAGE_RANGE.test(range)) return { lang: 'id', valid: false };
    let q = 1;
    for (const param of params) {
      if (!WEIGHT.test(param)) return { lang: 'id', valid: false };
      q = Number(param.slice(2));
    }
    ranges.push({ tag: range.toLowerCase(), q, order: i });
  }
  ranges.sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { tag, q } of ranges) {
    if (q === 0) continue;
    const primary = tag.split('-')[0];
    if (primary === 'id' || primary === 'in') return { lang: 'id', valid: true };
    if (primary === 'en') return { lang: 'en', valid: true };
    if (primary === '*') return { lang: 'id', valid: true };
  }
  return { lang: 'id', valid: true };
}
