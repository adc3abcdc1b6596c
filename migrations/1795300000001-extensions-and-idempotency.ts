import { MigrationInterface, QueryRunner } from 'typeorm';

export class ExtensionsAndIdempotency1795300000001 implements MigrationInterface {
  name = 'ExtensionsAndIdempotency1795300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // unaccent() is only STABLE (it reads a dictionary), so it cannot back an index; this wrapper pins the
    // dictionary and is declared IMMUTABLE so that name searches can use trigram indexes.
    await q.query(`
      CREATE OR REPLACE FUNCTION search_key(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scope varchar(120) NOT NULL,
        key varchar(255) NOT NULL,
        request_hash char(64) NOT NULL,
        method varchar(10) NOT NULL,
        path varchar(2000) NOT NULL,
        response_status integer,
        response_body jsonb,
        response_headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT uq_idempotency_keys_scope_key UNIQUE (scope, key)
      )`);
    await q.query(`CREATE INDEX ix_idempotency_keys_expires_at ON idempotency_keys (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP FUNCTION search_key(text)`);
    // The extensions stay: other objects in the database may use them.
  }
}
