import { createHash } from 'node:crypto';
import { canonicalEvent, CanonicalEvent, chainHash, GENESIS_HASH } from './audit-hash';

const event: CanonicalEvent = {
  id: '0b6f8a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  seq: '42',
  occurredAt: '2025-03-01T02:03:04.123456Z',
  actorKind: 'user',
  actorId: '5d7c1a2b-3c4d-4e5f-9a8b-7c6d5e4f3a2b',
  actorName: 'operator.kediri',
  organizationId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  role: 'REGENCY_OPERATOR',
  action: 'UPDATE',
  resourceType: 'person',
  resourceId: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
  personId: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
  purpose: 'bimbingan lanjut',
  requestId: 'req-1',
  ip: '10.1.2.3',
  changedFields: ['domicile.villageCode', 'phone'],
};

describe('canonicalEvent', () => {
  it('serialises every audited column in a fixed order', () => {
    expect(canonicalEvent(event)).toBe(
      '{"v":1,"id":"0b6f8a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b","seq":"42","occurredAt":"2025-03-01T02:03:04.123456Z",' +
        '"actorKind":"user","actorId":"5d7c1a2b-3c4d-4e5f-9a8b-7c6d5e4f3a2b","actorName":"operator.kediri",' +
        '"organizationId":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","role":"REGENCY_OPERATOR","action":"UPDATE",' +
        '"resourceType":"person","resourceId":"1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9",' +
        '"personId":"1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9","purpose":"bimbingan lanjut","requestId":"req-1",' +
        '"ip":"10.1.2.3","changedFields":["domicile.villageCode","phone"]}',
    );
  });

  it('does not depend on the key order of its input', () => {
    const reversed = Object.fromEntries(Object.entries(event).reverse()) as unknown as CanonicalEvent;
    expect(canonicalEvent(reversed)).toBe(canonicalEvent(event));
  });

  it('ignores columns that are not audited (e.g. chain columns joined into the same row)', () => {
    const row = { ...event, position: '7', linkHash: 'ff', eventFound: true };
    expect(canonicalEvent(row)).toBe(canonicalEvent(event));
  });

  it('writes absent optional values as null and keeps the changed-field order', () => {
    const sparse: CanonicalEvent = {
      ...event,
      actorId: null,
      actorName: null,
      purpose: null,
      changedFields: ['b', 'a'],
    };
    const parsed = JSON.parse(canonicalEvent(sparse)) as Record<string, unknown>;
    expect(parsed.actorId).toBeNull();
    expect(parsed.purpose).toBeNull();
    expect(parsed.changedFields).toEqual(['b', 'a']);
  });

  it('keeps text that looks like JSON or has non-ASCII characters unambiguous', () => {
    const tricky = { ...event, actorName: 'a","role":"PROVINCE_ADMIN', purpose: 'pemulihan — Ngámpél' };
    const parsed = JSON.parse(canonicalEvent(tricky)) as Record<string, unknown>;
    expect(parsed.actorName).toBe('a","role":"PROVINCE_ADMIN');
    expect(parsed.role).toBe('REGENCY_OPERATOR');
    expect(parsed.purpose).toBe('pemulihan — Ngámpél');
  });
});

describe('chainHash', () => {
  it('is sha256 of the previous hash followed by the canonical row', () => {
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalEvent(event), 'utf8')
      .digest('hex');
    expect(chainHash(GENESIS_HASH, event)).toBe(expected);
    expect(chainHash(GENESIS_HASH, event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic', () => {
    expect(chainHash(GENESIS_HASH, { ...event })).toBe(chainHash(GENESIS_HASH, event));
  });

  it('changes when any audited column changes', () => {
    const base = chainHash(GENESIS_HASH, event);
    const variants: Partial<CanonicalEvent>[] = [
      { id: '0b6f8a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5c' },
      { seq: '43' },
      { occurredAt: '2025-03-01T02:03:04.123457Z' },
      { actorKind: 'client' },
      { actorId: null },
      { actorName: 'someone.else' },
      { organizationId: null },
      { role: 'PROVINCE_ADMIN' },
      { action: 'READ' },
      { resourceType: 'case' },
      { resourceId: null },
      { personId: null },
      { purpose: 'other' },
      { requestId: 'req-2' },
      { ip: '10.1.2.4' },
      { changedFields: ['phone', 'domicile.villageCode'] },
      { changedFields: [] },
    ];
    const hashes = variants.map((v) => chainHash(GENESIS_HASH, { ...event, ...v }));
    expect(hashes).not.toContain(base);
    expect(new Set(hashes).size).toBe(variants.length);
  });

  it('changes with the previous hash, so links cannot be reordered', () => {
    const first = chainHash(GENESIS_HASH, event);
    expect(chainHash(first, event)).not.toBe(first);
  });

  it('refuses a previous hash that is not 64 lowercase hex characters', () => {
    expect(() => chainHash('abc', event)).toThrow(/prevHash/);
    expect(() => chainHash(GENESIS_HASH.toUpperCase().replace(/0/g, 'A'), event)).toThrow(/prevHash/);
  });
});
