import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, GraphQLField, GraphQLNamedType, isInterfaceType, isObjectType, isUnionType } from 'graphql';
import { Role } from '../src/identity/permissions';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * Issue 8: an analyst's token reaches no person-level field anywhere in the schema. Every root field is called as
 * an analyst; from those that answer, every type reachable through the schema is walked and none may carry a
 * field about one person.
 */
describe('analytics privacy: what an analyst can reach', () => {
  let t: TestApp;
  let analyst: TestPrincipal;

  /** Fields that identify a person or describe one; organisations' own phone/address are not among them. */
  const PERSON_FIELDS =
    /^(person|persons|personId|personIds|fullName|name_key|aliases|nik.*|kk.*|birthDate|birthPlace|guardian.*|dtksId|dtsenDecile|respondent.*|maker|makers|makerId|participant.*|enrolments?|resident.*Id|beneficiar.*)$/;

  /** Root fields an analyst may call; adding one is a privacy decision: review what it exposes. */
  const ANALYST_ROOT_FIELDS = ['analytics', 'organization', 'organizations', 'region', 'regions'];

  beforeAll(async () => {
    t = await createTestApp();
    analyst = await asRole(t, Role.ANALYST);
  });
  afterAll(() => t.close());

  const schema = () => t.app.get(GraphQLSchemaHost).schema;

  async function reachableRootFields(): Promise<GraphQLField<unknown, unknown>[]> {
    const reachable: GraphQLField<unknown, unknown>[] = [];
    for (const [kind, type] of [
      ['query', schema().getQueryType()],
      ['mutation', schema().getMutationType()],
    ] as const) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        const args = field.args
          .filter((a) => String(a.type).endsWith('!'))
          .map(
            (a) => `${a.name}: ${String(a.type).startsWith('ID') ? '"00000000-0000-4000-8000-000000000000"' : '"35"'}`,
          )
          .join(', ');
        const selection = /^\[?(String|Int|Boolean|ID|Float)/.test(String(field.type)) ? '' : ' { __typename }';
        const res = await t.http
          .post('/graphql')
          .set(analyst.auth)
          .send({ query: `${kind} { ${field.name}${args ? `(${args})` : ''}${selection} }` });
        const code = res.body.errors?.[0]?.extensions?.code;
        if (code !== 'FORBIDDEN') reachable.push(field);
      }
    }
    return reachable;
  }

  it('may call only the reviewed root fields; persons, cases, grants … answer FORBIDDEN', async () => {
    const names = (await reachableRootFields()).map((f) => f.name).sort();
    expect(names).toEqual(ANALYST_ROOT_FIELDS);
  });

  it('reaches no type with a person-level field through them', async () => {
    const seen = new Map<string, GraphQLNamedType>();
    const visit = (type: GraphQLNamedType) => {
      if (seen.has(type.name) || type.name.startsWith('__')) return;
      seen.set(type.name, type);
      const members = isUnionType(type) ? type.getTypes() : [];
      members.forEach(visit);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
      }
    };
    for (const field of await reachableRootFields()) visit(getNamedType(field.type));
    // The walk is not vacuous: the analytics reports are in it.
    expect([...seen.keys()]).toEqual(expect.arrayContaining(['Analytics', 'NetworkReport', 'Figure']));
    const offending = [...seen.values()].flatMap((type) =>
      isObjectType(type) || isInterfaceType(type)
        ? Object.keys(type.getFields())
            .filter((name) => PERSON_FIELDS.test(name))
            .map((name) => `${type.name}.${name}`)
        : [],
    );
    expect(offending).toEqual([]);
    expect([...seen.keys()].filter((name) => /^Person|Case$|^Referral$|^Grant$|^Business$/.test(name))).toEqual([]);
  });

  it('an analyst asking for a person-level field gets a coded error and no data', async () => {
    const res = await t.http
      .post('/graphql')
      .set(analyst.auth)
      .send({ query: '{ persons(limit: 5) { data { fullName } } }' })
      .expect(200);
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.body.data).toBeNull();
    const nested = await t.http
      .post('/graphql')
      .set(analyst.auth)
      .send({ query: '{ analytics { network { aftercare { personId } } } }' });
    expect(nested.status).toBe(400);
    expect(nested.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(nested.body.data).toBeUndefined();
  });
});
