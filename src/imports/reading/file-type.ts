import type { LocalizedText } from '../../common/i18n';

export type HeadVerdict = { type: 'ZIP' } | { type: 'TEXT' } | { refused: LocalizedText };

/** Bytes of the file's start that decide its type, and of its end that hold a ZIP's directory. */
export const HEAD_BYTES = 64 * 1024;
export const TAIL_BYTES = 128 * 1024;

const SIGNATURES: { bytes: number[]; what: LocalizedText }[] = [
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: {
      id: 'berkas Excel lama (.xls) atau XLSX berkata sandi; simpan sebagai .xlsx tanpa sandi atau CSV UTF-8',
      en: 'an old Excel file (.xls) or a password-protected XLSX; save it as .xlsx without a password or as CSV UTF-8',
    },
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: { id: 'berkas PDF', en: 'a PDF file' } },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: { id: 'gambar PNG', en: 'a PNG image' } },
  { bytes: [0xff, 0xd8, 0xff], what: { id: 'gambar JPEG', en: 'a JPEG image' } },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: { id: 'gambar GIF', en: 'a GIF image' } },
  { bytes: [0x1f, 0x8b], what: { id: 'arsip gzip', en: 'a gzip archive' } },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: { id: 'arsip RAR', en: 'a RAR archive' } },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: { id: 'arsip 7-Zip', en: 'a 7-Zip archive' } },
  {
    bytes: [0xff, 0xfe],
    what: {
      id: 'teks UTF-16 ("Unicode Text" Excel); simpan sebagai CSV UTF-8',
      en: 'UTF-16 text (Excel\'s "Unicode Text"); save it as CSV UTF-8',
    },
  },
  {
    bytes: [0xfe, 0xff],
    what: { id: 'teks UTF-16; simpan sebagai CSV UTF-8', en: 'UTF-16 text; save it as CSV UTF-8' },
  },
];

/**
 * The type of an upload by its content, whatever its name says: a ZIP (possibly XLSX), text (CSV), or something
 * else, refused with what it looks like. Text means no NUL byte in the first 64 KiB.
 */
export function sniffHead(head: Buffer): HeadVerdict {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return { type: 'ZIP' };
  if (head.length >= 4 && (head.readUInt32LE(0) === 0x06054b50 || head.readUInt32LE(0) === 0x08074b50)) {
    return { refused: { id: 'arsip ZIP kosong', en: 'an empty ZIP archive' } };
  }
  for (const signature of SIGNATURES) {
    if (signature.bytes.every((byte, i) => head[i] === byte)) return { refused: signature.what };
  }
  if (head.includes(0)) return { refused: { id: 'berkas biner, bukan teks', en: 'a binary file, not text' } };
  return { type: 'TEXT' };
}

const NOT_WORKBOOK: LocalizedText = {
  id: 'arsip ZIP yang bukan buku kerja Excel (.xlsx)',
  en: 'a ZIP archive that is not an Excel workbook (.xlsx)',
};

/**
 * Whether a ZIP's central directory (at its end) names `xl/workbook.xml`. `tail` is the last bytes of a file of
 * `size` bytes. A directory that does not fit in the tail (ZIP64, thousands of entries) is left to the reader.
 */
export function checkZipTail(tail: Buffer, size: number): { ok: true } | { refused: LocalizedText } {
  const damaged = { refused: { id: 'arsip ZIP rusak atau terpotong', en: 'a damaged or truncated ZIP archive' } };
  let eocd = -1;
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 65535); i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return damaged;
  const entries = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directoryOffset === 0xffffffff || entries === 0xffff) return { ok: true };
  const start = directoryOffset - (size - tail.length);
  if (start < 0 || start + directorySize > eocd) return start < 0 ? { ok: true } : damaged;
  let at = start;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > eocd || tail.readUInt32LE(at) !== 0x02014b50) return damaged;
    const nameLength = tail.readUInt16LE(at + 28);
    const extraLength = tail.readUInt16LE(at + 30);
    const commentLength = tail.readUInt16LE(at + 32);
    const name = tail.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === 'xl/workbook.xml') return { ok: true };
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { refused: NOT_WORKBOOK };
}
