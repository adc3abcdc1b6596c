import { localize, parseAcceptLanguage } from './i18n';

describe('parseAcceptLanguage', () => {
  it.each([
    [undefined, 'id', true],
    ['en', 'en', true],
    ['en-US,en;q=0.9', 'en', true],
    ['id-ID', 'id', true],
    ['fr, en;q=0.5', 'en', true],
    ['en;q=0.2, id;q=0.8', 'id', true],
    ['fr', 'id', true],
    ['*', 'id', true],
    ['en;q=0', 'id', true],
    ['', 'id', true],
  ])('%s → %s', (header, lang, valid) => {
    expect(parseAcceptLanguage(header)).toEqual({ lang, valid });
  });

  it.each(['en;q=2', 'en_US', '12345678901', 'en;foo', 'e n', '%%%', 'x'.repeat(300)])(
    'refuses malformed %s',
    (header) => {
      expect(parseAcceptLanguage(header).valid).toBe(false);
    },
  );
});

describe('localize', () => {
  it('fills placeholders in the chosen language and leaves unknown ones', () => {
    const text = { id: 'Wilayah {code} tidak ditemukan {x}', en: 'Region {code} not found {x}' };
    expect(localize(text, 'id', { code: '3571' })).toBe('Wilayah 3571 tidak ditemukan {x}');
    expect(localize(text, 'en', { code: '3571' })).toBe('Region 3571 not found {x}');
  });
});
