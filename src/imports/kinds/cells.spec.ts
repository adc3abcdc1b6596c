import { parseBoolean, parseDate, parseSex, parseWhole, splitList } from './cells';

describe('cells', () => {
  it('reads sexes as offices write them', () => {
    for (const text of ['L', 'l', 'M', 'Laki-laki', 'LAKI LAKI']) expect(parseSex(text)).toEqual({ value: 'M' });
    for (const text of ['P', 'F', 'perempuan', 'Wanita']) expect(parseSex(text)).toEqual({ value: 'F' });
    expect(parseSex('X')).toHaveProperty('problem');
  });

  it('reads ISO and Indonesian dates, and only days that exist', () => {
    expect(parseDate('1985-03-12')).toEqual({ value: '1985-03-12' });
    expect(parseDate('12/03/1985')).toEqual({ value: '1985-03-12' });
    expect(parseDate('2-3-1985')).toEqual({ value: '1985-03-02' });
    expect(parseDate('12.03.1985')).toEqual({ value: '1985-03-12' });
    for (const text of ['31/02/1990', '1985-13-01', '=TODAY()', '03/12/85', '']) {
      expect(parseDate(text)).toHaveProperty('problem');
    }
  });

  it('reads yes and no', () => {
    for (const text of ['YA', 'ya', 'Y', 'TRUE', '1', 'hadir']) expect(parseBoolean(text)).toEqual({ value: true });
    for (const text of ['TIDAK', 'n', 'FALSE', '0', 'tutup']) expect(parseBoolean(text)).toEqual({ value: false });
    expect(parseBoolean('MUNGKIN')).toHaveProperty('problem');
  });

  it('reads whole Rupiah with thousands dots, never a formula or a decimal', () => {
    expect(parseWhole('3000000')).toEqual({ value: 3_000_000 });
    expect(parseWhole('3.000.000')).toEqual({ value: 3_000_000 });
    expect(parseWhole('Rp 1.500.000')).toEqual({ value: 1_500_000 });
    expect(parseWhole('-200.000')).toEqual({ value: -200_000 });
    for (const text of ['=1+1', '1,5', '3.00', '1.5', '12e5', '9999999999999999']) {
      expect(parseWhole(text)).toHaveProperty('problem');
    }
  });

  it('splits lists on semicolons (and commas when asked)', () => {
    expect(splitList('PPKS-09; PPKS-10,;')).toEqual(['PPKS-09', 'PPKS-10']);
    expect(splitList('Mbak Siti; Bu Sri, Bu Ani', /;/)).toEqual(['Mbak Siti', 'Bu Sri, Bu Ani']);
  });
});
