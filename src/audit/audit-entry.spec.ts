import { RequestContext } from '../common/context/request-context';
import { toEventRow } from './audit-entry';

const USER_ID = '5d7c1a2b-3c4d-4e5f-9a8b-7c6d5e4f3a2b';
const ORG_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const PERSON_ID = '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9';

function userContext(purpose?: string): RequestContext {
  const ctx = new RequestContext('req-1', 'id', '10.1.2.3', purpose);
  ctx.principal = {
    kind: 'user',
    id: USER_ID,
    name: 'operator.kediri',
    organizationId: ORG_ID,
    regionCode: '3571',
    role: 'REGENCY_OPERATOR',
    permissions: new Set(),
  };
  return ctx;
}

describe('toEventRow', () => {
  it('takes the actor, request id and IP from the context', () => {
    const row = toEventRow(userContext(), {
      action: 'UPDATE',
      resourceType: 'person',
      resourceId: PERSON_ID,
      personId: PERSON_ID,
    });
    expect(row).toEqual({
      actorKind: 'user',
      actorId: USER_ID,
      actorName: 'operator.kediri',
      organizationId: ORG_ID,
      role: 'REGENCY_OPERATOR',
      action: 'UPDATE',
      resourceType: 'person',
      resourceId: PERSON_ID,
      personId: PERSON_ID,
      purpose: null,
      requestId: 'req-1',
      ip: '10.1.2.3',
      changedFields: [],
    });
  });

  it("prefers the caller's X-Purpose over the endpoint default", () => {
    expect(
      toEventRow(userContext('bimbingan lanjut'), { action: 'READ', resourceType: 'person', purpose: 'CASEWORK' })
        .purpose,
    ).toBe('bimbingan lanjut');
    expect(toEventRow(userContext(), { action: 'READ', resourceType: 'person', purpose: 'CASEWORK' }).purpose).toBe(
      'CASEWORK',
    );
    expect(toEventRow(userContext('  '), { action: 'READ', resourceType: 'person', purpose: 'CASEWORK' }).purpose).toBe(
      'CASEWORK',
    );
  });

  it('uses the given actor only when there is no principal', () => {
    const anonymous = new RequestContext('req-2', 'id', '10.9.9.9', undefined);
    const failed = toEventRow(anonymous, {
      action: 'LOGIN_FAILED',
      resourceType: 'user',
      actor: { kind: 'user', name: 'admin' },
    });
    expect(failed).toMatchObject({ actorKind: 'user', actorId: null, actorName: 'admin' });
    expect(toEventRow(anonymous, { action: 'READ', resourceType: 'person' }).actorKind).toBe('anonymous');
    expect(toEventRow(RequestContext.system('bootstrap'), { action: 'CREATE', resourceType: 'user' }).actorKind).toBe(
      'system',
    );
    // A caller claiming X-Purpose: SYSTEM stays anonymous.
    const claimed = new RequestContext('req-3', 'id', '10.9.9.9', 'SYSTEM');
    expect(toEventRow(claimed, { action: 'READ', resourceType: 'person' }).actorKind).toBe('anonymous');
    const withPrincipal = toEventRow(userContext(), {
      action: 'LOGIN',
      resourceType: 'user',
      actor: { kind: 'client', name: 'x' },
    });
    expect(withPrincipal).toMatchObject({ actorKind: 'user', actorName: 'operator.kediri' });
  });

  it('keeps changed-field names, once each, and refuses anything that looks like a value', () => {
    const row = toEventRow(userContext(), {
      action: 'UPDATE',
      resourceType: 'person',
      changedFields: ['name', 'domicile.villageCode', 'phones[0]', 'name'],
    });
    expect(row.changedFields).toEqual(['name', 'domicile.villageCode', 'phones[0]']);
    for (const bad of ['3571010101010001', 'Siti Aminah', 'a=b', '', 'x'.repeat(101)]) {
      expect(() =>
        toEventRow(userContext(), { action: 'UPDATE', resourceType: 'person', changedFields: [bad] }),
      ).toThrow(/field names/);
    }
  });

  it('refuses malformed entries as programming errors', () => {
    const ctx = userContext();
    expect(() => toEventRow(ctx, { action: 'FROB' as never, resourceType: 'person' })).toThrow(/action/);
    expect(() => toEventRow(ctx, { action: 'READ', resourceType: 'Person' })).toThrow(/resourceType/);
    expect(() => toEventRow(ctx, { action: 'READ', resourceType: 'person', personId: 'nik-3571' })).toThrow(/personId/);
    expect(() => toEventRow(ctx, { action: 'READ', resourceType: 'person', resourceId: 'has space' })).toThrow(
      /resourceId/,
    );
  });

  it('clips over-long context values to their columns', () => {
    const ctx = new RequestContext('r'.repeat(300), 'id', '1'.repeat(100), 'p'.repeat(300));
    const row = toEventRow(ctx, { action: 'READ', resourceType: 'person' });
    expect(row.requestId).toHaveLength(128);
    expect(row.ip).toHaveLength(64);
    expect(row.purpose).toHaveLength(200);
  });
});
