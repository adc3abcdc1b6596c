import { crc32 } from 'node:zlib';
import { checkZipTail, sniffHead } from './file-type';

function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const data = Buffer.from('x');
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(1, 18);
    local.writeUInt32LE(1, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + 1;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('sniffHead', () => {
  it('tells ZIP, text and other types apart by content', () => {
    expect(sniffHead(zip(['xl/workbook.xml']))).toEqual({ type: 'ZIP' });
    expect(sniffHead(Buffer.from('nama_lengkap,jenis_kelamin\n'))).toEqual({ type: 'TEXT' });
    expect(sniffHead(Buffer.from('%PDF-1.7\n'))).toMatchObject({ refused: { en: 'a PDF file' } });
    expect(sniffHead(Buffer.from('d0cf11e0a1b11ae100', 'hex'))).toMatchObject({
      refused: { en: expect.stringContaining('.xls') },
    });
    expect(sniffHead(Buffer.from([0xff, 0xfe, 0x6e, 0x00]))).toMatchObject({
      refused: { en: expect.stringContaining('UTF-16') },
    });
    expect(sniffHead(Buffer.from('abc\u0000def'))).toMatchObject({ refused: { en: 'a binary file, not text' } });
  });
});

describe('checkZipTail', () => {
  it('accepts a ZIP whose directory names xl/workbook.xml, and refuses other archives', () => {
    const book = zip(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    expect(checkZipTail(book, book.length)).toEqual({ ok: true });
    const docx = zip(['[Content_Types].xml', 'word/document.xml']);
    expect(checkZipTail(docx, docx.length)).toMatchObject({ refused: { en: expect.stringContaining('not an Excel') } });
  });

  it('refuses a truncated ZIP and leaves a directory beyond the tail to the reader', () => {
    const book = zip(['xl/workbook.xml']);
    expect(checkZipTail(book.subarray(0, book.length - 10), book.length - 10)).toMatchObject({
      refused: expect.anything(),
    });
    // Only the last bytes are at hand and the directory starts before them: not decided here.
    expect(checkZipTail(book.subarray(book.length - 22), book.length)).toEqual({ ok: true });
  });
});
