import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { requestOf } from '../context/request-context';
import { IdempotencyService, requestHash } from './idempotency.service';

const SKIP_IDEMPOTENCY = 'jejaring:skip-idempotency';
/** Marks a POST whose response must never be replayed to a second caller (login, token). */
export const SkipIdempotency = (): MethodDecorator => SetMetadata(SKIP_IDEMPOTENCY, true);

const OWN_TRANSACTIONS = 'jejaring:own-transactions';
/**
 * Marks a write whose service opens its own short transactions instead of running in the request's: one that also
 * writes on the pool outside any transaction (rate-limit counters, records that must survive a refusal) or waits on
 * slow work (a password hash). Inside a request transaction such a handler holds two connections at once, and as
 * many concurrent calls as the pool has connections would each wait for a second one forever; it would also hold a
 * connection idle while it hashes. Implies no Idempotency-Key handling.
 */
export const OwnTransactions = (): MethodDecorator => SetMetadata(OWN_TRANSACTIONS, true);

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Response headers a replay repeats. */
const REPLAYED_HEADERS = ['location', 'etag'];

/**
 * Runs every write (REST POST/PUT/PATCH/DELETE, GraphQL mutation) in one database transaction that the services
 * share through `ctx.em`, and gives POST its `Idempotency-Key` semantics inside that same transaction.
 */
@Injectable()
export class TransactionInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() === 'graphql') {
      const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
      if (info.operation.operation !== 'mutation') return next.handle();
      const ctx = requestOf(context).ctx;
      return from(
        this.dataSource.transaction(async (em) => {
          ctx.em = em;
          try {
            return await lastValueFrom(next.handle(), { defaultValue: undefined });
          } finally {
            ctx.em = undefined;
          }
        }),
      );
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!WRITE_METHODS.has(request.method) || this.flag(context, OWN_TRANSACTIONS)) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const rawKey = request.headers['idempotency-key'];
    const key =
      request.method === 'POST' && !this.skips(context) ? (Array.isArray(rawKey) ? rawKey[0] : rawKey) : undefined;
    if (key !== undefined) this.idempotency.validateKey(key);
    const ctx = request.ctx;

    return from(
      this.dataSource.transaction(async (em) => {
        ctx.em = em;
        try {
          let claimId: string | undefined;
          if (key !== undefined) {
            const scope = ctx.principal ? `${ctx.principal.kind}:${ctx.principal.id}` : `anonymous:${ctx.ip}`;
            const path = request.url;
            const claim = await this.idempotency.claim(
              em,
              scope,
              key,
              requestHash(request.method, path, request.body),
              request.method,
              path,
            );
            if ('replay' in claim) {
              reply.status(claim.replay.status);
              for (const [name, value] of Object.entries(claim.replay.headers)) reply.header(name, value);
              reply.header('idempotent-replayed', 'true');
              return claim.replay.body;
            }
            claimId = claim.claimId;
          }
          const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
          if (claimId) {
            const headers: Record<string, string> = {};
            for (const name of REPLAYED_HEADERS) {
              const value = reply.getHeader(name);
              if (typeof value === 'string') headers[name] = value;
            }
            // Stored as the JSON the client received, not as class instances.
            const body: unknown = result === undefined ? null : JSON.parse(JSON.stringify(result));
            await this.idempotency.complete(em, claimId, { status: reply.statusCode, body, headers });
          }
          return result;
        } finally {
          ctx.em = undefined;
        }
      }),
    );
  }

  private skips(context: ExecutionContext): boolean {
    return this.flag(context, SKIP_IDEMPOTENCY);
  }

  private flag(context: ExecutionContext, key: string): boolean {
    return this.reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]) === true;
  }
}
