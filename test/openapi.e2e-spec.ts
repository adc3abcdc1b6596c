import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Validator } from '@seriousme/openapi-schema-validator';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorEntry, registeredErrorCodes } from '../src/common/errors/app-exception';
import { createTestApp, TestApp } from './helpers/test-app';

interface Operation {
  operationId?: string;
  summary?: string;
  responses: Record<string, { content?: Record<string, unknown> }>;
}
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>> };

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function operations(document: OpenApiDocument): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );
}

/** Every route the running application's controllers declare, as `get /regions/{code}` (without the prefix). */
function declaredRoutes(t: TestApp): string[] {
  const routes: string[] = [];
  const asList = (value: unknown): string[] =>
    Array.isArray(value) ? (value as string[]) : [typeof value === 'string' ? value : '/'];
  const join = (...parts: string[]) =>
    `/${parts
      .flatMap((p) => p.split('/'))
      .filter((p) => p.length > 0)
      // A parameter may fill a whole segment (`:id`) or follow a fixed part (`persons.:format`).
      .map((p) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}'))
      .join('/')}`;
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      if ((Reflect.getMetadata('swagger/apiExcludeController', controller) as boolean[] | undefined)?.[0]) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata('method', handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        if ((Reflect.getMetadata('swagger/apiExcludeEndpoint', handler) as { disable?: boolean } | undefined)?.disable)
          continue;
        for (const base of asList(Reflect.getMetadata('path', controller))) {
          for (const path of asList(Reflect.getMetadata('path', handler))) {
            routes.push(`${RequestMethod[method].toLowerCase()} ${join(base, path)}`);
          }
        }
      }
    }
  }
  return routes;
}

describe('API documentation (e2e)', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.http.get('/docs/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    document = res.body as OpenApiDocument;
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves a valid OpenAPI 3 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toMatch(/^3\./);
  });

  it('documents every endpoint of the platform under /api/v1', () => {
    const documented = operations(document).map(({ method, path }) => `${method} ${path}`);
    expect(documented).toEqual(
      expect.arrayContaining([
        'get /health',
        'get /health/ready',
        'get /api/v1/regions',
        'get /api/v1/regions/{code}',
        'get /api/v1/ppks-categories',
        'get /api/v1/psks-types',
        'get /api/v1/organizations',
        'post /api/v1/organizations',
        'get /api/v1/organizations/{id}',
        'patch /api/v1/organizations/{id}',
        'post /api/v1/organizations/{id}/deactivate',
        'post /api/v1/organizations/{id}/activate',
      ]),
    );
    for (const path of Object.keys(document.paths)) {
      expect(path === '/health' || path === '/health/ready' || path.startsWith('/api/v1/')).toBe(true);
    }
  });

  it('documents every route a controller declares (so new modules cannot forget it)', () => {
    expect(declaredRoutes(t)).toEqual(
      expect.arrayContaining(['get /health', 'get /regions/{code}', 'patch /organizations/{id}']),
    );
    const documented = new Set(operations(document).map(({ method, path }) => `${method} ${path}`));
    const missing = declaredRoutes(t).filter((route) => {
      const [method, path] = route.split(' ');
      return !documented.has(`${method} /api/v1${path}`) && !documented.has(route);
    });
    expect(missing).toEqual([]);
  });

  it('documents at least one 4xx problem+json answer on every operation', () => {
    // Every route can answer 400 (a malformed Accept-Language is refused before any handler), so an operation
    // without a documented 4xx is incomplete. Known gap (reported): /health and /health/ready document none.
    const without = operations(document)
      .filter(({ operation }) => !Object.keys(operation.responses).some((status) => /^4\d\d$/.test(status)))
      .map(({ method, path }) => `${method} ${path}`);
    expect(without).toEqual([]);
    // The OAuth2 token endpoint answers errors as RFC 6749 §5.2 prescribes (application/json with `error`), which
    // is what OAuth2 client libraries parse; every other error is problem+json.
    const OTHER_STANDARD = new Set(['post /api/v1/auth/token']);
    const notProblems = operations(document)
      .filter(({ method, path }) => !OTHER_STANDARD.has(`${method} ${path}`))
      .flatMap(({ method, path, operation }) =>
        Object.entries(operation.responses)
          .filter(
            ([status, response]) =>
              /^[45]\d\d$/.test(status) && Object.keys(response.content ?? {}).join() !== 'application/problem+json',
          )
          .map(
            ([status, response]) =>
              `${method} ${path} ${status}: ${Object.keys(response.content ?? {}).join() || '(no content)'}`,
          ),
      );
    expect(notProblems).toEqual([]);
  });

  it('gives every operation a unique id and a summary', () => {
    const ids = operations(document).map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const unsummarised = operations(document).filter(({ operation }) => !operation.summary);
    expect(unsummarised.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });

  it('serves the Swagger UI itself, with its assets', async () => {
    const page = await t.http.get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('swagger-ui');
    const urls = [...page.text.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url).not.toMatch(/^(https?:)?\/\//);
      const asset = await t.http.get(new URL(url, 'http://localhost/docs').pathname);
      expect([url, asset.status]).toEqual([url, 200]);
    }
  });
});

describe('docs/errors.md (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Booting the application loads every module, and with it every error catalogue.
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists every registered error code with its status', () => {
    const page = readFileSync(join(__dirname, '..', 'docs', 'errors.md'), 'utf8');
    const documented = new Map(
      [...page.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]),
    );
    const wrong = registeredErrorCodes()
      .filter((code) => documented.get(code) !== errorEntry(code)?.status)
      .map((code) => `${code} ${errorEntry(code)?.status} (docs: ${documented.get(code) ?? 'missing'})`);
    expect(wrong).toEqual([]);
    const stale = [...documented.keys()].filter((code) => !errorEntry(code));
    expect(stale).toEqual([]);
  });
});

describe('GraphQL schema file (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('equals the running schema (regenerate with `npm run schema:gql`)', () => {
    const running = `${printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema))}\n`;
    const committed = readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8');
    expect(committed).toBe(running);
  });
});
