import { validateNik } from '../src/persons/nik';
import { operationName } from './analytics';
import { csvField, importCsv } from './import-bench';
import { prng, shuffle, syntheticPeople } from './synthetic';

const VILLAGES = ['3578011001', '3578021002', '3578031003'];
const KNOWN = { regencies: new Set(['3578']), districts: new Set(['357801', '357802', '357803']) };

describe('bench inputs', () => {
  it('draws the same people from the same seed, with valid and distinct NIKs', () => {
    const a = syntheticPeople(5, VILLAGES, 2000);
    expect(syntheticPeople(5, VILLAGES, 2000)).toEqual(a);
    expect(syntheticPeople(6, VILLAGES, 10)).not.toEqual(a.slice(0, 10));
    const niks = a.flatMap((p) => (p.nik ? [p.nik] : []));
    expect(new Set(niks).size).toBe(niks.length);
    expect(niks.length).toBeGreaterThan(1600);
    for (const p of a.slice(0, 200)) {
      if (!p.nik) continue;
      const check = validateNik(p.nik, KNOWN, { birthDate: p.birthDate, sex: p.sex });
      expect(check).toMatchObject({ ok: true, warnings: [] });
    }
  });

  it('shuffles deterministically', () => {
    const order = shuffle(prng(1), [1, 2, 3, 4, 5, 6]);
    expect(shuffle(prng(1), [1, 2, 3, 4, 5, 6])).toEqual(order);
    expect([...order].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('writes the import file in the template column order, byte for byte the same each time', () => {
    const header = ['nik', 'nama_lengkap', 'Jenis Kelamin', 'tanggal_lahir', 'unknown_column', 'kode_desa'];
    const csv = importCsv(header, 100, 3, VILLAGES);
    expect(importCsv(header, 100, 3, VILLAGES)).toBe(csv);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(101);
    expect(lines[0]).toBe('nik,nama_lengkap,Jenis Kelamin,tanggal_lahir,unknown_column,kode_desa');
    const cells = lines[1].split(',');
    expect(['L', 'P']).toContain(cells[2]);
    expect(cells[4]).toBe('');
    expect(VILLAGES).toContain(cells[5]);
    // Every 50th row repeats an earlier row's NIK (when that row has one): de-duplication within the file.
    const niks = lines.slice(1).map((l) => l.split(',')[0]);
    expect(niks[49] === '' || niks[49] === niks[24]).toBe(true);
  });

  it('quotes CSV fields only when they need it', () => {
    expect(csvField('Siti')).toBe('Siti');
    expect(csvField('Moch. "Cak" Yusuf')).toBe('"Moch. ""Cak"" Yusuf"');
    expect(csvField('a,b')).toBe('"a,b"');
  });

  it('names an analytics query by its operation, ignoring comments', () => {
    expect(operationName('# query Fake\nquery CasesByRegency($year: Int!) { x }')).toBe('CasesByRegency');
    expect(operationName('{ analytics { x } }')).toBeNull();
  });
});
