import * as ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { ImportErrorCode } from '../imports.errors';
import { MAX_COLUMNS } from './header';
import { CellProblem, CellProblemCode, ImportFatalError, SourceRow } from './source-row';

type Cell = ExcelJS.CellValue;

/** A file that can be read at any offset: the stored upload (see `StoredFileRanges`), or a buffer. */
export interface RandomAccessFile {
  readonly size: number;
  /** The bytes from `start` up to, not including, `end`. */
  range(start: number, end: number): Readable;
}

export function bufferFile(buffer: Buffer): RandomAccessFile {
  return { size: buffer.length, range: (start, end) => Readable.from([buffer.subarray(start, end)]) };
}

/** More entries than any workbook has: the directory of a zip made to exhaust memory is not read on. */
const MAX_ENTRIES = 10_000;
/** The parts held in memory whole (shared strings, styles, the workbook and its relations) may unpack to this. */
const MAX_PART_BYTES = 256 * 1024 * 1024;

/**
 * The parts of exceljs' streaming reader that parse one part each (exceljs 4.4.0, pinned). Its own `parse()`
 * reads the zip in one forward pass through unzipper, which ends early and drops the last entries under load
 * (exceljs#3064: "Cannot read properties of undefined (reading 'sheets')", or a workbook read without its styles).
 * A zip's directory is at its end, so the parts are found there instead and handed over in the order they depend
 * on each other: relations, workbook, shared strings, styles, then the first sheet.
 */
interface WorkbookParts {
  model?: { sheets?: { id: number; name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(entry: Readable, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}

/**
 * Streams the rows of the first worksheet of an XLSX workbook: the parts are found through the zip's directory,
 * shared strings and styles are held in memory, and the sheet itself is read one row at a time. Formulas are
 * never evaluated: a formula cell gives the value Excel stored with it, or a problem when it has none.
 */
export async function* readXlsx(file: RandomAccessFile): AsyncGenerator<SourceRow> {
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await openZip(file);
    const entries = await listEntries(zip);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      // Styles tell a date cell from a number cell.
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as WorkbookParts;
    const part = (name: string): Promise<Readable> => openEntry(zip!, entries.get(name)!, name);
    const workbookEntry = entries.get('xl/workbook.xml');
    if (!workbookEntry) throw unreadable('tanpa xl/workbook.xml', 'no xl/workbook.xml');
    if (entries.has('xl/_rels/workbook.xml.rels')) await reader._parseRels(await part('xl/_rels/workbook.xml.rels'));
    await reader._parseWorkbook(await part('xl/workbook.xml'));
    if (entries.has('xl/sharedStrings.xml')) {
      for await (const _ of reader._parseSharedStrings(await part('xl/sharedStrings.xml'))) void _;
    }
    if (entries.has('xl/styles.xml')) await reader._parseStyles(await part('xl/styles.xml'));
    const sheetPath = firstSheetPath(reader, entries);
    if (!sheetPath) throw unreadable('buku kerja tanpa lembar kerja', 'a workbook without a worksheet');
    const sheetNo = /sheet(\d+)\.xml$/.exec(sheetPath)?.[1] ?? '1';
    // Only the first sheet holds the data; the others (notes, lists for drop-downs) are not read.
    for (const { value } of reader._parseWorksheet(await part(sheetPath), sheetNo)) {
      for await (const row of value as AsyncIterable<ExcelJS.Row>) {
        const converted = convertRow(row);
        if (converted) yield converted;
      }
    }
  } catch (error) {
    if (error instanceof ImportFatalError) throw error;
    throw unreadable(`XLSX rusak (${describe(error)})`, `damaged XLSX (${describe(error)})`);
  } finally {
    zip?.close();
  }
}

/** The sheet listed first in the workbook (its tab order), else the lowest-numbered sheet part. */
function firstSheetPath(reader: WorkbookParts, entries: Map<string, yauzl.Entry>): string | undefined {
  const first = reader.model?.sheets?.[0];
  const target = first && reader.workbookRels?.find((rel) => rel.Id === first.rId)?.Target;
  if (target) {
    // Targets are relative to xl/, or absolute within the package.
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    if (entries.has(path)) return path;
  }
  return [...entries.keys()]
    .filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))
    .sort((a, b) => Number(/\d+/.exec(a.slice(14))![0]) - Number(/\d+/.exec(b.slice(14))![0]))[0];
}

class RangeReader extends yauzl.RandomAccessReader {
  constructor(private readonly file: RandomAccessFile) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return this.file.range(start, end);
  }
}

function openZip(file: RandomAccessFile): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromRandomAccessReader(
      new RangeReader(file),
      file.size,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    ),
  );
}

function listEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  if (zip.entryCount > MAX_ENTRIES) {
    return Promise.reject(unreadable(`lebih dari ${MAX_ENTRIES} bagian`, `more than ${MAX_ENTRIES} parts`));
  }
  const entries = new Map<string, yauzl.Entry>();
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string): Promise<Readable> {
  if (!name.startsWith('xl/worksheets/') && entry.uncompressedSize > MAX_PART_BYTES) {
    return Promise.reject(unreadable(`bagian ${name} terlalu besar`, `part ${name} is too large`));
  }
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}

function unreadable(id: string, en: string): ImportFatalError {
  return new ImportFatalError(ImportErrorCode.IMPORT_FILE_UNREADABLE, { reason: { id, en } });
}

function convertRow(row: ExcelJS.Row): SourceRow | null {
  const values = row.values as Cell[];
  // values[0] is always empty: exceljs numbers cells from 1.
  const width = Math.max(0, values.length - 1);
  const tooWide = width > MAX_COLUMNS;
  const count = Math.min(width, MAX_COLUMNS + 1);
  const cells: string[] = new Array<string>(count).fill('');
  const problems: CellProblem[] = [];
  let numbers: Set<number> | undefined;
  let empty = true;
  for (let i = 0; i < count; i++) {
    const result = cellText(values[i + 1]);
    if ('problem' in result) {
      problems.push({ index: i, code: result.problem });
      empty = false;
      continue;
    }
    cells[i] = result.text;
    if (result.text !== '') empty = false;
    if (result.number) (numbers ??= new Set()).add(i);
  }
  if (empty && !tooWide) return null;
  return { row: row.number, cells, problems, numbers, tooWide };
}

type CellText = { text: string; number?: boolean } | { problem: CellProblemCode };

function cellText(value: Cell, depth = 0): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') {
    // Integers print without exponent up to 2^53; Excel itself keeps 15 significant digits.
    const text = Number.isInteger(value) ? BigInt(value).toString() : String(value);
    return { text, number: true };
  }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { problem: 'CELL_UNSUPPORTED' };
    // exceljs gives date cells as UTC midnights of the calendar day shown.
    return { text: value.toISOString().slice(0, 10) };
  }
  if (typeof value === 'object') {
    const object = value as unknown as Record<string, unknown>;
    if ('error' in object) return { problem: 'CELL_ERROR_VALUE' };
    if ('formula' in object || 'sharedFormula' in object) {
      const result = object.result as Cell | undefined;
      if (result === undefined || result === null || depth > 0) return { problem: 'CELL_FORMULA' };
      return cellText(result, depth + 1);
    }
    if (Array.isArray(object.richText)) {
      return { text: (object.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('') };
    }
    if (typeof object.text === 'string') return { text: object.text };
  }
  return { problem: 'CELL_UNSUPPORTED' };
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 120);
}
