import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (DESIGN.md §5, §8; docs/audit.md). audit_events is written in each request's transaction with
 * no hash; audit_chain links sealed events one after the other with sha256. Both refuse UPDATE, DELETE and TRUNCATE.
 */
export class Audit1795300000010 implements MigrationInterface {
  name = 'Audit1795300000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        -- The inserting transaction: lets the sealer skip everything older than the oldest running transaction.
        tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        occurred_at timestamptz NOT NULL DEFAULT statement_timestamp(),
        actor_kind varchar(10) NOT NULL CHECK (actor_kind IN ('user', 'client', 'system', 'anonymous')),
        actor_id uuid,
        actor_name varchar(200),
        organization_id uuid,
        role varchar(40),
        action varchar(40) NOT NULL CHECK (action ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        resource_type varchar(60) NOT NULL CHECK (resource_type ~ '^[a-z][a-z0-9_-]*$'),
        resource_id varchar(100),
        -- No foreign keys: the trail must outlive the people, users and records it mentions.
        person_id uuid,
        purpose varchar(200),
        request_id varchar(128),
        ip varchar(64),
        changed_fields text[] NOT NULL DEFAULT '{}',
        CONSTRAINT uq_audit_events_seq UNIQUE (seq)
      )`);
    await q.query(`CREATE INDEX ix_audit_events_tx_id ON audit_events (tx_id)`);
    await q.query(`CREATE INDEX ix_audit_events_person ON audit_events (person_id, seq) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_audit_events_actor ON audit_events (actor_id, seq) WHERE actor_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_audit_events_resource ON audit_events (resource_type, resource_id, seq)`);
    // Rows arrive in time order, so a BRIN index serves from/to filters at almost no cost per insert.
    await q.query(`CREATE INDEX ix_audit_events_occurred_at ON audit_events USING brin (occurred_at)`);

    await q.query(`
      CREATE TABLE audit_chain (
        position bigint PRIMARY KEY CHECK (position > 0),
        event_id uuid NOT NULL REFERENCES audit_events (id),
        prev_hash char(64) NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash char(64) NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        sealed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT uq_audit_chain_event_id UNIQUE (event_id)
      )`);

    await q.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of ['audit_events', 'audit_chain']) {
      // Statement-level, so even an UPDATE or DELETE that matches no row is refused.
      await q.query(`
        CREATE TRIGGER tr_${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    }
    await q.query(
      `COMMENT ON TABLE audit_events IS 'Append-only audit trail; linked into audit_chain by the sealer (docs/audit.md)'`,
    );
    await q.query(
      `COMMENT ON TABLE audit_chain IS 'Hash chain over audit_events: hash = sha256(prev_hash || canonical event)'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // DROP is not refused by the triggers: reverting the migration is a deliberate act of the schema owner.
    await q.query(`DROP TABLE audit_chain`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_refuse_change()`);
  }
}
