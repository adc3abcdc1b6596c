import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bebas Pasung cases (DESIGN.md §4, DOMAIN.md §6): the record of a person found shackled, and its status timeline.
 * The current status is kept on the case beside the timeline (same transaction, under the case's row lock) so that
 * lists and counts filter on a column instead of finding each case's latest event.
 */
export class Pasung1795300000031 implements MigrationInterface {
  name = 'Pasung1795300000031';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pasung_cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons (id),
        village_code varchar(10) NOT NULL REFERENCES regions (code),
        regency_code varchar(4) GENERATED ALWAYS AS (left(village_code, 4)) STORED,
        reported_on date NOT NULL,
        report_source varchar(20) NOT NULL CHECK (report_source IN ('FAMILY', 'NEIGHBOUR', 'VILLAGE_OFFICIAL',
          'PUSKESMAS', 'POLICE', 'SOCIAL_WORKER', 'MEDIA', 'OTHER')),
        report_source_detail varchar(300),
        -- NULL: not known (families often cannot say).
        shackled_months integer CHECK (shackled_months BETWEEN 0 AND 1200),
        restraint_type varchar(20) NOT NULL CHECK (restraint_type IN ('CHAIN', 'STOCKS', 'ROPE', 'CONFINED_ROOM',
          'CAGE', 'OTHER')),
        restraint_detail varchar(300),
        family_contact_name varchar(200),
        family_contact_relation varchar(50),
        family_contact_phone varchar(30),
        managing_organization_id uuid NOT NULL REFERENCES organizations (id),
        case_id uuid REFERENCES cases (id),
        current_status varchar(25) NOT NULL,
        current_status_on date NOT NULL,
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_pasung_cases_status CHECK (current_status IN ('MASIH_TERPASUNG', 'BEBAS_PASUNG', 'PERAWATAN',
          'REHABILITASI', 'KEMBALI_KE_KELUARGA', 'REPASUNG', 'MENINGGAL')),
        CONSTRAINT ck_pasung_cases_status_on CHECK (current_status_on >= reported_on),
        CONSTRAINT ck_pasung_cases_source_other CHECK (report_source <> 'OTHER' OR report_source_detail IS NOT NULL),
        CONSTRAINT ck_pasung_cases_restraint_other CHECK (restraint_type <> 'OTHER' OR restraint_detail IS NOT NULL),
        CONSTRAINT ck_pasung_cases_family CHECK ((family_contact_name IS NULL) = (family_contact_relation IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_pasung_cases_person ON pasung_cases (person_id)`);
    // Lists and counts by region (any level, by prefix of the village code) and by current status.
    await q.query(`CREATE INDEX ix_pasung_cases_village ON pasung_cases (village_code varchar_pattern_ops)`);
    await q.query(`CREATE INDEX ix_pasung_cases_regency_status ON pasung_cases (regency_code, current_status)`);
    await q.query(`CREATE INDEX ix_pasung_cases_managing_organization ON pasung_cases (managing_organization_id)`);
    await q.query(`CREATE INDEX ix_pasung_cases_case ON pasung_cases (case_id) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_pasung_cases_list ON pasung_cases (reported_on, id)`);

    await q.query(`
      CREATE TABLE pasung_case_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pasung_case_id uuid NOT NULL REFERENCES pasung_cases (id),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        status varchar(25) NOT NULL CHECK (status IN ('MASIH_TERPASUNG', 'BEBAS_PASUNG', 'PERAWATAN', 'REHABILITASI',
          'KEMBALI_KE_KELUARGA', 'REPASUNG', 'MENINGGAL')),
        occurred_on date NOT NULL,
        note varchar(2000),
        release_team varchar(500),
        hospital_name varchar(200),
        upt_organization_id uuid REFERENCES organizations (id),
        cause_of_death varchar(500),
        case_id uuid REFERENCES cases (id),
        recorded_by uuid,
        recorded_by_organization_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The timeline in its order: by date, ties by the order of recording.
    await q.query(
      `CREATE INDEX ix_pasung_case_events_timeline ON pasung_case_events (pasung_case_id, occurred_on, seq)`,
    );
    // "Ever freed" / "ever re-shackled" figures of the recap look for one status among a case's events.
    await q.query(`CREATE INDEX ix_pasung_case_events_status ON pasung_case_events (status, pasung_case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pasung_case_events`);
    await q.query(`DROP TABLE pasung_cases`);
  }
}
