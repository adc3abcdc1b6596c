import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { EntityManager } from 'typeorm';
import { Lang } from '../i18n';

/** Who is calling. Filled by the authentication guard; absent on public routes. */
export interface Principal {
  kind: 'user' | 'client';
  id: string;
  /** Username or API-client name, for logs and the audit trail. */
  name: string;
  organizationId: string;
  /** Region code of the caller's organisation; its first two digits are the caller's province. */
  regionCode: string;
  role: string;
  permissions: ReadonlySet<string>;
}

/**
 * Everything a service needs to know about the request it serves, passed explicitly as the first argument
 * (Vendure's RequestContext). `em` is set when the request runs in a transaction (every write does).
 */
export class RequestContext {
  principal?: Principal;
  em?: EntityManager;
  /** True only for work the service does on its own; never set from anything a caller sends. */
  isSystem = false;

  constructor(
    readonly requestId: string,
    readonly lang: Lang,
    readonly ip: string,
    /** Why the caller reads or writes personal data: the `X-Purpose` header, or the endpoint's default. */
    readonly purpose: string | undefined,
    readonly invalidAcceptLanguage = false,
  ) {}

  /**
   * The same caller outside the request's transaction: for records that must survive the request failing,
   * such as a failed login's audit row and lockout counter.
   */
  detached(): RequestContext {
    const copy = new RequestContext(this.requestId, this.lang, this.ip, this.purpose, this.invalidAcceptLanguage);
    copy.principal = this.principal;
    return copy;
  }

  /** The same request (and transaction) acting as another principal: e.g. the user who has just logged in. */
  withPrincipal(principal: Principal): RequestContext {
    const copy = this.detached();
    copy.principal = principal;
    copy.em = this.em;
    return copy;
  }

  /** A context for work the service does on its own (boot, jobs, scripts). */
  static system(requestId = 'system'): RequestContext {
    const ctx = new RequestContext(requestId, 'id', '127.0.0.1', 'SYSTEM');
    ctx.isSystem = true;
    return ctx;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

export function requestOf(context: ExecutionContext): FastifyRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: FastifyRequest }>().req;
  }
  return context.switchToHttp().getRequest<FastifyRequest>();
}

/** Injects the {@link RequestContext} of the current REST or GraphQL request. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  return requestOf(context).ctx;
});
