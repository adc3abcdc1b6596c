import {
  applyDecorators,
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { AppException } from '../errors/app-exception';
import { CommonErrorCode } from '../errors/common.errors';

/** A resource's ETag is its optimistic-lock version, quoted: `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** What `If-Match` asked for: a version, or `*` (any current representation). */
export type IfMatchVersion = number | '*';

function parseIfMatch(header: string): IfMatchVersion {
  const text = header.trim();
  if (text === '*') return '*';
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(text);
  if (!match) throw new AppException(CommonErrorCode.INVALID_IF_MATCH);
  return Number(match[1]);
}

/** Checks the `If-Match` version against the current one; stale → 412 naming the current ETag. */
export function assertVersion(expected: IfMatchVersion, current: number): void {
  if (expected !== '*' && expected !== current) {
    throw new AppException(CommonErrorCode.PRECONDITION_FAILED, { etag: etagOf(current) });
  }
}

/** The `If-Match` header of a PATCH, required: missing → 428, malformed → 400. */
export const IfMatch = createParamDecorator((_data: unknown, context: ExecutionContext): IfMatchVersion => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (header === undefined || header === '') throw new AppException(CommonErrorCode.PRECONDITION_REQUIRED);
  return parseIfMatch(Array.isArray(header) ? header[0] : header);
});

@Injectable()
class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version !== 'number') return body;
        const etag = etagOf(version);
        reply.header('etag', etag);
        if (request.method === 'GET' && request.headers['if-none-match'] === etag) {
          reply.status(304);
          return undefined;
        }
        return body;
      }),
    );
  }
}

/** Sends the resource's ETag (from its `version`) and answers a matching `If-None-Match` with 304. */
export const WithEtag = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseInterceptors(EtagInterceptor),
    ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched)' }),
  );

/** Documents and requires `If-Match` on a PATCH. */
export const RequiresIfMatch = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({ name: 'If-Match', required: true, description: 'ETag of the version being changed, e.g. "3"' }),
  );
