import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Entrepreneurship grants (UEP, DESIGN.md §4, DOMAIN.md §7): a budget per regency and year, grants drawn on it, and
 * the assets the in-kind items become at the handover (BAST). The money rules live here as CHECKs (STYLE.md §5):
 * the service refuses an overspend under a row lock, and the database refuses it again should any code path forget.
 */
export class Grants1795300000051 implements MigrationInterface {
  name = 'Grants1795300000051';

  async up(q: QueryRunner): Promise<void> {
    // Whole Rupiah in bigint; capped far below 2^53 so the API can hand them out as JSON numbers without loss.
    await q.query(`
      CREATE TABLE grant_budgets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        regency_code varchar(4) NOT NULL REFERENCES regions (code),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        initial_idr bigint NOT NULL CHECK (initial_idr > 0),
        total_idr bigint NOT NULL CHECK (total_idr > 0 AND total_idr <= 1000000000000000),
        committed_idr bigint NOT NULL DEFAULT 0 CHECK (committed_idr >= 0),
        disbursed_idr bigint NOT NULL DEFAULT 0 CHECK (disbursed_idr >= 0),
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_grant_budgets_regency_year UNIQUE (regency_code, year),
        -- The last line behind the locked check in the approving transaction: never more approved than budgeted.
        CONSTRAINT ck_grant_budgets_committed CHECK (committed_idr <= total_idr),
        CONSTRAINT ck_grant_budgets_disbursed CHECK (disbursed_idr <= committed_idr),
        CONSTRAINT ck_grant_budgets_regency CHECK (regency_code ~ '^[0-9]{4}$')
      )`);
    await q.query(`
      CREATE TABLE grant_budget_top_ups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        budget_id uuid NOT NULL REFERENCES grant_budgets (id),
        amount_idr bigint NOT NULL CHECK (amount_idr > 0 AND amount_idr <= 10000000000000),
        note varchar(1000),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_grant_budget_top_ups_budget ON grant_budget_top_ups (budget_id, created_at)`);

    await q.query(`
      CREATE TABLE grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons (id),
        case_id uuid REFERENCES cases (id),
        regency_code varchar(4) NOT NULL REFERENCES regions (code),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        proposing_organization_id uuid NOT NULL REFERENCES organizations (id),
        proposed_by uuid,
        business_plan varchar(4000) NOT NULL,
        stated_skill varchar(300),
        total_idr bigint NOT NULL CHECK (total_idr >= 0 AND total_idr <= 10000000000000),
        status varchar(10) NOT NULL DEFAULT 'SUBMITTED',
        criteria jsonb NOT NULL,
        criteria_passed boolean NOT NULL,
        criteria_override_reason varchar(2000),
        budget_id uuid REFERENCES grant_budgets (id),
        approved_at timestamptz,
        approved_by uuid,
        rejection_reason varchar(2000),
        withdrawal_reason varchar(2000),
        disbursed_on date,
        receiver_name varchar(200),
        witness_name varchar(200),
        document_reference varchar(100),
        closed_on date,
        closing_note varchar(2000),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_grants_status CHECK (status IN ('SUBMITTED', 'APPROVED', 'DISBURSED', 'CLOSED', 'REJECTED',
          'WITHDRAWN')),
        -- A grant holds budget exactly while approved or later: undo-approval clears it with the commitment.
        CONSTRAINT ck_grants_budget CHECK ((status IN ('APPROVED', 'DISBURSED', 'CLOSED')) = (budget_id IS NOT NULL)),
        -- An approval with failing criteria must say why (STYLE.md §5: the rule next to the data).
        CONSTRAINT ck_grants_override CHECK (status NOT IN ('APPROVED', 'DISBURSED', 'CLOSED') OR criteria_passed
          OR criteria_override_reason IS NOT NULL),
        CONSTRAINT ck_grants_rejected CHECK (status <> 'REJECTED' OR rejection_reason IS NOT NULL),
        -- The BAST: no disbursement without date, receiver, witness and document.
        CONSTRAINT ck_grants_bast CHECK (status NOT IN ('DISBURSED', 'CLOSED') OR (disbursed_on IS NOT NULL
          AND receiver_name IS NOT NULL AND witness_name IS NOT NULL AND document_reference IS NOT NULL)),
        CONSTRAINT ck_grants_closed CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_grants_person ON grants (person_id, status)`);
    await q.query(`CREATE INDEX ix_grants_regency_year ON grants (regency_code, year, status)`);
    await q.query(`CREATE INDEX ix_grants_proposer ON grants (proposing_organization_id)`);
    await q.query(`CREATE INDEX ix_grants_list ON grants (created_at, id)`);

    await q.query(`
      CREATE TABLE grant_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants (id),
        position integer NOT NULL CHECK (position >= 1),
        kind varchar(20) NOT NULL CHECK (kind IN ('CASH', 'SEWING_MACHINE', 'OVERLOCK_MACHINE', 'TOOLS', 'MATERIALS',
          'OTHER')),
        description varchar(500) NOT NULL,
        quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
        unit_value_idr bigint NOT NULL CHECK (unit_value_idr >= 0 AND unit_value_idr <= 10000000000000),
        CONSTRAINT uq_grant_items_position UNIQUE (grant_id, position)
      )`);

    await q.query(`
      CREATE TABLE grant_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants (id),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        action varchar(20) NOT NULL,
        from_status varchar(10),
        to_status varchar(10) NOT NULL,
        note varchar(2000),
        actor_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_grant_events_grant ON grant_events (grant_id, seq)`);

    await q.query(`
      CREATE TABLE grant_assets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants (id),
        grant_item_id uuid NOT NULL REFERENCES grant_items (id),
        kind varchar(20) NOT NULL CHECK (kind IN ('SEWING_MACHINE', 'OVERLOCK_MACHINE', 'TOOLS', 'MATERIALS', 'OTHER')),
        description varchar(500) NOT NULL,
        serial_number varchar(100) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'IN_USE' CHECK (status IN ('IN_USE', 'SOLD', 'BROKEN', 'MOVED', 'LOST')),
        status_on date NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_grant_assets_serial UNIQUE (serial_number)
      )`);
    await q.query(`CREATE INDEX ix_grant_assets_grant ON grant_assets (grant_id, serial_number)`);
    await q.query(`
      CREATE TABLE grant_asset_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        asset_id uuid NOT NULL REFERENCES grant_assets (id),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        status varchar(10) NOT NULL CHECK (status IN ('IN_USE', 'SOLD', 'BROKEN', 'MOVED', 'LOST')),
        occurred_on date NOT NULL,
        note varchar(2000),
        recorded_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_grant_asset_events_asset ON grant_asset_events (asset_id, occurred_on, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grant_asset_events`);
    await q.query(`DROP TABLE grant_assets`);
    await q.query(`DROP TABLE grant_events`);
    await q.query(`DROP TABLE grant_items`);
    await q.query(`DROP TABLE grants`);
    await q.query(`DROP TABLE grant_budget_top_ups`);
    await q.query(`DROP TABLE grant_budgets`);
  }
}
