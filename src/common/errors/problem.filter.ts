import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { AppConfig } from '../../config/app-config';
import { parseAcceptLanguage } from '../i18n';
import { PROBLEM_CONTENT_TYPE, Problem, toProblem } from './problem';

/** Writes a problem to a Fastify reply. */
export function sendProblem(reply: FastifyReply, problem: Problem): void {
  void reply.status(problem.status).headers(problem.headers).type(PROBLEM_CONTENT_TYPE).send(problem.body);
}

export function logUnexpected(logger: Logger, problem: Problem, request: FastifyRequest): void {
  if (problem.unexpected === undefined) return;
  const error = problem.unexpected;
  logger.error({
    msg: 'unexpected error',
    errorId: problem.body.errorId,
    requestId: request.id,
    method: request.method,
    url: request.url.split('?')[0],
    err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error,
  });
}

/**
 * The single mapping from anything thrown to RFC 9457 problem+json (REST) or a GraphQL error with the same
 * `code` and `status` in its extensions. Unexpected errors are logged with an error id and answered without
 * internals.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return this.toGraphQLError(exception, host);
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const lang = request.ctx?.lang ?? parseAcceptLanguage(request.headers['accept-language']).lang;
    const problem = toProblem(exception, request, lang, { bodyLimit: this.config.bodyLimitBytes });
    logUnexpected(this.logger, problem, request);
    sendProblem(reply, problem);
    return undefined;
  }

  private toGraphQLError(exception: unknown, host: ArgumentsHost): GraphQLError {
    if (exception instanceof GraphQLError) return exception;
    const context = host.getArgByIndex<{ req?: FastifyRequest } | undefined>(2);
    const request = context?.req;
    const lang = request?.ctx?.lang ?? 'id';
    const problem = toProblem(exception, { method: 'POST', url: '/graphql', id: request?.id }, lang, {
      bodyLimit: this.config.bodyLimitBytes,
    });
    if (request) logUnexpected(this.logger, problem, request);
    return new GraphQLError(problem.body.detail, {
      extensions: {
        code: problem.body.code,
        status: problem.status,
        title: problem.body.title,
        ...(problem.body.errors ? { errors: problem.body.errors } : {}),
        ...(problem.body.errorId ? { errorId: problem.body.errorId } : {}),
      },
    });
  }
}
