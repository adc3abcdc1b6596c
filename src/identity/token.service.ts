import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { createSecretKey, KeyObject, randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const CLIENT_TOKEN_TTL_SECONDS = 60 * 60;
export const REFRESH_TOKEN_TTL_DAYS = 30;
export const TOKEN_ISSUER = 'jejaring';
export const TOKEN_AUDIENCE = 'jejaring-api';

/** Claims of a Jejaring access token. `scope` is present for API clients (space-separated, RFC 8693 style). */
export interface AccessTokenClaims {
  sub: string;
  kind: 'user' | 'client';
  name: string;
  role: string;
  org: string;
  rgn: string;
  scope?: string;
}

/**
 * The HS256 key of `JWT_SECRET`, made once. Given the secret as a string, jsonwebtoken turns it into a key on every
 * sign and verify, and first tries to read it as a PEM key, which fails with an exception: about 3 ms of CPU per
 * token, paid by every authenticated request (docs/benchmarks.md). The bytes are the same (UTF-8), and so are the
 * tokens.
 */
export function tokenKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** Signs access tokens: HS256 only, issuer and audience pinned, short-lived. */
@Injectable()
export class TokenService {
  private readonly key: KeyObject;

  constructor(config: AppConfig) {
    this.key = tokenKey(config.jwtSecret!);
  }

  sign(claims: AccessTokenClaims, ttlSeconds: number): string {
    const { sub, ...rest } = claims;
    return jwt.sign(rest, this.key, {
      algorithm: 'HS256',
      subject: sub,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: ttlSeconds,
      jwtid: randomUUID(),
    });
  }
}
