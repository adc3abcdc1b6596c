import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
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

/** Signs access tokens: HS256 only, issuer and audience pinned, short-lived. */
@Injectable()
export class TokenService {
  constructor(private readonly config: AppConfig) {}

  sign(claims: AccessTokenClaims, ttlSeconds: number): string {
    const { sub, ...rest } = claims;
    return jwt.sign(rest, this.config.jwtSecret!, {
      algorithm: 'HS256',
      subject: sub,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: ttlSeconds,
      jwtid: randomUUID(),
    });
  }
}
