import { Readable } from 'node:stream';
import { MAX_COLUMNS } from './header';
import { ColumnGuard, readCsv, sniffDelimiter } from './csv-reader';
import { ImportFatalError, SourceRow } from './source-row';

/** Feeds the text in small chunks so that every state of the guard meets a chunk boundary. */
function chunked(data: string | Buffer, size = 7): Readable {
  const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const parts: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) parts.push(buffer.subarray(i, i + size));
  return Readable.from(parts);
}

async function rows(data: string | Buffer, delimiter = ',', size = 7): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const row of readCsv(chunked(data, size), delimiter)) out.push(row);
  return out;
}

async function guarded(data: string, max: number): Promise<string> {
  const guard = new ColumnGuard(0x2c, max);
  const out: Buffer[] = [];
  chunked(data, 3).pipe(guard);
  for await (const chunk of guard) out.push(chunk as Buffer);
  return Buffer.concat(out).toString();
}

describe('ColumnGuard', () => {
  it('passes rows within the limit unchanged', async () => {
    expect(await guarded('a,b,c\n1,2,3\n', 3)).toBe('a,b,c\n1,2,3\n');
  });

  it('cuts a row after the limit and keeps the next rows', async () => {
    expect(await guarded('a,b,c,d,e\n1,2\n', 3)).toBe('a,b,c,\n1,2\n');
  });

  it('does not count delimiters or line breaks inside quotes', async () => {
    expect(await guarded('"a,b,c",d\n"x\ny,z",1\n', 3)).toBe('"a,b,c",d\n"x\ny,z",1\n');
    expect(await guarded('"a""b,c",1,2,3,4\n5\n', 3)).toBe('"a""b,c",1,2,\n5\n');
  });

  it('drops a quoted cell beyond the limit whole, with its line breaks', async () => {
    expect(await guarded('1,2,3,"x\ny",5\n6\n', 3)).toBe('1,2,3,\n6\n');
  });
});

describe('readCsv', () => {
  it('reads rows with their line numbers, without empty lines, BOM or formula evaluation', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const result = await rows(
      Buffer.concat([bom, Buffer.from('nama,omzet\nSiti,=1+1\n\n"Budi\nSantoso","=HYPERLINK(""http://x"",""y"")"\n')]),
    );
    expect(result.map((r) => [r.row, r.cells])).toEqual([
      [1, ['nama', 'omzet']],
      [2, ['Siti', '=1+1']],
      [5, ['Budi\nSantoso', '=HYPERLINK("http://x","y")']],
    ]);
  });

  it('reports cells that are not UTF-8 instead of guessing', async () => {
    const latin1 = Buffer.concat([Buffer.from('a,b\nJos'), Buffer.from([0xe9]), Buffer.from(',ok\n')]);
    const [, row] = await rows(latin1);
    expect(row.problems).toEqual([{ index: 0, code: 'CELL_ENCODING' }]);
    expect(row.cells[1]).toBe('ok');
  });

  it('reads semicolon files', async () => {
    const data = 'nama;alamat\nSiti;Jl. Mawar, 5\n';
    expect(sniffDelimiter(Buffer.from(data))).toBe(';');
    expect((await rows(data, ';'))[1].cells).toEqual(['Siti', 'Jl. Mawar, 5']);
  });

  it('marks a row of 10,000 cells as too wide without building it, and goes on', async () => {
    const result = await rows(`a,b\n1,2\n${'x,'.repeat(10_000)}\n3,4\n`, ',', 4096);
    expect(result.map((r) => [r.row, r.tooWide ?? false])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, false],
    ]);
    expect(result[2].cells.length).toBe(MAX_COLUMNS + 1);
  });

  it('keeps memory flat for a row of millions of empty cells', async () => {
    const before = process.memoryUsage().heapUsed;
    const result = await rows(`a,b\n${','.repeat(20_000_000)}\n3,4\n`, ',', 65536);
    expect(result.map((r) => r.cells.length)).toEqual([2, MAX_COLUMNS + 1, 2]);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('stops with IMPORT_FILE_UNREADABLE on an unclosed quote', async () => {
    await expect(rows('a,b\n"open,1\n')).rejects.toBeInstanceOf(ImportFatalError);
  });
});
