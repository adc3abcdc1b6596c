import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { Organization } from '../organizations/organization.entity';
import { ApiClient } from './api-client.entity';
import { TokenResponse } from './dto/auth.dto';
import { RateLimiter } from './rate-limiter.service';
import { safeEqualHex, sha256 } from './secrets';
import { CLIENT_TOKEN_TTL_SECONDS, TokenService } from './token.service';

export type OAuthErrorCode =
  'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope';

/** What the token endpoint answers: RFC 6749 §5.1 success or §5.2 error, never problem+json. */
export interface OAuthResult {
  status: number;
  body: TokenResponse | { error: OAuthErrorCode; error_description: string };
  headers: Record<string, string>;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/; // RFC 6749 §3.3 scope-token

/** The OAuth2 client-credentials grant (RFC 6749 §4.4), as SATUSEHAT offers health facilities. */
@Injectable()
export class OAuthTokenService {
  constructor(
    private readonly tx: Tx,
    private readonly tokens: TokenService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
  ) {}

  async token(
    ctx: RequestContext,
    contentType: string | undefined,
    authorization: string | undefined,
    body: unknown,
  ): Promise<OAuthResult> {
    await this.limiter.hit({ key: `token:ip:${ctx.ip}`, limit: 60, windowSeconds: 60 });
    if (
      !contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded') ||
      typeof body !== 'object' ||
      body === null
    ) {
      return this.error('invalid_request', 'Send application/x-www-form-urlencoded parameters (RFC 6749 §4.4.2).');
    }
    const params = body as Record<string, unknown>;
    for (const [name, value] of Object.entries(params)) {
      // RFC 6749 §3.2: parameters must not be repeated; a repeated form field arrives as an array.
      if (typeof value !== 'string')
        return this.error('invalid_request', `Parameter ${name.slice(0, 40)} is repeated or malformed.`);
    }
    const form = params as Record<string, string>;
    const basic = authorization?.startsWith('Basic ') || authorization?.startsWith('basic ');
    let clientId: string | undefined;
    let clientSecret: string | undefined;
    if (authorization !== undefined) {
      const credentials = basic ? this.parseBasic(authorization.slice(6)) : undefined;
      if (!credentials) return this.error('invalid_client', 'Client authentication failed.', true);
      if (form.client_id !== undefined || form.client_secret !== undefined) {
        return this.error('invalid_request', 'Use one client authentication method, not both.');
      }
      [clientId, clientSecret] = credentials;
    } else {
      clientId = form.client_id;
      clientSecret = form.client_secret;
    }
    if (!form.grant_type) return this.error('invalid_request', 'grant_type is required.');
    if (!clientId || !clientSecret) return this.error('invalid_client', 'Client authentication failed.', basic);
    await this.limiter.hit({ key: `token:client:${clientId}`, limit: 30, windowSeconds: 60 });

    const em = this.tx.manager(ctx);
    const client =
      clientId.length <= 64
        ? await em
            .getRepository(ApiClient)
            .createQueryBuilder('c')
            .addSelect('c.secretHash')
            .where('c.clientId = :clientId', { clientId })
            .getOne()
        : null;
    if (!client || client.status !== 'ACTIVE' || !safeEqualHex(sha256(clientSecret), client.secretHash)) {
      await this.audit.record(ctx, {
        action: 'TOKEN_REFUSED',
        resourceType: 'api_client',
        resourceId: client?.id ?? null,
        purpose: 'invalid_client',
      });
      return this.error('invalid_client', 'Client authentication failed.', basic);
    }
    if (form.grant_type !== 'client_credentials') {
      return this.error('unsupported_grant_type', 'Only the client_credentials grant is supported here.');
    }
    let scopes = client.scopes;
    if (form.scope !== undefined) {
      const requested = form.scope.split(' ').filter((s) => s.length > 0);
      if (requested.length === 0 || requested.some((s) => !SCOPE_TOKEN.test(s) || !client.scopes.includes(s))) {
        return this.error('invalid_scope', 'The requested scope exceeds what this client was granted.');
      }
      scopes = [...new Set(requested)];
    }
    // The route has @OwnTransactions (rate-limit counters are written on the pool): the token's writes commit together.
    return this.tx.run(ctx, async (tx) => {
      const organization = await tx.getRepository(Organization).findOneOrFail({ where: { id: client.organizationId } });
      await tx.query(`UPDATE api_clients SET last_used_at = now() WHERE id = $1`, [client.id]);
      const accessToken = this.tokens.sign(
        {
          sub: client.id,
          kind: 'client',
          name: client.name,
          role: client.role,
          org: client.organizationId,
          rgn: organization.regionCode,
          scope: scopes.join(' '),
        },
        CLIENT_TOKEN_TTL_SECONDS,
      );
      const actor = ctx.withPrincipal({
        kind: 'client',
        id: client.id,
        name: client.name,
        organizationId: client.organizationId,
        regionCode: organization.regionCode,
        role: client.role,
        permissions: new Set(),
      });
      await this.audit.record(actor, {
        action: 'TOKEN_ISSUED',
        resourceType: 'api_client',
        resourceId: client.id,
        purpose: scopes.join(' ').slice(0, 200),
      });
      return {
        status: 200,
        body: {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: CLIENT_TOKEN_TTL_SECONDS,
          scope: scopes.join(' '),
        },
        headers: NO_STORE,
      };
    });
  }

  /** RFC 7617 Basic credentials, each part form-urlencoded per RFC 6749 §2.3.1. */
  private parseBasic(encoded: string): [string, string] | undefined {
    if (!/^[A-Za-z0-9+/]+=*$/.test(encoded.trim())) return undefined;
    const decoded = Buffer.from(encoded.trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return undefined;
    try {
      const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      return [unescape(decoded.slice(0, colon)), unescape(decoded.slice(colon + 1))];
    } catch {
      return undefined;
    }
  }

  private error(error: OAuthErrorCode, description: string, basicChallenge = false): OAuthResult {
    const status = error === 'invalid_client' ? 401 : 400;
    const headers: Record<string, string> = { ...NO_STORE };
    // RFC 6749 §5.2: a 401 carries the challenge of the scheme the client used; body credentials get Basic too.
    if (status === 401)
      headers['www-authenticate'] = basicChallenge
        ? 'Basic realm="jejaring", charset="UTF-8"'
        : 'Basic realm="jejaring"';
    return { status, body: { error, error_description: description }, headers };
  }
}
