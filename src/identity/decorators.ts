import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { Permission } from './permissions';

export const PERMISSIONS_KEY = 'jejaring:permissions';
export const PUBLIC_KEY = 'jejaring:public';

/**
 * The permissions a REST handler or GraphQL field needs (all of them). Every handler declares this or
 * `@Public()`; the global guard refuses the rest, and a test enumerates routes to prove it.
 */
export const RequirePermissions = (...permissions: Permission[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(PERMISSIONS_KEY, permissions),
    ApiBearerAuth(),
    ApiExtension('x-permissions', permissions),
  );

/** Open to anonymous callers: health, docs, login, token, refresh and the public directory. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);
