import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A replayed response (Idempotency-Key) must be the first response byte for byte, keys in their first order; jsonb
 * reorders keys and drops duplicates, json keeps the text as sent. Migration 001 has landed with jsonb, so the
 * column changes here.
 */
export class IdempotencyJsonBody1795300000070 implements MigrationInterface {
  name = 'IdempotencyJsonBody1795300000070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE json USING response_body::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE jsonb USING response_body::jsonb`);
  }
}
