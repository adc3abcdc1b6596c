import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { IMPORT_KINDS, IMPORT_MODES, IMPORT_STATUSES, ImportKindName, ImportMode, ImportStatus } from '../import-kinds';

export class ImportProgress {
  @ApiProperty({ description: 'Data rows read so far (the header not counted)' }) rowsRead: number;
  @ApiProperty({ description: 'Rows that passed every rule' }) rowsValid: number;
  @ApiProperty({ description: 'Rows refused; see the error report' }) rowsRejected: number;
  @ApiProperty({ description: 'Rows whose data is committed (0 in validate-only, and in a failed all-or-nothing)' })
  rowsImported: number;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Share of the file read; 100 once completed' })
  percent: number;
}

export class ImportResultsView {
  @ApiPropertyOptional() personsCreated?: number;
  @ApiPropertyOptional({ description: 'Registered people (same NIK) updated or linked' }) personsUpdated?: number;
  @ApiPropertyOptional() casesOpened?: number;
  @ApiPropertyOptional({ description: 'Rows whose person already had an open COMMUNITY case at your office' })
  casesLinked?: number;
  @ApiPropertyOptional() reportsCreated?: number;
  @ApiPropertyOptional() attendanceRecorded?: number;
}

export class ImportColumnProblem {
  @ApiProperty({ example: 'tanggal_lahir' }) column: string;
  @ApiProperty() message: string;
}

export class ImportJobError {
  @ApiProperty({ example: 'IMPORT_COLUMNS_INVALID', description: 'A code of docs/errors.md' }) code: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: [ImportColumnProblem] }) details: ImportColumnProblem[];
}

export class ImportRowErrorView {
  @ApiProperty({ description: 'Row number as a spreadsheet shows it (the header is row 1)' }) row: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Template column; null for the whole row' })
  column: string | null;
  @ApiProperty({ example: 'PERSON_NIK_INVALID', description: 'docs/imports.md "Error report"' }) code: string;
  @ApiProperty() message: string;
}

export class ImportErrorReport {
  @ApiProperty({ description: 'Lines stored (at most 10,000 per job)' }) count: number;
  @ApiProperty({ description: 'More lines were found than stored' }) truncated: boolean;
  @ApiProperty({ type: [ImportRowErrorView], description: 'The first 100 lines; all via errors or errors.csv' })
  firstErrors: ImportRowErrorView[];
  @ApiProperty({ example: '/api/v1/imports/0b7f.../errors.csv' }) csvUrl: string;
}

export class ImportJobResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: IMPORT_KINDS }) kind: ImportKindName;
  @ApiProperty({ enum: IMPORT_MODES }) mode: ImportMode;
  @ApiProperty({
    enum: IMPORT_STATUSES,
    description: 'QUEUED → RUNNING → COMPLETED or FAILED (docs/imports.md "Job lifecycle")',
  })
  status: ImportStatus;
  @ApiPropertyOptional({ nullable: true, enum: ['CSV', 'XLSX'], type: String }) format: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) fileName: string | null;
  @ApiProperty() fileSize: number;
  @ApiPropertyOptional({ nullable: true, type: String }) fileSha256: string | null;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ format: 'uuid' }) requestedBy: string;
  @ApiProperty({ type: ImportProgress }) progress: ImportProgress;
  @ApiProperty({ type: ImportResultsView }) results: ImportResultsView;
  @ApiPropertyOptional({ nullable: true, type: ImportJobError, description: 'Why a FAILED job failed' })
  error: ImportJobError | null;
  @ApiProperty({ type: ImportErrorReport }) errorReport: ImportErrorReport;
  @ApiProperty() attempts: number;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) startedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) finishedAt: Date | null;
}

export class ImportRowErrorPage extends PageOf(ImportRowErrorView) {}

export class ListImportErrorsQuery extends PageQuery {}
