import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions and their deliveries (DESIGN.md §6, docs/webhooks.md). A delivery row is created in the same
 * statement that marks its outbox event published, so an event is either still in the outbox or has all its
 * deliveries: a crash between the two loses nothing. The delivery id is the message's `webhook-id`.
 */
export class Webhooks1795300000045 implements MigrationInterface {
  name = 'Webhooks1795300000045';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        url varchar(2000) NOT NULL,
        events varchar(60)[] NOT NULL CHECK (cardinality(events) > 0),
        description varchar(500),
        -- Kept as is: the worker needs it to sign. It is returned once, at creation or rotation.
        -- Encrypted like identity numbers (PII_ENCRYPTION_KEY; context webhook_subscriptions.secret).
        secret text NOT NULL,
        -- The secret before the last rotation still signs (beside the new one) until it expires, so a receiver
        -- can switch without rejecting messages.
        previous_secret text,
        previous_secret_expires_at timestamptz,
        secret_rotated_at timestamptz NOT NULL DEFAULT now(),
        status varchar(10) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'INACTIVE')),
        deactivated_at timestamptz,
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX ix_webhook_subscriptions_organization ON webhook_subscriptions (organization_id) WHERE status = 'ACTIVE'`,
    );
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id),
        outbox_event_id uuid NOT NULL REFERENCES outbox_events (id),
        event_type varchar(60) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'PENDING'
          CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')),
        attempt_count integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        -- Retries stop after a failed attempt at or past this time (24 hours after the event or a redelivery).
        give_up_at timestamptz NOT NULL,
        last_attempt_at timestamptz,
        last_status_code integer,
        last_error varchar(500),
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_webhook_deliveries_event UNIQUE (subscription_id, outbox_event_id),
        CONSTRAINT ck_webhook_deliveries_pending CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'`,
    );
    await q.query(`CREATE INDEX ix_webhook_deliveries_log ON webhook_deliveries (subscription_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_subscriptions`);
  }
}
