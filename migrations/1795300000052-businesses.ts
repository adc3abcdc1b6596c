import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Businesses of eks klien and their monthly monitoring reports (DESIGN.md §4, docs/empowerment-businesses.md).
 * The growth status is derived from the reports when read, so no column holds it.
 */
export class Businesses1795300000052 implements MigrationInterface {
  name = 'Businesses1795300000052';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE businesses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons (id),
        -- No foreign key: the grants table belongs to another module and may not exist yet; the service checks the
        -- grant exists whenever the grants table does.
        grant_id uuid,
        sector varchar(20) NOT NULL CHECK (sector IN ('JAHIT', 'KERAJINAN', 'KULINER', 'PERTANIAN', 'PETERNAKAN',
          'PERDAGANGAN', 'JASA', 'OTHER')),
        name varchar(200) NOT NULL,
        village_code varchar(10) NOT NULL REFERENCES regions (code),
        regency_code varchar(4) GENERATED ALWAYS AS (left(village_code, 4)) STORED,
        start_date date NOT NULL,
        workers integer NOT NULL CHECK (workers BETWEEN 0 AND 10000),
        graduated_on date,
        graduated_by uuid,
        graduation_note varchar(2000),
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_businesses_graduation CHECK ((graduated_on IS NULL) = (graduation_note IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_businesses_person ON businesses (person_id)`);
    await q.query(`CREATE INDEX ix_businesses_village ON businesses (village_code varchar_pattern_ops)`);
    await q.query(`CREATE INDEX ix_businesses_regency ON businesses (regency_code)`);
    await q.query(`CREATE INDEX ix_businesses_grant ON businesses (grant_id) WHERE grant_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_businesses_list ON businesses (created_at, id)`);

    await q.query(`
      CREATE TABLE business_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES businesses (id),
        period char(7) NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        revenue_idr bigint NOT NULL CHECK (revenue_idr >= 0),
        net_income_idr bigint NOT NULL,
        workers integer NOT NULL CHECK (workers BETWEEN 0 AND 10000),
        open boolean NOT NULL,
        notes varchar(2000),
        reported_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- One report per month, whatever the concurrency.
        CONSTRAINT uq_business_reports_period UNIQUE (business_id, period)
      )`);

    // A correction copies the values it replaces here first, so every earlier version stays readable.
    await q.query(`
      CREATE TABLE business_report_revisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES business_reports (id),
        version integer NOT NULL,
        revenue_idr bigint NOT NULL,
        net_income_idr bigint NOT NULL,
        workers integer NOT NULL,
        open boolean NOT NULL,
        notes varchar(2000),
        reported_by uuid,
        reported_at timestamptz NOT NULL,
        replaced_by uuid,
        replaced_at timestamptz NOT NULL DEFAULT now(),
        reason varchar(1000) NOT NULL,
        CONSTRAINT uq_business_report_revisions UNIQUE (report_id, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE business_report_revisions`);
    await q.query(`DROP TABLE business_reports`);
    await q.query(`DROP TABLE businesses`);
  }
}
