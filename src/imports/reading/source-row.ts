import type { LocalizedText, MessageParams } from '../../common/i18n';

/** Why a cell could not be read at all (before any rule of the target field is applied). */
export const CELL_PROBLEMS = {
  CELL_ENCODING: {
    id: 'bukan teks UTF-8 yang valid; simpan berkas sebagai "CSV UTF-8"',
    en: 'not valid UTF-8 text; save the file as "CSV UTF-8"',
  },
  CELL_FORMULA: {
    id: 'rumus tanpa nilai tersimpan; salin lalu tempel sebagai nilai',
    en: 'a formula without a stored value; copy and paste it as values',
  },
  CELL_ERROR_VALUE: {
    id: 'sel berisi nilai galat Excel (mis. #N/A)',
    en: 'the cell holds an Excel error value (e.g. #N/A)',
  },
  CELL_NUMBER_NOT_TEXT: {
    id: 'tersimpan sebagai angka sehingga digit bisa hilang (Excel hanya menyimpan 15 digit dan membuang 0 di depan); format kolom sebagai Teks',
    en: 'stored as a number, so digits may be lost (Excel keeps only 15 digits and drops a leading 0); format the column as Text',
  },
  CELL_UNSUPPORTED: {
    id: 'jenis isi sel tidak didukung',
    en: 'unsupported kind of cell content',
  },
} satisfies Record<string, LocalizedText>;
export type CellProblemCode = keyof typeof CELL_PROBLEMS;

export interface CellProblem {
  /** Index of the cell in the file's row. */
  index: number;
  code: CellProblemCode;
}

/** One row of the file as the reader saw it, before the template's rules. */
export interface SourceRow {
  /** Row number as a spreadsheet shows it (the header is row 1 in a file that starts with it). */
  row: number;
  /** Text of each cell ('' when empty), in file order. */
  cells: string[];
  /** Cells that could not be read as text. */
  problems: CellProblem[];
  /** XLSX cells that held numbers: a text-only column (NIK, phone) refuses them. */
  numbers?: ReadonlySet<number>;
  /** The row had more than MAX_COLUMNS cells; the rest was not read. */
  tooWide?: boolean;
}

/** A problem with the file as a whole: the job stops with this code (docs/errors.md). */
export class ImportFatalError extends Error {
  constructor(
    readonly code: string,
    readonly params: MessageParams = {},
    readonly details: { column: string; message: LocalizedText }[] = [],
  ) {
    super(code);
    this.name = 'ImportFatalError';
  }
}
