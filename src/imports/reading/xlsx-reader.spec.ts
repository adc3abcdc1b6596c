import * as ExcelJS from 'exceljs';
import { MAX_COLUMNS } from './header';
import { ImportFatalError, SourceRow } from './source-row';
import { bufferFile, readXlsx } from './xlsx-reader';

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('data'));
  book.addWorksheet('catatan').addRow(['not read']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function rows(buffer: Buffer): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const row of readXlsx(bufferFile(buffer))) out.push(row);
  return out;
}

describe('readXlsx', () => {
  it('reads text, numbers, dates, rich text and stored formula results of the first sheet', async () => {
    const result = await rows(
      await workbook((sheet) => {
        sheet.addRow(['nama', 'nik', 'tanggal', 'omzet', 'rumus']);
        sheet.addRow([
          { richText: [{ text: 'Si' }, { text: 'ti' }] },
          '3571015203850001',
          new Date(Date.UTC(1985, 2, 12)),
          3000000,
          { formula: 'HYPERLINK("http://x","y")', result: 'y' },
        ]);
        sheet.addRow([]);
        sheet.addRow(['Budi', 3571015203850000, '12/03/1985', '=1+1', { formula: 'A1' }]);
      }),
    );
    expect(result.map((r) => [r.row, r.cells])).toEqual([
      [1, ['nama', 'nik', 'tanggal', 'omzet', 'rumus']],
      [2, ['Siti', '3571015203850001', '1985-03-12', '3000000', 'y']],
      [4, ['Budi', '3571015203850000', '12/03/1985', '=1+1', '']],
    ]);
    expect([...(result[1].numbers ?? [])]).toEqual([3]);
    expect([...(result[2].numbers ?? [])]).toEqual([1]);
    expect(result[2].problems).toEqual([{ index: 4, code: 'CELL_FORMULA' }]);
  });

  it('reads a workbook whose sheets come before its workbook part every time (exceljs#3064 dropped the tail)', async () => {
    // exceljs writes xl/workbook.xml last; a forward-only read lost it about once in a hundred reads.
    const buffer = await workbook((sheet) => {
      sheet.addRow(['nama', 'tanggal']);
      sheet.addRow(['Siti', new Date(Date.UTC(1990, 0, 31))]);
    });
    for (let i = 0; i < 300; i++) {
      expect((await rows(buffer)).map((r) => r.cells)).toEqual([
        ['nama', 'tanggal'],
        ['Siti', '1990-01-31'],
      ]);
    }
  });

  it('reads the first sheet in tab order, whatever its part is called', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('catatan').addRow(['not read']);
    book.addWorksheet('data', {}).addRow(['read']);
    // The sheet made second is moved to the first tab; its part stays sheet2.xml.
    // exceljs' types leave out orderNo, which its writer sorts the tabs by.
    (book.getWorksheet('data') as ExcelJS.Worksheet & { orderNo: number }).orderNo = 0;
    (book.getWorksheet('catatan') as ExcelJS.Worksheet & { orderNo: number }).orderNo = 1;
    const result = await rows(Buffer.from(await book.xlsx.writeBuffer()));
    expect(result.map((r) => r.cells)).toEqual([['read']]);
  });

  it('marks a row of 10,000 cells as too wide and keeps reading', async () => {
    const result = await rows(
      await workbook((sheet) => {
        sheet.addRow(['a', 'b']);
        sheet.addRow(Array.from({ length: 10_000 }, (_, i) => `v${i}`));
        sheet.addRow(['1', '2']);
      }),
    );
    expect(result.map((r) => [r.row, r.tooWide ?? false, r.cells.length])).toEqual([
      [1, false, 2],
      [2, true, MAX_COLUMNS + 1],
      [3, false, 2],
    ]);
  });

  it('stops with IMPORT_FILE_UNREADABLE on a damaged workbook instead of hanging', async () => {
    const buffer = await workbook((sheet) => sheet.addRow(['a']));
    await expect(rows(buffer.subarray(0, Math.floor(buffer.length / 2)))).rejects.toBeInstanceOf(ImportFatalError);
    await expect(rows(Buffer.from('PK\x03\x04 not really a zip at all'))).rejects.toBeInstanceOf(ImportFatalError);
  });
});
