import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppException } from '../errors/app-exception';
import { CommonErrorCode } from '../errors/common.errors';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** How long a key is remembered; DESIGN.md asks for at least 24 hours. */
export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/** Canonical JSON (sorted keys) so that the same body sent with another key order hashes alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method}\n${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

/**
 * Idempotency keys live in PostgreSQL and are claimed inside the request's own transaction: a concurrent request
 * with the same key blocks on the unique index until the first commits, then replays its response. If the first
 * rolls back, the second runs as if it were first. So one key has one effect, whatever the timing.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private purgeTimer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  validateKey(key: string): void {
    if (!KEY_SHAPE.test(key)) throw new AppException(CommonErrorCode.INVALID_IDEMPOTENCY_KEY);
  }

  /** Claims the key for this request, or returns the stored response of the request that claimed it. */
  async claim(
    em: EntityManager,
    scope: string,
    key: string,
    hash: string,
    method: string,
    path: string,
  ): Promise<{ claimId: string } | { replay: StoredResponse }> {
    const claimed: { id: string }[] = await em.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, method, path, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))
       ON CONFLICT (scope, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, method = EXCLUDED.method, path = EXCLUDED.path,
             response_status = NULL, response_body = NULL, response_headers = '{}'::jsonb,
             created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at < now()
       RETURNING id`,
      [scope, key, hash, method, path.slice(0, 2000), IDEMPOTENCY_TTL_HOURS],
    );
    if (claimed.length > 0) return { claimId: claimed[0].id };
    const rows: {
      request_hash: string;
      response_status: number | null;
      response_body: unknown;
      response_headers: Record<string, string>;
    }[] = await em.query(
      `SELECT request_hash, response_status, response_body, response_headers FROM idempotency_keys
         WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    if (!row || row.request_hash !== hash) throw new AppException(CommonErrorCode.IDEMPOTENCY_KEY_REUSED);
    return { replay: { status: row.response_status ?? 200, body: row.response_body, headers: row.response_headers } };
  }

  async complete(em: EntityManager, claimId: string, response: StoredResponse): Promise<void> {
    await em.query(
      `UPDATE idempotency_keys SET response_status = $2, response_body = $3, response_headers = $4 WHERE id = $1`,
      [claimId, response.status, JSON.stringify(response.body ?? null), JSON.stringify(response.headers)],
    );
  }

  async purgeExpired(): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE expires_at < now()`,
    );
    return result[1];
  }

  onModuleInit(): void {
    // Expired keys are also reclaimed on reuse; the hourly purge only keeps the table small.
    this.purgeTimer = setInterval(() => void this.purgeExpired().catch(() => undefined), 3_600_000);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
  }
}
