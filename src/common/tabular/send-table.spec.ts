import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import Fastify, { FastifyInstance } from 'fastify';
import { contentDisposition, primed, safeFilename, sendTable } from './send-table';
import { TableColumn, TableFormat } from './table';

interface Row {
  id: number;
  name: string;
}

const COLUMNS: TableColumn<Row>[] = [{ key: 'id', type: 'number' }, { key: 'name' }];

describe('safeFilename / contentDisposition', () => {
  it.each([
    ['persons-2025-03-01', 'csv', 'persons-2025-03-01.csv'],
    ['penerima bantuan (Kediri)', 'xlsx', 'penerima-bantuan-Kediri.xlsx'],
    ['../../etc/passwd', 'csv', 'etc-passwd.csv'],
    ['a"b\r\nSet-Cookie: x=1', 'csv', 'a-b-Set-Cookie-x-1.csv'],
    ['Ngámpél', 'csv', 'Ngampel.csv'],
    ['', 'xlsx', 'export.xlsx'],
    ['ÿÿÿ', 'xlsx', 'yyy.xlsx'],
    ['日本', 'xlsx', 'export.xlsx'],
  ])('%j as %s → %j', (name, format, expected) => {
    expect(safeFilename(name, format as TableFormat)).toBe(expected);
  });

  it('caps the length and quotes the name', () => {
    expect(safeFilename('x'.repeat(500), 'csv')).toBe(`${'x'.repeat(100)}.csv`);
    expect(contentDisposition('persons', 'csv')).toBe('attachment; filename="persons.csv"');
  });
});

describe('primed', () => {
  it('pulls the first row at once and the rest lazily', async () => {
    const pulled: number[] = [];
    function* source(): Generator<number> {
      for (let i = 0; i < 3; i++) {
        pulled.push(i);
        yield i;
      }
    }
    const rows = await primed(source());
    expect(pulled).toEqual([0]);
    const seen: number[] = [];
    for await (const row of rows) seen.push(row);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('rejects when the source fails before its first row, and ends the source when iteration stops early', async () => {
    async function* failing(): AsyncGenerator<number> {
      throw new Error('bad filter');
    }
    await expect(primed(failing())).rejects.toThrow('bad filter');

    let ended = false;
    async function* endless(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        ended = true;
      }
    }
    for await (const row of await primed(endless())) if (row === 2) break;
    expect(ended).toBe(true);
  });
});

describe('sendTable', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    app.get<{ Params: { format: TableFormat }; Querystring: { fail?: string } }>(
      '/t.:format',
      async (request, reply) => {
        async function* rows(): AsyncGenerator<Row> {
          if (request.query.fail === 'early') throw new Error('refused before the first row');
          yield { id: 1, name: '=HYPERLINK("http://evil.example","klik")' };
          yield { id: 2, name: 'Siti' };
        }
        try {
          await sendTable(reply, {
            format: request.params.format,
            filename: 'uji coba',
            columns: COLUMNS,
            rows: rows(),
          });
        } catch (error) {
          await reply.status(400).send({ error: (error as Error).message });
        }
        return reply;
      },
    );
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers CSV with its headers and neutralised formulas', async () => {
    const res = await app.inject('/t.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toBe('attachment; filename="uji-coba.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(parse(res.body, { bom: true, columns: true })).toEqual([
      { id: '1', name: `'=HYPERLINK("http://evil.example","klik")` },
      { id: '2', name: 'Siti' },
    ]);
  });

  it('answers XLSX', async () => {
    const res = await app.inject('/t.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="uji-coba.xlsx"');
    const workbook = new Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0].getRow(2).values).toEqual([undefined, 1, '=HYPERLINK("http://evil.example","klik")']);
  });

  it('lets an error before the first row reach the caller, with nothing sent yet', async () => {
    const res = await app.inject('/t.csv?fail=early');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'refused before the first row' });
  });
});
