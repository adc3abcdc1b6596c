export { cellOf, LIST_SEPARATOR, neutraliseFormula, readPath, startsFormula } from './cells';
export type { Cell } from './cells';
export { CSV_BOM, CSV_EOL, csvField, csvStream } from './csv-writer';
export { contentDisposition, primed, safeFilename, sendTable, TABLE_CONTENT_TYPES, tableStream } from './send-table';
export { isTableFormat, TABLE_FORMATS } from './table';
export type { CellValue, ColumnType, TableColumn, TableFormat, TableSpec } from './table';
export { XLSX_MAX_TEXT, xlsxStream } from './xlsx-writer';
