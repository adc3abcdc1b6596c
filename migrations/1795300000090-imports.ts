import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk import jobs (docs/imports.md): the job with its progress and checkpoint, the uploaded file kept in
 * PostgreSQL until the job ends (so any instance can run it and a restart can resume it), and the per-row error
 * report.
 */
export class Imports1795300000090 implements MigrationInterface {
  name = 'Imports1795300000090';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(20) NOT NULL CHECK (kind IN ('persons', 'eks-klien', 'business-reports', 'attendance')),
        mode varchar(20) NOT NULL CHECK (mode IN ('validate-only', 'all-or-nothing', 'valid-rows-only')),
        status varchar(10) NOT NULL DEFAULT 'UPLOADING'
          CHECK (status IN ('UPLOADING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
        format varchar(4) CHECK (format IN ('CSV', 'XLSX')),
        csv_delimiter varchar(1),
        file_name varchar(255),
        file_size bigint NOT NULL DEFAULT 0,
        file_sha256 char(64),
        -- Who asked, as the token said at upload time: the job acts with this principal's rights.
        organization_id uuid NOT NULL REFERENCES organizations (id),
        requested_by uuid NOT NULL,
        requested_by_kind varchar(10) NOT NULL CHECK (requested_by_kind IN ('user', 'client')),
        principal jsonb NOT NULL,
        request_ip varchar(64),
        purpose varchar(200),
        -- Idempotency-Key of the upload, per caller; released after 24 hours like every other key.
        idempotency_scope varchar(100),
        idempotency_key varchar(255),
        rows_read integer NOT NULL DEFAULT 0,
        rows_valid integer NOT NULL DEFAULT 0,
        rows_rejected integer NOT NULL DEFAULT 0,
        rows_imported integer NOT NULL DEFAULT 0,
        errors_stored integer NOT NULL DEFAULT 0,
        bytes_read bigint NOT NULL DEFAULT 0,
        -- valid-rows-only: data rows whose outcome is committed; a resumed run skips them.
        checkpoint integer NOT NULL DEFAULT 0,
        results jsonb NOT NULL DEFAULT '{}',
        attempts integer NOT NULL DEFAULT 0,
        lease_until timestamptz,
        error_code varchar(60),
        error_params jsonb,
        error_details jsonb,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        CONSTRAINT ck_import_jobs_key CHECK ((idempotency_key IS NULL) = (idempotency_scope IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_import_jobs_idempotency ON import_jobs (idempotency_scope, idempotency_key)
         WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX ix_import_jobs_pending ON import_jobs (created_at) WHERE status IN ('QUEUED', 'RUNNING')`,
    );
    await q.query(`CREATE INDEX ix_import_jobs_organization ON import_jobs (organization_id, created_at)`);
    await q.query(`CREATE INDEX ix_import_jobs_finished ON import_jobs (finished_at) WHERE finished_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE import_file_chunks (
        job_id uuid NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (job_id, seq)
      )`);
    // Stored out of line but not compressed: XLSX is already a ZIP, and compressing CSV costs more time than the
    // few minutes the file is kept are worth.
    await q.query(`ALTER TABLE import_file_chunks ALTER COLUMN data SET STORAGE EXTERNAL`);

    await q.query(`
      CREATE TABLE import_row_errors (
        job_id uuid NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        row_number integer NOT NULL,
        column_name varchar(100),
        code varchar(60) NOT NULL,
        message_id varchar(1000) NOT NULL,
        message_en varchar(1000) NOT NULL,
        PRIMARY KEY (job_id, seq)
      )`);
    await q.query(`CREATE INDEX ix_import_row_errors_row ON import_row_errors (job_id, row_number, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_row_errors`);
    await q.query(`DROP TABLE import_file_chunks`);
    await q.query(`DROP TABLE import_jobs`);
  }
}
