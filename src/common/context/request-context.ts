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

  constructor(
    readonly requestId: string,
    readonly lang: Lang,
    readonly ip: string,
    /** Why the caller reads or writes personal data: the `X-Purpose` header, or the endpoint's default. */
    readonly purpose: string | undefined,
    readonly invalidAcceptLanguage = false,
  ) {}

  /** A context for work the service does on its own (boot, jobs, scripts). */
  static system(requestId = 'system'): RequestContext {
    return new RequestContext(requestId, 'id', '127.0.0.1', 'SYSTEM');
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
