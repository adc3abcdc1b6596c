import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { LogController } from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { RequestContext } from './common/context/request-context';
import { AppException } from './common/errors/app-exception';
import { CommonErrorCode } from './common/errors/common.errors';
import { GRAPHIQL_ASSET_PREFIX, GRAPHIQL_INIT_SCRIPT, graphiqlAssets } from './common/graphql/graphiql';
import { ProblemDocument } from './common/http/api-docs';
import { parseAcceptLanguage } from './common/i18n';
import { PinoNestLogger } from './common/logging/logger';
import { AppConfig } from './config/app-config';

export const API_PREFIX = 'api/v1';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Builds the whole HTTP application (used by main.ts and by the e2e tests, so both run the same stack):
 * Fastify with request ids, pino logs, security headers, CORS, body limit, problem+json errors, OpenAPI and GraphQL.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: Logger,
  /** Called before the app boots; the tests use it to watch every response. */
  beforeInit?: (fastify: FastifyInstance) => void,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // An incoming X-Request-Id is kept when it looks like one, so a caller can follow its request through our logs.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const language = parseAcceptLanguage(request.headers['accept-language']);
    const purposeHeader = request.headers['x-purpose'];
    const purpose = typeof purposeHeader === 'string' ? purposeHeader.slice(0, 200) : undefined;
    request.ctx = new RequestContext(request.id, language.lang, request.ip, purpose, !language.valid);
    void reply.header('x-request-id', request.id);
    void reply.header('content-language', language.lang);
    assertJsonBody(request);
  });
  // Errors raised before a route runs (body parsing, size limit, the hook above) reach ProblemFilter too:
  // Nest's FastifyAdapter routes Fastify's errors through the global exception filters.

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    },
    hsts: config.isProduction ? { maxAge: 31536000, includeSubDomains: true } : false,
  });
  // Only POST /api/v1/imports takes multipart (assertJsonBody refuses it elsewhere); the upload service reads the
  // parts as streams with its own limits (IMPORT_MAX_BYTES), never buffering a file.
  await app.register(multipart, { limits: { fileSize: config.importMaxBytes, files: 1, parts: 5 } });
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'If-Match',
        'If-None-Match',
        'X-Request-Id',
        'X-Purpose',
        'Accept-Language',
      ],
      exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After', 'Idempotent-Replayed'],
      maxAge: 600,
    });
  }

  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready'] });

  if (!config.isProduction) registerGraphiqlAssets(fastify);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Jejaring API')
      .setDescription(
        'API of the provincial social-services network (jejaring) of Dinas Sosial Jawa Timur and Kalimantan Timur. ' +
          'Errors are RFC 9457 application/problem+json; messages are Indonesian unless Accept-Language asks for English.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    { extraModels: [ProblemDocument] },
  );
  documentCommonProblems(document);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
  });

  beforeInit?.(fastify);
  await app.init();
  await fastify.ready();
  return app;
}

/** Any operation can answer 400 (bad header, body or parameter) and 500; say so once for all of them. */
function documentCommonProblems(document: OpenAPIObject): void {
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDocument' } } };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      operation.responses['400'] ??= {
        description: 'Bad input: malformed value, unknown field, bad header',
        content: problem,
      };
      operation.responses['500'] ??= {
        description: 'Unexpected error; the body carries an errorId to quote',
        content: problem,
      };
    }
  }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;
/** Only the OAuth2 token endpoint takes a form (RFC 6749); everything else speaks JSON. */
const FORM_PATHS = new Set([`/${API_PREFIX}/auth/token`]);
const MULTIPART_TYPE = /^multipart\/form-data\s*;/i;
/** File uploads (docs/imports.md) are multipart/form-data. */
const MULTIPART_PATHS = new Set([`/${API_PREFIX}/imports`]);

/** A body in any other format is refused with 415 before it is parsed. */
function assertJsonBody(request: FastifyRequest): void {
  if (!BODY_METHODS.has(request.method)) return;
  const type = request.headers['content-type'];
  const hasBody =
    Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody && type === undefined) return;
  if (type !== undefined && JSON_TYPE.test(type)) return;
  if (type !== undefined && FORM_TYPE.test(type) && FORM_PATHS.has(request.url.split('?')[0])) return;
  if (type !== undefined && MULTIPART_TYPE.test(type) && MULTIPART_PATHS.has(request.url.split('?')[0])) return;
  throw new AppException(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, { contentType: (type ?? '(none)').slice(0, 100) });
}

function registerGraphiqlAssets(fastify: FastifyInstance): void {
  const assets = graphiqlAssets();
  const types: Record<string, string> = { js: 'application/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
  fastify.get(
    `${GRAPHIQL_ASSET_PREFIX}:file`,
    (request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
      const file = request.params.file;
      const type = types[file.split('.').pop() ?? ''];
      if (file === 'graphiql-init.js')
        return reply.type(types.js).header('cache-control', 'public, max-age=3600').send(GRAPHIQL_INIT_SCRIPT);
      const path = assets[file];
      if (!path || !type) return reply.callNotFound();
      return reply.type(type).header('cache-control', 'public, max-age=86400').send(createReadStream(path));
    },
  );
}
