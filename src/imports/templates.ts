import * as ExcelJS from 'exceljs';
import { ColumnSpec, KIND_SPECS, ImportKindName } from './import-kinds';

/** `a,b` cells: quoted when needed; a cell that a spreadsheet would take for a formula is prefixed with `'`. */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

function csvCell(value: string): string {
  // OWASP "CSV injection": a leading =, +, -, @, tab or CR makes Excel evaluate the cell; a quote mark keeps it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV template: UTF-8 with BOM (so Excel opens it as UTF-8), the header and one example row. */
export function csvTemplate(kind: ImportKindName): Buffer {
  const columns = KIND_SPECS[kind].columns;
  const text = `${csvLine(columns.map((c) => c.name))}\r\n${csvLine(columns.map((c) => c.example))}\r\n`;
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/**
 * The XLSX template: sheet `data` with the header and an example row, identity-number columns formatted as Text
 * (so Excel keeps all 16 digits and leading zeros), and a sheet `kolom` describing every column. Only the first
 * sheet is read on import.
 */
export async function xlsxTemplate(kind: ImportKindName): Promise<Buffer> {
  const columns = KIND_SPECS[kind].columns;
  const book = new ExcelJS.Workbook();
  book.creator = 'Jejaring';
  const data = book.addWorksheet('data');
  data.columns = columns.map((c) => ({ header: c.name, key: c.name, width: Math.max(14, c.name.length + 4) }));
  columns.forEach((c, i) => {
    if (c.text) data.getColumn(i + 1).numFmt = '@';
  });
  data.addRow(columns.map((c) => c.example));
  data.getRow(1).font = { bold: true };
  const help = book.addWorksheet('kolom');
  help.columns = [
    { header: 'kolom', width: 24 },
    { header: 'wajib', width: 8 },
    { header: 'keterangan', width: 80 },
    { header: 'description', width: 80 },
    { header: 'contoh', width: 24 },
  ];
  for (const c of columns) help.addRow(describe(c));
  help.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}

function describe(c: ColumnSpec): string[] {
  return [c.name, c.required ? 'ya' : 'tidak', c.description.id, c.description.en, c.example];
}
