import { DATE, trim, trimAndCollapse, trimAndCollapseSpaces } from './transforms';

describe('DTO transforms', () => {
  it('trim strings and leave other values alone', () => {
    expect(trim({ value: '  Siti  Aminah ' })).toBe('Siti  Aminah');
    expect(trimAndCollapse({ value: '  Siti \n Aminah ' })).toBe('Siti Aminah');
    expect(trimAndCollapseSpaces({ value: ' Baris   satu\nbaris\t\tdua ' })).toBe('Baris satu\nbaris dua');
    for (const transform of [trim, trimAndCollapse, trimAndCollapseSpaces]) expect(transform({ value: 42 })).toBe(42);
  });

  it('matches calendar-shaped dates only', () => {
    expect(DATE.test('2026-11-22')).toBe(true);
    expect(DATE.test('2026-1-2')).toBe(false);
    expect(DATE.test('2026-11-22T00:00:00Z')).toBe(false);
  });
});
