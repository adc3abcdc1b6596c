import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Principal } from '../common/context/request-context';
import { AppConfig } from '../config/app-config';
import { Permission, permissionsOf, Role } from './permissions';
import { AccessTokenClaims, TOKEN_AUDIENCE, TOKEN_ISSUER, tokenKey } from './token.service';

const ROLES = new Set<string>(Object.values(Role));

/**
 * Bearer-token verification through passport-jwt: HS256 only (so `alg: none` and RS/HS confusion are refused),
 * issuer, audience and expiry checked. The token's claims become the request's {@link Principal}.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject made once (see tokenKey): passport-jwt hands it to jsonwebtoken as it is, although its types
      // name only string and Buffer.
      secretOrKey: tokenKey(config.jwtSecret!) as unknown as string,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims & { sub?: string }): Principal | false {
    if (!claims.sub || !ROLES.has(claims.role) || (claims.kind !== 'user' && claims.kind !== 'client')) return false;
    let permissions = permissionsOf(claims.role as Role);
    if (claims.kind === 'client') {
      // A client's token carries only the scopes it was granted, never more than its role allows.
      const granted = new Set((claims.scope ?? '').split(' '));
      permissions = new Set([...permissions].filter((p: Permission) => granted.has(p)));
    }
    return {
      kind: claims.kind,
      id: claims.sub,
      name: claims.name,
      organizationId: claims.org,
      regionCode: claims.rgn,
      role: claims.role,
      permissions,
    };
  }
}
