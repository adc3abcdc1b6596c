import { MigrationInterface, QueryRunner } from 'typeorm';

export class Persons1795300000020 implements MigrationInterface {
  name = 'Persons1795300000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE persons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name varchar(200) NOT NULL,
        -- Normalised for matching and search (titles dropped, old spellings folded); see src/persons/matching.
        name_key varchar(200) NOT NULL,
        aliases text[] NOT NULL DEFAULT '{}',
        sex char(1) NOT NULL CHECK (sex IN ('M', 'F')),
        birth_date date,
        birth_date_precision varchar(10) CHECK (birth_date_precision IN ('DAY', 'MONTH', 'YEAR', 'ESTIMATED')),
        birth_place varchar(100),
        -- AES-256-GCM, self-describing (key id inside); found through the keyed blind index beside it.
        nik_encrypted text,
        nik_index char(64),
        identity_status varchar(10) NOT NULL DEFAULT 'UNKNOWN' CHECK (identity_status IN ('UNKNOWN', 'CLAIMED', 'VERIFIED')),
        identity_verified_at timestamptz,
        identity_verified_by uuid,
        phone varchar(30),
        disabilities text[] NOT NULL DEFAULT '{}'
          CHECK (disabilities <@ ARRAY['FISIK', 'INTELEKTUAL', 'MENTAL', 'SENSORIK']::text[]),
        guardian_name varchar(200),
        guardian_relation varchar(50),
        guardian_phone varchar(30),
        guardian_nik_encrypted text,
        dtks_id varchar(40),
        dtsen_decile smallint CHECK (dtsen_decile BETWEEN 1 AND 10),
        dtsen_as_of date,
        -- The current domicile, kept beside its history for scoping and filters.
        domicile_village_code varchar(10) REFERENCES regions (code),
        domicile_regency_code char(4) GENERATED ALWAYS AS (left(domicile_village_code, 4)) STORED,
        registered_by_organization_id uuid NOT NULL REFERENCES organizations (id),
        status varchar(10) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'MERGED', 'ERASED')),
        merged_into_id uuid REFERENCES persons (id),
        restricted boolean NOT NULL DEFAULT false,
        restricted_at timestamptz,
        restriction_reason varchar(500),
        legal_hold boolean NOT NULL DEFAULT false,
        legal_hold_reason varchar(500),
        erased_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_persons_birth_precision CHECK ((birth_date IS NULL) = (birth_date_precision IS NULL)),
        CONSTRAINT ck_persons_nik_pair CHECK ((nik_encrypted IS NULL) = (nik_index IS NULL)),
        CONSTRAINT ck_persons_merged CHECK ((status = 'MERGED') = (merged_into_id IS NOT NULL))
      )`);
    // One living person per NIK; merged records keep theirs so that a merge can be undone.
    await q.query(`CREATE UNIQUE INDEX uq_persons_nik_index ON persons (nik_index) WHERE status = 'ACTIVE'`);
    await q.query(`CREATE INDEX ix_persons_name_key ON persons USING gin (name_key gin_trgm_ops)`);
    await q.query(`CREATE INDEX ix_persons_regency ON persons (domicile_regency_code, id)`);
    await q.query(`CREATE INDEX ix_persons_village ON persons (domicile_village_code varchar_pattern_ops)`);
    await q.query(`CREATE INDEX ix_persons_registered_by ON persons (registered_by_organization_id)`);
    await q.query(`CREATE INDEX ix_persons_disabilities ON persons USING gin (disabilities)`);

    await q.query(`
      CREATE TABLE person_kk_numbers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons (id),
        kk_encrypted text NOT NULL,
        kk_index char(64) NOT NULL,
        valid_from date,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_person_kk_period CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX ix_person_kk_numbers_person ON person_kk_numbers (person_id)`);
    await q.query(`CREATE INDEX ix_person_kk_numbers_index ON person_kk_numbers (kk_index)`);

    await q.query(`
      CREATE TABLE person_domiciles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons (id),
        village_code varchar(10) NOT NULL REFERENCES regions (code),
        address varchar(300),
        valid_from date,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_person_domicile_period CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX ix_person_domiciles_person ON person_domiciles (person_id)`);

    await q.query(`
      CREATE TABLE person_ppks_categories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons (id),
        ppks_code varchar(10) NOT NULL REFERENCES ppks_categories (code),
        since date,
        until date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_person_ppks_period CHECK (until IS NULL OR since IS NULL OR until >= since)
      )`);
    await q.query(`CREATE INDEX ix_person_ppks_person ON person_ppks_categories (person_id)`);
    await q.query(`CREATE INDEX ix_person_ppks_code ON person_ppks_categories (ppks_code) WHERE until IS NULL`);

    await q.query(`
      CREATE TABLE consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons (id),
        purpose varchar(30) NOT NULL,
        recipient_organization_id uuid REFERENCES organizations (id),
        given_by varchar(10) NOT NULL CHECK (given_by IN ('SELF', 'GUARDIAN')),
        guardian_name varchar(200),
        guardian_relation varchar(50),
        given_on date NOT NULL,
        expires_on date,
        evidence_reference varchar(300) NOT NULL,
        recorded_by uuid,
        recorded_by_organization_id uuid REFERENCES organizations (id),
        revoked_at timestamptz,
        revocation_reason varchar(500),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_consents_guardian CHECK (given_by = 'SELF' OR guardian_name IS NOT NULL),
        CONSTRAINT ck_consents_period CHECK (expires_on IS NULL OR expires_on >= given_on)
      )`);
    await q.query(`CREATE INDEX ix_consents_person ON consents (person_id, purpose)`);

    await q.query(`
      CREATE TABLE data_subject_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons (id),
        kind varchar(20) NOT NULL,
        channel varchar(30),
        description varchar(2000),
        received_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'COMPLETED', 'REFUSED')),
        resolved_at timestamptz,
        resolution varchar(2000),
        changed_fields text[] NOT NULL DEFAULT '{}',
        recorded_by uuid,
        recorded_by_organization_id uuid REFERENCES organizations (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_dsr_open ON data_subject_requests (due_at) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX ix_dsr_person ON data_subject_requests (person_id)`);

    await q.query(`
      CREATE TABLE person_merges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        survivor_id uuid NOT NULL REFERENCES persons (id),
        duplicate_id uuid NOT NULL REFERENCES persons (id),
        -- Which rows were moved from the duplicate to the survivor, so that unmerge moves exactly those back.
        moved jsonb NOT NULL,
        merged_at timestamptz NOT NULL DEFAULT now(),
        merged_by uuid,
        undone_at timestamptz,
        undone_by uuid,
        CONSTRAINT ck_person_merges_distinct CHECK (survivor_id <> duplicate_id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_person_merges_active ON person_merges (duplicate_id) WHERE undone_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'person_merges',
      'data_subject_requests',
      'consents',
      'person_ppks_categories',
      'person_domiciles',
      'person_kk_numbers',
      'persons',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
