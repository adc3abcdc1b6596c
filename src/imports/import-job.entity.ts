import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import type { ImportFormat, ImportKindName, ImportMode, ImportStatus } from './import-kinds';

/** The principal a job acts as: the uploader as their token described them at upload time. */
export interface JobPrincipal {
  kind: 'user' | 'client';
  id: string;
  name: string;
  organizationId: string;
  regionCode: string;
  role: string;
  permissions: string[];
}

/** What a finished (or running) job did, per kind; documented in docs/imports.md. */
export interface ImportResults {
  personsCreated?: number;
  personsUpdated?: number;
  casesOpened?: number;
  casesLinked?: number;
  reportsCreated?: number;
  attendanceRecorded?: number;
}

/** A bulk import: its file (in `import_file_chunks` until it ends), progress, checkpoint and outcome. */
@Entity('import_jobs')
export class ImportJob extends BaseEntity {
  @Column({ type: 'varchar', length: 20 }) kind: ImportKindName;
  @Column({ type: 'varchar', length: 20 }) mode: ImportMode;
  @Column({ type: 'varchar', length: 10 }) status: ImportStatus;
  @Column({ type: 'varchar', length: 4, nullable: true }) format: ImportFormat | null;
  @Column({ type: 'varchar', length: 1, nullable: true }) csvDelimiter: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) fileName: string | null;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) fileSize: number;
  @Column({ type: 'char', length: 64, nullable: true }) fileSha256: string | null;
  @Column({ type: 'uuid' }) organizationId: string;
  @Column({ type: 'uuid' }) requestedBy: string;
  @Column({ type: 'varchar', length: 10 }) requestedByKind: 'user' | 'client';
  @Column({ type: 'jsonb' }) principal: JobPrincipal;
  @Column({ type: 'varchar', length: 64, nullable: true }) requestIp: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) purpose: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) idempotencyScope: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) idempotencyKey: string | null;
  @Column({ type: 'integer' }) rowsRead: number;
  @Column({ type: 'integer' }) rowsValid: number;
  @Column({ type: 'integer' }) rowsRejected: number;
  @Column({ type: 'integer' }) rowsImported: number;
  @Column({ type: 'integer' }) errorsStored: number;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) bytesRead: number;
  @Column({ type: 'integer' }) checkpoint: number;
  @Column({ type: 'jsonb' }) results: ImportResults;
  @Column({ type: 'integer' }) attempts: number;
  @Column({ type: 'timestamptz', nullable: true }) leaseUntil: Date | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) errorCode: string | null;
  @Column({ type: 'jsonb', nullable: true }) errorParams: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) errorDetails:
    { column: string; message: { id: string; en: string } }[] | null;
  @Column({ type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}

/** One line of a job's error report: a row, the column (when one is to blame) and why it was rejected. */
@Entity('import_row_errors')
export class ImportRowError {
  @PrimaryColumn({ type: 'uuid' }) jobId: string;
  @PrimaryColumn({ type: 'integer' }) seq: number;
  @Column({ type: 'integer' }) rowNumber: number;
  @Column({ type: 'varchar', length: 100, nullable: true }) columnName: string | null;
  @Column({ type: 'varchar', length: 60 }) code: string;
  @Column({ type: 'varchar', length: 1000 }) messageId: string;
  @Column({ type: 'varchar', length: 1000 }) messageEn: string;
}
