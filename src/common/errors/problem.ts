import { HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { Lang, LocalizedText, localize, MessageParams } from '../i18n';
import { AppException, errorEntry, FieldError } from './app-exception';
import { CommonErrorCode } from './common.errors';

/** RFC 9457 problem details, plus `code` (stable, for programs) and `requestId`. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId?: string;
  errorId?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

export interface Problem {
  status: number;
  body: ProblemBody;
  headers: Record<string, string>;
  /** Set for unexpected errors: the error must be logged with this id. */
  unexpected?: unknown;
}

export interface ProblemRequest {
  method: string;
  url: string;
  id?: string;
  headers?: Record<string, string | string[] | undefined>;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Problem type URIs are relative references documented in docs/errors.md, e.g. `/problems/validation-failed`. */
export function problemType(code: string): string {
  return `/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

function build(
  code: string,
  request: ProblemRequest,
  lang: Lang,
  params: MessageParams = {},
  fieldErrors?: FieldError[],
  headers: Record<string, string> = {},
): Problem {
  const entry = errorEntry(code) ?? errorEntry(CommonErrorCode.INTERNAL_ERROR)!;
  const body: ProblemBody = {
    type: problemType(code),
    title: localize(entry.title, lang),
    status: entry.status,
    detail: localize(entry.detail, lang, params),
    instance: request.url.split('?')[0],
    code,
    requestId: request.id,
  };
  if (fieldErrors?.length)
    body.errors = fieldErrors.map((e) => ({ field: e.field, message: localize(e.message, lang) }));
  return { status: entry.status, body, headers };
}

// PostgreSQL errors that only bad input can cause; anything else from the database is unexpected.
const PG_INPUT_ERRORS: Record<string, CommonErrorCode> = {
  '23505': CommonErrorCode.CONFLICT, // unique_violation
  '23503': CommonErrorCode.CONFLICT, // foreign_key_violation
  '23514': CommonErrorCode.BAD_REQUEST, // check_violation
  '23502': CommonErrorCode.BAD_REQUEST, // not_null_violation
  '22P02': CommonErrorCode.BAD_REQUEST, // invalid_text_representation
  '22001': CommonErrorCode.BAD_REQUEST, // string_data_right_truncation
  '22003': CommonErrorCode.BAD_REQUEST, // numeric_value_out_of_range
  '22007': CommonErrorCode.BAD_REQUEST, // invalid_datetime_format
  '22008': CommonErrorCode.BAD_REQUEST, // datetime_field_overflow
  '40001': CommonErrorCode.CONFLICT, // serialization_failure
  '40P01': CommonErrorCode.CONFLICT, // deadlock_detected
  '57014': CommonErrorCode.SERVICE_UNAVAILABLE, // query_canceled (statement timeout)
};

const STATUS_CODES: Record<number, CommonErrorCode> = {
  400: CommonErrorCode.BAD_REQUEST,
  401: CommonErrorCode.UNAUTHENTICATED,
  403: CommonErrorCode.FORBIDDEN,
  404: CommonErrorCode.ROUTE_NOT_FOUND,
  405: CommonErrorCode.METHOD_NOT_ALLOWED,
  409: CommonErrorCode.CONFLICT,
  412: CommonErrorCode.PRECONDITION_FAILED,
  413: CommonErrorCode.BODY_TOO_LARGE,
  415: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE,
  428: CommonErrorCode.PRECONDITION_REQUIRED,
  429: CommonErrorCode.TOO_MANY_REQUESTS,
  503: CommonErrorCode.SERVICE_UNAVAILABLE,
};

interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/**
 * Turns anything thrown while answering a request into a problem: domain errors, Nest's HTTP exceptions, Fastify's
 * own errors (body parsing, size limit; Nest hands them to the filters wrapped in an HttpException), database errors
 * only bad input can cause, and, last, anything unexpected (500 with an error id).
 */
export function toProblem(
  exception: unknown,
  request: ProblemRequest,
  lang: Lang,
  extra: { bodyLimit: number },
): Problem {
  if (exception instanceof AppException) {
    const problem = build(exception.code, request, lang, exception.params, exception.fieldErrors, exception.headers);
    // Extension members never overwrite the standard ones.
    for (const [key, value] of Object.entries(exception.extensions ?? {}))
      if (!(key in problem.body)) problem.body[key] = value;
    return problem;
  }
  if (exception instanceof QueryFailedError) {
    const pgCode = (exception.driverError as { code?: string } | undefined)?.code ?? '';
    const code = PG_INPUT_ERRORS[pgCode];
    if (code) return build(code, request, lang);
  }
  // Nest wraps Fastify's own errors (body parsing, size limit) in an HttpException whose cause is the original.
  const cause = exception instanceof HttpException ? (exception.cause as FrameworkError | undefined) : undefined;
  const framework = (cause && typeof cause.statusCode === 'number' ? cause : exception) as FrameworkError | null;
  if (exception instanceof HttpException && framework === exception) {
    const status = exception.getStatus();
    if (status === 404) return build(CommonErrorCode.ROUTE_NOT_FOUND, request, lang, routeParams(request));
    if (status === 413) return build(CommonErrorCode.BODY_TOO_LARGE, request, lang, { limit: extra.bodyLimit });
    const code = STATUS_CODES[status];
    if (code && status < 500) return build(code, request, lang, { method: request.method });
  }
  const status = typeof framework?.statusCode === 'number' ? framework.statusCode : 0;
  if (status >= 400 && status < 500) {
    const fcode = framework?.code ?? '';
    if (status === 413 || fcode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return build(CommonErrorCode.BODY_TOO_LARGE, request, lang, { limit: extra.bodyLimit });
    }
    if (status === 415 || fcode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const contentType = request.headers?.['content-type'];
      return build(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, request, lang, {
        contentType: String(contentType ?? '(none)').slice(0, 100),
      });
    }
    if (fcode.startsWith('FST_ERR_CTP') || exception instanceof SyntaxError) {
      return build(CommonErrorCode.MALFORMED_JSON, request, lang);
    }
    if (status === 404) return build(CommonErrorCode.ROUTE_NOT_FOUND, request, lang, routeParams(request));
    return build(STATUS_CODES[status] ?? CommonErrorCode.BAD_REQUEST, request, lang, { method: request.method });
  }
  const errorId = randomUUID();
  const problem = build(CommonErrorCode.INTERNAL_ERROR, request, lang, { errorId });
  problem.body.errorId = errorId;
  problem.unexpected = exception;
  return problem;
}

function routeParams(request: ProblemRequest): MessageParams {
  return { method: request.method, path: request.url.split('?')[0].slice(0, 200) };
}

/** Localized text for `Error` values that are not ours; used by GraphQL, which does not go through HTTP mapping. */
export function localizedEntry(code: string): { title: LocalizedText; detail: LocalizedText } | undefined {
  return errorEntry(code);
}
