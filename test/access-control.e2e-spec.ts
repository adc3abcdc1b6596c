import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { PERMISSIONS_KEY, PUBLIC_KEY } from '../src/identity/decorators';
import { Permission } from '../src/identity/permissions';
import { TokenService } from '../src/identity/token.service';
import { seededOrganizationId } from '../src/common/ids';
import { createTestApp, TestApp } from './helpers/test-app';

interface Route {
  method: string;
  path: string;
  permissions: Permission[] | undefined;
  isPublic: boolean;
}

/** The routes anyone may call without a token. Adding one here is a security decision: review it. */
const PUBLIC_ROUTES = [
  'GET /health',
  'GET /health/ready',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/token',
  // The partner directory in HSDS 3.0 shape is public information (issue 6); HSDS_PUBLIC=false closes it.
  'GET /api/v1/hsds/organizations',
  'GET /api/v1/hsds/organizations/:id',
  'GET /api/v1/hsds/services',
  'GET /api/v1/hsds/services/:id',
  // Anonymous satisfaction surveys (SKM) behind a per-service link or QR code; rate-limited (docs/surveys.md).
  'GET /api/v1/public/surveys/:token',
  'POST /api/v1/public/surveys/:token/responses',
].sort();

function routesOf(t: TestApp): Route[] {
  const modules = t.app.get(ModulesContainer);
  const scanner = new MetadataScanner();
  const reflector = t.app.get(Reflector);
  const routes: Route[] = [];
  const controllers = [...modules.values()].flatMap((module) => [...module.controllers.values()]);
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const controllerPath = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
      const handler = (instance as Record<string, unknown>)[name] as object;
      const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (methodPath === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const prefix = controllerPath.startsWith('health') ? '' : '/api/v1';
      const path = `${prefix}/${[controllerPath, methodPath].filter((p) => p && p !== '/').join('/')}`.replace(
        /\/+/g,
        '/',
      );
      routes.push({
        method,
        path,
        permissions: reflector.getAllAndOverride<Permission[]>(PERMISSIONS_KEY, [
          handler as () => void,
          wrapper.metatype,
        ]),
        isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler as () => void, wrapper.metatype]) === true,
      });
    }
  }
  return routes;
}

const concrete = (path: string) =>
  path.replace(':code', '35').replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');

describe('access control (e2e)', () => {
  let t: TestApp;
  let routes: Route[];
  let noScopeToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    routes = routesOf(t);
    // A machine account with no scopes: authenticated, but holds no permission at all.
    noScopeToken = t.app.get(TokenService).sign(
      {
        sub: seededOrganizationId('nobody'),
        kind: 'client',
        name: 'no-scope',
        role: 'PARTNER',
        org: seededOrganizationId('DINSOS-3571'),
        rgn: '3571',
        scope: '',
      },
      300,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain('GET /api/v1/organizations/:id');
  });

  it('every route declares its permissions or is on the public list', () => {
    const undeclared = routes
      .filter((r) => !r.isPublic && r.permissions === undefined)
      .map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    expect(
      routes
        .filter((r) => r.isPublic)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(PUBLIC_ROUTES);
  });

  it('answers 401 with a Bearer challenge to an anonymous caller on every non-public route', async () => {
    for (const route of routes.filter((r) => !r.isPublic)) {
      const res = await t.http[route.method.toLowerCase() as 'get'](concrete(route.path)).send({});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="jejaring"/);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('answers 403 to a caller without the permission on every route that needs one', async () => {
    for (const route of routes.filter((r) => !r.isPublic && (r.permissions?.length ?? 0) > 0)) {
      const res = await t.http[route.method.toLowerCase() as 'get'](concrete(route.path))
        .set('Authorization', `Bearer ${noScopeToken}`)
        .send({});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 403,
      });
    }
  });

  it('every PATCH requires If-Match (428 without it)', async () => {
    const admin = t.app.get(TokenService).sign(
      {
        sub: seededOrganizationId('admin-user'),
        kind: 'user',
        name: 'admin',
        role: 'PROVINCE_ADMIN',
        org: seededOrganizationId('DINSOS-35'),
        rgn: '357822',
      },
      300,
    );
    const patches = routes.filter((r) => r.method === 'PATCH');
    expect(patches.length).toBeGreaterThan(5);
    for (const route of patches) {
      const res = await t.http.patch(concrete(route.path)).set('Authorization', `Bearer ${admin}`).send({});
      expect({ route: route.path, status: res.status }).toEqual({ route: route.path, status: 428 });
    }
  });

  it('every GraphQL root field refuses anonymous callers and callers without the permission', async () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const roots = [schema.getQueryType(), schema.getMutationType()].filter(
      (type) => type !== null && type !== undefined,
    );
    const fields = roots.flatMap((type) =>
      Object.values(type!.getFields()).map((f) => ({ kind: type!.name, field: f })),
    );
    expect(fields.length).toBeGreaterThan(0);
    for (const { kind, field } of fields) {
      const args = field.args
        .filter((a) => String(a.type).endsWith('!'))
        .map((a) => `${a.name}: ${String(a.type).startsWith('ID') ? '"00000000-0000-4000-8000-000000000000"' : '"35"'}`)
        .join(', ');
      const selection = /^\[?(String|Int|Boolean|ID|Float)/.test(String(field.type)) ? '' : ' { __typename }';
      const query = `${kind === 'Mutation' ? 'mutation' : 'query'} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
      const anonymous = await t.http.post('/graphql').send({ query });
      expect({ field: field.name, code: anonymous.body.errors?.[0]?.extensions?.code }).toEqual({
        field: field.name,
        code: 'UNAUTHENTICATED',
      });
      const forbidden = await t.http.post('/graphql').set('Authorization', `Bearer ${noScopeToken}`).send({ query });
      expect({ field: field.name, code: forbidden.body.errors?.[0]?.extensions?.code }).toEqual({
        field: field.name,
        code: 'FORBIDDEN',
      });
    }
  });
});
