import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import passport from 'passport';
import { Principal, requestOf } from '../common/context/request-context';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { PERMISSIONS_KEY, PUBLIC_KEY } from './decorators';
import { IdentityErrorCode } from './identity.errors';
import { Permission } from './permissions';

const CHALLENGE = 'Bearer realm="jejaring"';

/**
 * The one global guard: authenticates the bearer token (passport-jwt) and checks the permissions the handler
 * declared. Deny by default: a handler with neither `@RequirePermissions` nor `@Public` is refused for everyone.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = requestOf(context);
    const header = request.headers.authorization;
    if (!header) {
      throw new AppException(CommonErrorCode.UNAUTHENTICATED, {}, undefined, { 'www-authenticate': CHALLENGE });
    }
    const principal = await this.authenticate(request);
    if (!principal) {
      // One answer for every failure (expired, forged, wrong algorithm, malformed): no hint which part was wrong.
      throw new AppException(IdentityErrorCode.INVALID_TOKEN, {}, undefined, {
        'www-authenticate': `${CHALLENGE}, error="invalid_token"`,
      });
    }
    request.ctx.principal = principal;
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMISSIONS_KEY, targets);
    if (required === undefined || !required.every((p) => principal.permissions.has(p))) {
      throw new AppException(CommonErrorCode.FORBIDDEN);
    }
    return true;
  }

  private authenticate(request: FastifyRequest): Promise<Principal | undefined> {
    return new Promise((resolve) => {
      const handler = passport.authenticate(
        'jwt',
        { session: false },
        (error: unknown, principal: Principal | false) => {
          resolve(error || !principal ? undefined : principal);
        },
      ) as (req: unknown, res: unknown, next: () => void) => void;
      handler(request, {}, () => resolve(undefined));
    });
  }
}
