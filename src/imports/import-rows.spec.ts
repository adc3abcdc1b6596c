import { KIND_SPECS } from './import-kinds';
import { mapRow, mergeErrors } from './import-rows';
import { mapHeader, MAX_COLUMNS } from './reading/header';

const specs = KIND_SPECS['business-reports'].columns;

describe('mapHeader', () => {
  it('matches columns whatever their case, spacing or order, and ignores empty trailing cells', () => {
    const header = mapHeader(['Periode', ' ID-Usaha ', 'omzet', 'laba bersih', 'tenaga_kerja', 'BUKA', '', ''], specs);
    expect(header.problems).toEqual([]);
    expect(header.columns.map((c) => c?.name ?? null)).toEqual([
      'periode',
      'id_usaha',
      'omzet',
      'laba_bersih',
      'tenaga_kerja',
      'buka',
      null,
      null,
    ]);
  });

  it('names unknown, repeated, untitled and missing columns', () => {
    const header = mapHeader(['id_usaha', 'periode', 'omset', '', 'periode', 'buka'], specs);
    expect(header.problems.map((p) => [p.column, p.message.en])).toEqual([
      ['omset', 'not a column of this template'],
      ['#4', 'column 4 has no header'],
      ['periode', 'this column appears twice'],
      ['omzet', 'required column is missing'],
      ['laba_bersih', 'required column is missing'],
      ['tenaga_kerja', 'required column is missing'],
    ]);
  });

  it('refuses a header wider than the limit', () => {
    expect(
      mapHeader(
        Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`),
        specs,
      ).problems,
    ).toHaveLength(1);
  });
});

describe('mapRow', () => {
  const header = mapHeader(['id_usaha', 'periode', 'omzet', 'laba_bersih', 'tenaga_kerja', 'buka', 'catatan'], specs);

  it('maps cells to columns, trimmed, leaving empty cells out', () => {
    const { mapped, errors } = mapRow(
      { row: 7, cells: [' b1 ', '2025-06', '1', '2', '0', 'YA', ''], problems: [] },
      header,
      specs,
    );
    expect(errors).toEqual([]);
    expect([...mapped!.values]).toEqual([
      ['id_usaha', 'b1'],
      ['periode', '2025-06'],
      ['omzet', '1'],
      ['laba_bersih', '2'],
      ['tenaga_kerja', '0'],
      ['buka', 'YA'],
    ]);
  });

  it('reports unreadable cells, numbers in text columns, missing values and extra cells', () => {
    const { errors } = mapRow(
      {
        row: 3,
        cells: ['b1', '', '1', '2', '0', 'YA', 'ok', 'extra'],
        problems: [{ index: 2, code: 'CELL_FORMULA' }],
      },
      header,
      specs,
    );
    expect(errors.map((e) => [e.column, e.code])).toEqual([
      ['omzet', 'CELL_FORMULA'],
      [null, 'ROW_EXTRA_CELLS'],
      ['periode', 'VALIDATION_FAILED'],
    ]);
  });

  it('refuses a row that is too wide without reading it', () => {
    const { mapped, errors } = mapRow({ row: 4, cells: [], problems: [], tooWide: true }, header, specs);
    expect(mapped).toBeNull();
    expect(errors).toEqual([{ column: null, code: 'ROW_TOO_MANY_COLUMNS', message: expect.anything() }]);
  });

  it('blames a cell once', () => {
    const first = [{ column: 'omzet', code: 'CELL_FORMULA', message: { id: 'a', en: 'a' } }];
    const second = [
      { column: 'omzet', code: 'VALIDATION_FAILED', message: { id: 'b', en: 'b' } },
      { column: 'buka', code: 'VALIDATION_FAILED', message: { id: 'c', en: 'c' } },
    ];
    expect(mergeErrors(first, second).map((e) => e.column)).toEqual(['omzet', 'buka']);
  });
});
