import { MigrationInterface, QueryRunner } from 'typeorm';

/** The national standard of social rehabilitation (Permensos 16/2019; DOMAIN.md §5), in order. Data, not code. */
const STAGES: [string, string, string][] = [
  ['PENDEKATAN_AWAL', 'Pendekatan awal', 'Initial approach'],
  ['ASESMEN', 'Asesmen', 'Assessment'],
  ['RENCANA_INTERVENSI', 'Rencana intervensi', 'Intervention plan'],
  ['INTERVENSI', 'Intervensi', 'Intervention'],
  ['RESOSIALISASI', 'Resosialisasi', 'Resocialisation'],
  ['TERMINASI', 'Terminasi', 'Termination'],
  ['BIMBINGAN_LANJUT', 'Bimbingan lanjut', 'After-care'],
];

export class Cases1795300000030 implements MigrationInterface {
  name = 'Cases1795300000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_stages (
        code varchar(30) PRIMARY KEY,
        name varchar(100) NOT NULL,
        name_en varchar(100) NOT NULL,
        sort_order integer NOT NULL UNIQUE,
        active boolean NOT NULL DEFAULT true
      )`);
    for (const [i, [code, name, nameEn]] of STAGES.entries()) {
      await q.query(
        `INSERT INTO case_stages (code, name, name_en, sort_order) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [code, name, nameEn, (i + 1) * 10],
      );
    }

    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons (id),
        managing_organization_id uuid NOT NULL REFERENCES organizations (id),
        kind varchar(12) NOT NULL CHECK (kind IN ('RESIDENTIAL', 'COMMUNITY')),
        ppks_code varchar(10) REFERENCES ppks_categories (code),
        severity varchar(8) CHECK (severity IN ('BERAT', 'SEDANG', 'RINGAN')),
        stage_code varchar(30) NOT NULL REFERENCES case_stages (code),
        status varchar(8) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
        opened_on date NOT NULL,
        closed_on date,
        closed_at timestamptz,
        outcome varchar(20) CHECK (outcome IN ('MANDIRI', 'RETURNED_TO_FAMILY', 'REFERRED', 'DIED', 'LEFT', 'OTHER')),
        closing_note varchar(2000),
        parent_case_id uuid REFERENCES cases (id),
        assigned_worker_ids uuid[] NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_cases_closed CHECK ((status = 'CLOSED') = (outcome IS NOT NULL AND closed_on IS NOT NULL AND closed_at IS NOT NULL)),
        CONSTRAINT ck_cases_dates CHECK (closed_on IS NULL OR closed_on >= opened_on)
      )`);
    // One open residential case per person, whatever the concurrency.
    await q.query(
      `CREATE UNIQUE INDEX uq_cases_open_residential ON cases (person_id) WHERE kind = 'RESIDENTIAL' AND status = 'OPEN'`,
    );
    await q.query(`CREATE INDEX ix_cases_person ON cases (person_id)`);
    await q.query(`CREATE INDEX ix_cases_managing_organization ON cases (managing_organization_id, status)`);
    await q.query(`CREATE INDEX ix_cases_parent ON cases (parent_case_id)`);

    await q.query(`
      CREATE TABLE case_residences (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        admitted_on date NOT NULL,
        ward varchar(100),
        discharged_on date,
        destination_village_code varchar(10) REFERENCES regions (code),
        receiving_name varchar(200),
        receiving_relation varchar(50),
        receiving_phone varchar(30),
        discharge_reason varchar(1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_case_residences_dates CHECK (discharged_on IS NULL OR discharged_on >= admitted_on)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_case_residences_open ON case_residences (case_id) WHERE discharged_on IS NULL`,
    );
    await q.query(
      `CREATE INDEX ix_case_residences_organization_open ON case_residences (organization_id) WHERE discharged_on IS NULL`,
    );

    await q.query(`
      CREATE TABLE case_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        type varchar(30) NOT NULL,
        occurred_on date NOT NULL,
        note varchar(2000),
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        actor_id uuid,
        actor_organization_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_case_events_case ON case_events (case_id, seq)`);

    await q.query(`
      CREATE TABLE case_assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        kind varchar(10) NOT NULL CHECK (kind IN ('STABILITY', 'NEEDS', 'SEVERITY', 'OTHER')),
        result varchar(100) NOT NULL,
        score numeric(6, 2),
        assessor_name varchar(200) NOT NULL,
        assessor_user_id uuid,
        assessed_on date NOT NULL,
        notes text,
        recorded_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_case_assessments_stability CHECK (kind <> 'STABILITY' OR result IN ('STABLE', 'UNSTABLE')),
        CONSTRAINT ck_case_assessments_severity CHECK (kind <> 'SEVERITY' OR result IN ('BERAT', 'SEDANG', 'RINGAN'))
      )`);
    await q.query(`CREATE INDEX ix_case_assessments_case ON case_assessments (case_id, assessed_on)`);

    await q.query(`
      CREATE TABLE case_follow_ups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        sequence integer NOT NULL,
        due_on date NOT NULL,
        visit_id uuid,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_case_follow_ups_sequence UNIQUE (case_id, sequence)
      )`);
    await q.query(
      `CREATE INDEX ix_case_follow_ups_pending ON case_follow_ups (due_on) WHERE visit_id IS NULL AND cancelled_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE case_visits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        follow_up_id uuid REFERENCES case_follow_ups (id),
        visited_on date NOT NULL,
        officer_name varchar(200) NOT NULL,
        officer_user_id uuid,
        findings varchar(4000) NOT NULL,
        medication_adherence varchar(8) NOT NULL CHECK (medication_adherence IN ('YES', 'PARTIAL', 'NO', 'UNKNOWN')),
        living_situation varchar(500),
        relapse boolean NOT NULL DEFAULT false,
        recorded_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_case_visits_case ON case_visits (case_id, visited_on)`);
    await q.query(
      `ALTER TABLE case_follow_ups ADD CONSTRAINT fk_case_follow_ups_visit FOREIGN KEY (visit_id) REFERENCES case_visits (id)`,
    );

    await q.query(`
      CREATE TABLE case_escalations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        visit_id uuid REFERENCES case_visits (id),
        reason varchar(2000) NOT NULL,
        suggested_destination varchar(20) CHECK (suggested_destination IN ('PUSKESMAS', 'RSJ', 'UPT', 'OTHER')),
        status varchar(10) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'REFERRED', 'RESOLVED')),
        referral_id uuid,
        resolved_at timestamptz,
        resolution varchar(2000),
        opened_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_case_escalations_case ON case_escalations (case_id)`);

    // Messages for other parties (webhooks), written in the same transaction as the change they announce; the
    // integration module delivers them.
    await q.query(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        type varchar(60) NOT NULL,
        aggregate_type varchar(40) NOT NULL,
        aggregate_id uuid NOT NULL,
        organization_ids uuid[] NOT NULL DEFAULT '{}',
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_outbox_events_unpublished ON outbox_events (seq) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'outbox_events',
      'case_escalations',
      'case_follow_ups',
      'case_visits',
      'case_assessments',
      'case_events',
      'case_residences',
      'cases',
      'case_stages',
    ]) {
      await q.query(`DROP TABLE ${table} CASCADE`);
    }
  }
}
