import { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES = `'PROVINCE_ADMIN', 'PROVINCE_OFFICER', 'UPT_STAFF', 'REGENCY_OPERATOR', 'PARTNER', 'ANALYST', 'AUDITOR'`;

export class Identity1795300000004 implements MigrationInterface {
  name = 'Identity1795300000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL,
        display_name varchar(200) NOT NULL,
        role varchar(20) NOT NULL CHECK (role IN (${ROLES})),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        status varchar(10) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DISABLED')),
        password_hash varchar(200) NOT NULL,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_users_username CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$')
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_users_username ON users (username)`);
    await q.query(`CREATE INDEX ix_users_organization_id ON users (organization_id)`);

    // Failed logins are counted per username string, existing or not, so a lockout reveals nothing.
    await q.query(`
      CREATE TABLE login_failures (
        username varchar(64) PRIMARY KEY,
        failures integer NOT NULL,
        last_failed_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id)`);

    await q.query(`
      CREATE TABLE api_clients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id varchar(64) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        role varchar(20) NOT NULL CHECK (role IN (${ROLES})),
        scopes text[] NOT NULL,
        secret_hash char(64) NOT NULL,
        secret_rotated_at timestamptz NOT NULL DEFAULT now(),
        status varchar(10) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'REVOKED')),
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_by uuid REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_api_clients_organization_id ON api_clients (organization_id)`);

    // Fixed-window counters shared by every API node (no Redis needed): one upsert per check.
    await q.query(`
      CREATE TABLE rate_limit_counters (
        key varchar(200) PRIMARY KEY,
        window_start timestamptz NOT NULL,
        count integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_counters`);
    await q.query(`DROP TABLE api_clients`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE login_failures`);
    await q.query(`DROP TABLE users`);
  }
}
