import { canonicalJson, requestHash } from './idempotency.service';

describe('canonicalJson', () => {
  it('does not depend on key order, at any depth', () => {
    const a = { name: 'LKS Bina Jiwa', type: 'NGO', address: { village: '3571011010', street: 'Jl. Mayjen Sungkono' } };
    const b = { address: { street: 'Jl. Mayjen Sungkono', village: '3571011010' }, type: 'NGO', name: 'LKS Bina Jiwa' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe(
      '{"address":{"street":"Jl. Mayjen Sungkono","village":"3571011010"},"name":"LKS Bina Jiwa","type":"NGO"}',
    );
  });

  it('keeps array order, which is meaningful', () => {
    expect(canonicalJson(['PPKS-09', 'PPKS-10'])).not.toBe(canonicalJson(['PPKS-10', 'PPKS-09']));
  });

  it('drops undefined properties as JSON.stringify does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('handles scalars and null', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson(3)).toBe('3');
  });
});

describe('requestHash', () => {
  const body = { name: 'LKS Bina Jiwa', type: 'NGO', regionCode: '3571' };

  it('is the same for the same request, whatever the key order', () => {
    const reordered = { regionCode: '3571', type: 'NGO', name: 'LKS Bina Jiwa' };
    expect(requestHash('POST', '/api/v1/organizations', body)).toBe(
      requestHash('POST', '/api/v1/organizations', reordered),
    );
    expect(requestHash('POST', '/api/v1/organizations', body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when the body differs', () => {
    expect(requestHash('POST', '/api/v1/organizations', body)).not.toBe(
      requestHash('POST', '/api/v1/organizations', { ...body, regionCode: '3572' }),
    );
  });

  it('differs when the path or the method differs', () => {
    const hash = requestHash('POST', '/api/v1/organizations', body);
    expect(requestHash('POST', '/api/v1/organizations/x/deactivate', body)).not.toBe(hash);
    expect(requestHash('PUT', '/api/v1/organizations', body)).not.toBe(hash);
  });

  it('tells an empty body from a missing one only by content', () => {
    expect(requestHash('POST', '/p', undefined)).toBe(requestHash('POST', '/p', null));
    expect(requestHash('POST', '/p', {})).not.toBe(requestHash('POST', '/p', null));
  });
});
