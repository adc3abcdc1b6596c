import { MigrationInterface, QueryRunner } from 'typeorm';

export class Referrals1795300000041 implements MigrationInterface {
  name = 'Referrals1795300000041';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_organization_id uuid NOT NULL REFERENCES organizations (id),
        to_organization_id uuid NOT NULL REFERENCES organizations (id),
        person_id uuid NOT NULL REFERENCES persons (id),
        case_id uuid REFERENCES cases (id),
        service_id uuid REFERENCES services (id),
        escalation_id uuid REFERENCES case_escalations (id),
        reason varchar(2000) NOT NULL,
        priority varchar(10) NOT NULL CHECK (priority IN ('ROUTINE', 'URGENT', 'EMERGENCY')),
        transfer boolean NOT NULL DEFAULT false,
        status varchar(20) NOT NULL CHECK (status IN ('REQUESTED', 'ACCEPTED', 'REJECTED', 'CANCELLED', 'IN_PROGRESS',
          'ON_HOLD', 'COMPLETED', 'FAILED', 'EXPIRED', 'ENTERED_IN_ERROR')),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        respond_by timestamptz NOT NULL,
        rejection_reason_code varchar(30),
        status_note varchar(2000),
        outcome_note varchar(2000),
        consent_id uuid REFERENCES consents (id),
        consent_override_reason varchar(2000),
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_referrals_not_self CHECK (from_organization_id <> to_organization_id),
        CONSTRAINT ck_referrals_consent CHECK (consent_id IS NOT NULL OR consent_override_reason IS NOT NULL),
        CONSTRAINT ck_referrals_transfer_case CHECK (NOT transfer OR case_id IS NOT NULL),
        CONSTRAINT ck_referrals_rejection CHECK (status <> 'REJECTED' OR rejection_reason_code IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_referrals_from ON referrals (from_organization_id, status)`);
    await q.query(`CREATE INDEX ix_referrals_to ON referrals (to_organization_id, status)`);
    await q.query(`CREATE INDEX ix_referrals_person ON referrals (person_id)`);
    await q.query(`CREATE INDEX ix_referrals_expiry ON referrals (respond_by) WHERE status = 'REQUESTED'`);
    await q.query(`
      CREATE TABLE referral_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referrals (id),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        action varchar(20) NOT NULL,
        from_status varchar(20),
        to_status varchar(20) NOT NULL,
        note varchar(2000),
        actor_id uuid,
        actor_organization_id uuid,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_referral_events_referral ON referral_events (referral_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referral_events`);
    await q.query(`DROP TABLE referrals`);
  }
}
