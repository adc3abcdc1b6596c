import { MigrationInterface, QueryRunner } from 'typeorm';

/** Skills taught in empowerment trainings (DOMAIN.md §7): data, so the list can grow without a release. */
const SKILLS: [string, string, string][] = [
  ['KESET_KAIN_PERCA', 'Keset kain perca', 'Fabric-scrap doormats'],
  ['MERONCE_MANIK_MANIK', 'Meronce manik-manik', 'Beadwork'],
  ['MENJAHIT', 'Menjahit', 'Sewing'],
  ['MEMBATIK', 'Membatik', 'Batik'],
  ['KULINER', 'Kuliner', 'Culinary'],
  ['PERTANIAN', 'Pertanian', 'Farming'],
  ['OTHER', 'Lainnya', 'Other'],
];

export class Trainings1795300000050 implements MigrationInterface {
  name = 'Trainings1795300000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE training_skills (
        code varchar(30) PRIMARY KEY,
        name varchar(100) NOT NULL,
        name_en varchar(100) NOT NULL,
        sort_order integer NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    for (const [i, [code, name, nameEn]] of SKILLS.entries()) {
      await q.query(
        `INSERT INTO training_skills (code, name, name_en, sort_order) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [code, name, nameEn, (i + 1) * 10],
      );
    }

    await q.query(`
      CREATE TABLE trainings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_organization_id uuid NOT NULL REFERENCES organizations (id),
        skill_code varchar(30) NOT NULL REFERENCES training_skills (code),
        title varchar(200) NOT NULL,
        village_code varchar(10) NOT NULL REFERENCES regions (code),
        place varchar(300) NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        weekdays varchar(3)[] NOT NULL,
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 500),
        facilitators varchar(200)[] NOT NULL,
        min_attendance_percent integer NOT NULL DEFAULT 75 CHECK (min_attendance_percent BETWEEN 1 AND 100),
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_trainings_period CHECK (ends_on >= starts_on),
        CONSTRAINT ck_trainings_weekdays CHECK (cardinality(weekdays) BETWEEN 1 AND 7),
        CONSTRAINT ck_trainings_facilitators CHECK (cardinality(facilitators) BETWEEN 1 AND 20)
      )`);
    await q.query(`CREATE INDEX ix_trainings_provider ON trainings (provider_organization_id, starts_on)`);
    await q.query(`CREATE INDEX ix_trainings_village ON trainings (village_code varchar_pattern_ops)`);

    await q.query(`
      CREATE TABLE training_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        training_id uuid NOT NULL REFERENCES trainings (id),
        held_on date NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED', 'CANCELLED')),
        cancel_reason varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_training_sessions_day UNIQUE (training_id, held_on)
      )`);

    await q.query(`
      CREATE TABLE training_enrolments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        training_id uuid NOT NULL REFERENCES trainings (id),
        person_id uuid NOT NULL REFERENCES persons (id),
        enrolled_by_organization_id uuid NOT NULL REFERENCES organizations (id),
        status varchar(10) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE')),
        failed_rules varchar(40)[] NOT NULL DEFAULT '{}',
        override_reason varchar(2000),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_training_enrolments_override CHECK (cardinality(failed_rules) = 0 OR override_reason IS NOT NULL)
      )`);
    // One enrolment per person per training, whatever the concurrency.
    await q.query(`CREATE UNIQUE INDEX uq_training_enrolments_person ON training_enrolments (training_id, person_id)`);
    await q.query(`CREATE INDEX ix_training_enrolments_person ON training_enrolments (person_id)`);

    await q.query(`
      CREATE TABLE training_attendance (
        session_id uuid NOT NULL REFERENCES training_sessions (id),
        enrolment_id uuid NOT NULL REFERENCES training_enrolments (id),
        present boolean NOT NULL,
        recorded_by uuid,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (session_id, enrolment_id)
      )`);
    await q.query(`CREATE INDEX ix_training_attendance_enrolment ON training_attendance (enrolment_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS training_attendance`);
    await q.query(`DROP TABLE IF EXISTS training_enrolments`);
    await q.query(`DROP TABLE IF EXISTS training_sessions`);
    await q.query(`DROP TABLE IF EXISTS trainings`);
    await q.query(`DROP TABLE IF EXISTS training_skills`);
  }
}
