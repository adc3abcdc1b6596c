import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Satisfaction surveys (SKM, PermenPAN-RB 14/2017; docs/surveys.md): a survey per service reached by a public
 * token, and anonymous responses holding the nine element scores (1–4) and the optional respondent profile the
 * regulation uses. No name, contact or IP address is stored with a response.
 */
export class Surveys1795300000060 implements MigrationInterface {
  name = 'Surveys1795300000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE surveys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id uuid NOT NULL REFERENCES services (id),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        token varchar(64) NOT NULL UNIQUE,
        title varchar(200),
        active boolean NOT NULL DEFAULT true,
        closed_at timestamptz,
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_surveys_service ON surveys (service_id, created_at, id)`);
    await q.query(`CREATE INDEX ix_surveys_organization ON surveys (organization_id)`);
    const scores = Array.from({ length: 9 }, (_, i) => `u${i + 1} smallint NOT NULL CHECK (u${i + 1} BETWEEN 1 AND 4)`);
    await q.query(`
      CREATE TABLE survey_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        survey_id uuid NOT NULL REFERENCES surveys (id),
        ${scores.join(',\n        ')},
        age_band varchar(10) CHECK (age_band IN ('UNDER_20', '20_29', '30_39', '40_49', '50_59', '60_PLUS')),
        sex varchar(10) CHECK (sex IN ('MALE', 'FEMALE')),
        education varchar(10) CHECK (education IN ('NONE', 'SD', 'SMP', 'SMA', 'D1_D3', 'D4_S1', 'S2', 'S3')),
        occupation varchar(20) CHECK (occupation IN ('PNS', 'TNI', 'POLRI', 'SWASTA', 'WIRAUSAHA', 'PELAJAR', 'OTHER')),
        comment varchar(1000),
        submitted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_survey_responses_survey ON survey_responses (survey_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE survey_responses`);
    await q.query(`DROP TABLE surveys`);
  }
}
