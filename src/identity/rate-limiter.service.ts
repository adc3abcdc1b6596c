import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';

export interface RateLimit {
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in PostgreSQL, so every API node shares them and a restart does not reset them.
 * Each check is one atomic upsert outside the request's transaction (a refused login still counts).
 */
@Injectable()
export class RateLimiter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts one hit on each limit; throws 429 with Retry-After when any is exceeded. */
  async hit(...limits: RateLimit[]): Promise<void> {
    for (const { key, limit, windowSeconds } of limits) {
      const rows: { count: number; retry_after: number }[] = await this.dataSource.query(
        `INSERT INTO rate_limit_counters AS c (key, window_start, count) VALUES ($1, now(), 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN c.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE c.count + 1 END,
           window_start = CASE WHEN c.window_start <= now() - make_interval(secs => $2) THEN now() ELSE c.window_start END
         RETURNING count, GREATEST(1, ceil(extract(epoch FROM (window_start + make_interval(secs => $2) - now()))))::int AS retry_after`,
        [key.slice(0, 200), windowSeconds],
      );
      const { count, retry_after: retryAfter } = rows[0];
      if (count > limit) {
        throw new AppException(CommonErrorCode.TOO_MANY_REQUESTS, { retryAfter }, undefined, {
          'retry-after': String(retryAfter),
        });
      }
    }
  }
}
