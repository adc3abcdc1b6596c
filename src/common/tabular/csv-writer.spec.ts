import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { CSV_BOM, csvField, csvStream } from './csv-writer';
import { TableColumn } from './table';

interface Row {
  id: string;
  name: string | null;
  amount: number | string | null;
  on: string | null;
  ok: boolean | null;
  tags: string[];
}

const COLUMNS: TableColumn<Row>[] = [
  { key: 'id' },
  { key: 'name', header: 'Nama' },
  { key: 'amount', type: 'number' },
  { key: 'on', type: 'date' },
  { key: 'ok', type: 'boolean' },
  { key: 'tags' },
];

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('csvField', () => {
  it('quotes only fields that need it (RFC 4180), doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });
});

describe('csvStream', () => {
  const rows: Row[] = [
    { id: '1', name: 'Siti Aminah, S.Pd.', amount: 2_500_000, on: '2025-03-01', ok: true, tags: ['a', 'b'] },
    { id: '2', name: '=HYPERLINK("http://evil.example","klik")', amount: -5, on: null, ok: false, tags: [] },
    { id: '3', name: 'Ngámpél "Baru"\r\nbaris dua', amount: '9007199254740993', on: null, ok: null, tags: [] },
    { id: '4', name: '+62 812 3456', amount: 'abc', on: 'later', ok: null, tags: ['-x'] },
  ];

  it('writes a UTF-8 BOM, the header and CRLF lines, with formulas neutralised and numbers as numbers', async () => {
    const out = await text(csvStream(COLUMNS, rows));
    expect(out.startsWith(CSV_BOM)).toBe(true);
    const lines = out.slice(1).split('\r\n');
    expect(lines[0]).toBe('id,Nama,amount,on,ok,tags');
    expect(lines[1]).toBe('1,"Siti Aminah, S.Pd.",2500000,2025-03-01,true,a; b');
    expect(lines[2]).toBe(`2,"'=HYPERLINK(""http://evil.example"",""klik"")",-5,,false,`);
    expect(out.endsWith('\r\n')).toBe(true);
  });

  it('parses back with csv-parse to the same values', async () => {
    const out = await text(csvStream(COLUMNS, rows));
    const parsed = parse(out, { bom: true, columns: true }) as Record<string, string>[];
    expect(parsed).toEqual([
      { id: '1', Nama: 'Siti Aminah, S.Pd.', amount: '2500000', on: '2025-03-01', ok: 'true', tags: 'a; b' },
      { id: '2', Nama: `'=HYPERLINK("http://evil.example","klik")`, amount: '-5', on: '', ok: 'false', tags: '' },
      { id: '3', Nama: 'Ngámpél "Baru"\r\nbaris dua', amount: '9007199254740993', on: '', ok: '', tags: '' },
      // Text in a number or date column is still text: neutralised, never a formula.
      { id: '4', Nama: "'+62 812 3456", amount: 'abc', on: 'later', ok: '', tags: "'-x" },
    ]);
  });

  it('writes only the header for no rows', async () => {
    expect(await text(csvStream(COLUMNS, []))).toBe(`${CSV_BOM}id,Nama,amount,on,ok,tags\r\n`);
  });

  it('pulls rows only as fast as the reader reads, and stops pulling when the stream is destroyed', async () => {
    let pulled = 0;
    let finished = false;
    async function* many(): AsyncGenerator<Row> {
      try {
        for (let i = 0; i < 1_000_000; i++) {
          pulled++;
          yield { id: String(i), name: `Nama ke-${i}`, amount: i, on: '2025-01-01', ok: true, tags: [] };
        }
      } finally {
        finished = true;
      }
    }
    const stream = csvStream(COLUMNS, many());
    await new Promise((resolve) => stream.once('readable', resolve));
    for (let i = 0; i < 50; i++) await settle();
    // Nobody reads: the stream fills its buffer (a chunk or two of ~64 KiB) and then waits.
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(10_000);
    const before = pulled;
    stream.read();
    for (let i = 0; i < 50; i++) await settle();
    expect(pulled).toBeGreaterThan(before);
    stream.destroy();
    for (let i = 0; i < 50; i++) await settle();
    expect(finished).toBe(true);
    expect(pulled).toBeLessThan(20_000);
  });

  it('errors the stream when the rows fail midway', async () => {
    async function* failing(): AsyncGenerator<Row> {
      yield rows[0];
      throw new Error('database went away');
    }
    await expect(text(csvStream(COLUMNS, failing()))).rejects.toThrow('database went away');
  });
});
