import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { AppException } from '../common/errors/app-exception';
import { Tx } from '../common/database/tx.service';
import { Organization } from '../organizations/organization.entity';
import { LoginDto, TokenResponse } from './dto/auth.dto';
import { IdentityErrorCode } from './identity.errors';
import { RateLimiter } from './rate-limiter.service';
import { ScopePolicy } from './scope-policy.service';
import { dummyPasswordHash, randomSecret, sha256, verifyPassword } from './secrets';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_DAYS, TokenService } from './token.service';
import { User } from './user.entity';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

/** Username + password logins, refresh-token rotation with reuse detection, logout. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Tx,
    private readonly tokens: TokenService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly scope: ScopePolicy,
  ) {}

  async login(ctx: RequestContext, dto: LoginDto): Promise<TokenResponse> {
    const username = dto.username.trim().toLowerCase();
    await this.limiter.hit(
      { key: `login:ip:${ctx.ip}`, limit: 30, windowSeconds: 60 },
      { key: `login:user:${username}`, limit: 10, windowSeconds: 60 },
    );
    // Read on the pool, outside any transaction (the route has @OwnTransactions): nothing is written before the
    // password is known to be right, and no connection is held while the hash is computed.
    const em = this.tx.manager(ctx);
    const locked: { locked: boolean }[] = await em.query(
      `SELECT locked_until > now() AS locked FROM login_failures WHERE username = $1`,
      [username],
    );
    const user = await em
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
    // Always pay for one hash, so timing does not tell a known username from an unknown one.
    const passwordOk = await verifyPassword(dto.password, user?.passwordHash ?? (await dummyPasswordHash()));
    const reason = locked[0]?.locked
      ? 'LOCKED'
      : !user
        ? 'UNKNOWN_USER'
        : !passwordOk
          ? 'WRONG_PASSWORD'
          : user.status !== 'ACTIVE'
            ? 'DISABLED'
            : null;
    if (reason !== null || !user) {
      await this.recordFailure(ctx, username, user?.id ?? null, reason ?? 'UNKNOWN_USER');
      throw new AppException(IdentityErrorCode.INVALID_CREDENTIALS);
    }
    return this.tx.run(ctx, async (tx) => {
      await tx.query(`DELETE FROM login_failures WHERE username = $1`, [username]);
      await tx.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [user.id]);
      const response = await this.issueUserTokens(tx, user, randomUUID());
      await this.audit.record(this.asUser(ctx, user), { action: 'LOGIN', resourceType: 'user', resourceId: user.id });
      return response;
    });
  }

  /**
   * Rotates a refresh token. A token used twice means it leaked: the whole family (every token descended from
   * that login) is revoked, in its own transaction so the revocation stands although the request fails.
   */
  async refresh(ctx: RequestContext, refreshToken: string): Promise<TokenResponse> {
    await this.limiter.hit({ key: `refresh:ip:${ctx.ip}`, limit: 60, windowSeconds: 60 });
    // Its own transaction, not the request's: a detected reuse must commit its revocation although the
    // request then fails, and the row lock taken below must not be held by a transaction that rolls back.
    const outcome = await this.dataSource.transaction((em) => this.rotate(ctx.detached(), em, refreshToken));
    if (outcome === 'refused') throw new AppException(IdentityErrorCode.INVALID_REFRESH_TOKEN);
    return outcome;
  }

  private async rotate(
    ctx: RequestContext,
    em: EntityManager,
    refreshToken: string,
  ): Promise<TokenResponse | 'refused'> {
    ctx.em = em;
    const rows: {
      id: string;
      family_id: string;
      user_id: string;
      used: boolean;
      revoked: boolean;
      expired: boolean;
    }[] = await em.query(
      `SELECT id, family_id, user_id, used_at IS NOT NULL AS used, revoked_at IS NOT NULL AS revoked,
                expires_at <= now() AS expired
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
      [sha256(refreshToken)],
    );
    const token = rows[0];
    if (!token || token.revoked || token.expired) return 'refused';
    if (token.used) {
      await em.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [
        token.family_id,
      ]);
      await this.audit.record(ctx, {
        action: 'TOKEN_REFUSED',
        resourceType: 'refresh_token_family',
        resourceId: token.family_id,
      });
      return 'refused';
    }
    const user = await em.getRepository(User).findOne({ where: { id: token.user_id } });
    if (!user || user.status !== 'ACTIVE') return 'refused';
    await em.query(`UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, [token.id]);
    const response = await this.issueUserTokens(em, user, token.family_id);
    await this.audit.record(this.asUser(ctx, user), {
      action: 'TOKEN_ISSUED',
      resourceType: 'user',
      resourceId: user.id,
    });
    return response;
  }

  /** Ends the session of the given refresh token (if it is the caller's), or every session of the caller. */
  async logout(ctx: RequestContext, refreshToken?: string): Promise<void> {
    const principal = this.scope.principal(ctx);
    const em = this.tx.manager(ctx);
    if (principal.kind === 'user') {
      if (refreshToken) {
        await em.query(
          `UPDATE refresh_tokens SET revoked_at = now()
           WHERE revoked_at IS NULL AND user_id = $2
             AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2)`,
          [sha256(refreshToken), principal.id],
        );
      } else {
        await em.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
          principal.id,
        ]);
      }
    }
    await this.audit.record(ctx, {
      action: 'LOGOUT',
      resourceType: principal.kind === 'user' ? 'user' : 'api_client',
      resourceId: principal.id,
    });
  }

  private async issueUserTokens(em: EntityManager, user: User, familyId: string): Promise<TokenResponse> {
    const organization = await em.getRepository(Organization).findOneOrFail({ where: { id: user.organizationId } });
    const refreshToken = randomSecret();
    await em.query(
      `INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
      [familyId, user.id, sha256(refreshToken), REFRESH_TOKEN_TTL_DAYS],
    );
    const accessToken = this.tokens.sign(
      {
        sub: user.id,
        kind: 'user',
        name: user.username,
        role: user.role,
        org: user.organizationId,
        rgn: organization.regionCode,
      },
      ACCESS_TOKEN_TTL_SECONDS,
    );
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      refresh_token: refreshToken,
    };
  }

  /** Counts the failure and writes its audit row outside the request's transaction, which the 401 rolls back. */
  private async recordFailure(
    ctx: RequestContext,
    username: string,
    userId: string | null,
    reason: string,
  ): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO login_failures AS f (username, failures, last_failed_at) VALUES ($1, 1, now())
         ON CONFLICT (username) DO UPDATE SET
           failures = CASE WHEN f.locked_until IS NOT NULL AND f.locked_until <= now() THEN 1 ELSE f.failures + 1 END,
           locked_until = CASE WHEN f.locked_until IS NOT NULL AND f.locked_until <= now() THEN NULL ELSE f.locked_until END,
           last_failed_at = now()`,
        [username],
      );
      await em.query(
        `UPDATE login_failures SET locked_until = now() + make_interval(mins => $2), failures = 0
         WHERE username = $1 AND failures >= $3`,
        [username, LOCKOUT_MINUTES, MAX_FAILED_LOGINS],
      );
      await this.audit.record(this.withManager(ctx.detached(), em), {
        action: 'LOGIN_FAILED',
        resourceType: 'user',
        resourceId: userId,
        // The name as typed lets an auditor see a guessing attack; the reason is for auditors, never the caller.
        actor: { kind: 'user', id: userId, name: username.slice(0, 64) },
        purpose: `LOGIN_FAILED: ${reason}`,
      });
    });
  }

  private asUser(ctx: RequestContext, user: User): RequestContext {
    return ctx.withPrincipal({
      kind: 'user',
      id: user.id,
      name: user.username,
      organizationId: user.organizationId,
      regionCode: '',
      role: user.role,
      permissions: new Set(),
    });
  }

  private withManager(ctx: RequestContext, em: EntityManager): RequestContext {
    ctx.em = em;
    return ctx;
  }
}
