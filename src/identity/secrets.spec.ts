import { hashPassword, randomSecret, safeEqualHex, sha256, verifyPassword } from './secrets';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterx', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('refuses stored values that are not scrypt hashes', async () => {
    await expect(verifyPassword('x', 'md5$abc')).resolves.toBe(false);
    await expect(verifyPassword('x', 'garbage')).resolves.toBe(false);
  });
});

describe('secrets', () => {
  it('makes distinct URL-safe secrets and compares hashes in constant time', () => {
    const a = randomSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomSecret()).not.toBe(a);
    expect(safeEqualHex(sha256(a), sha256(a))).toBe(true);
    expect(safeEqualHex(sha256(a), sha256(`${a}x`))).toBe(false);
    expect(safeEqualHex('', '')).toBe(false);
  });
});
