import { CanActivate, ExecutionContext, Injectable, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { AuthGuard } from '../identity/auth.guard';
import { PERMISSIONS_KEY } from '../identity/decorators';
import { Permission } from '../identity/permissions';

/**
 * What the authentication guard is shown for the HSDS routes when they are not public: no `@Public()`, and the
 * permission every directory read needs.
 */
class PrivateDirectoryReflector extends Reflector {
  override getAllAndOverride<TResult = unknown, TKey = unknown>(
    key: TKey,
    _targets: (Type<unknown> | ((...args: unknown[]) => unknown))[],
  ): TResult {
    return (key === PERMISSIONS_KEY ? [Permission.ORGANIZATIONS_READ] : undefined) as TResult;
  }
}

/**
 * The HSDS controller is `@Public()`, so the global AuthGuard lets every request through. With HSDS_PUBLIC=false this
 * guard runs that same AuthGuard again, told the routes are not public: the same token checks, the same 401 with its
 * Bearer challenge, the same 403, and the principal set on the request, without a second copy of the token logic.
 */
@Injectable()
export class HsdsAccessGuard implements CanActivate {
  private readonly auth = new AuthGuard(new PrivateDirectoryReflector());

  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    return this.config.hsdsPublic || this.auth.canActivate(context);
  }
}
