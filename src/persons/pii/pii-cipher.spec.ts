import { createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { normaliseForBlindIndex, PiiCipher, PiiCipherError, piiKeyId } from './pii-cipher';
import { PII_CONTEXTS } from './pii-columns';

const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');
const NIK = '3571015203850001';
const { nik: NIK_CONTEXT, kk: KK_CONTEXT, guardianNik: GUARDIAN_CONTEXT } = PII_CONTEXTS;

/** Replaces one character of a base64url string with another valid one, so only the bytes change. */
function flip(text: string, at: number): string {
  const replacement = text[at] === 'A' ? 'B' : 'A';
  return text.slice(0, at) + replacement + text.slice(at + 1);
}

describe('PiiCipher', () => {
  const cipher = new PiiCipher(NEW_KEY);

  it('round-trips a value through one self-describing text', () => {
    const stored = cipher.encrypt(NIK, NIK_CONTEXT);
    expect(stored).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(stored.split('.')[1]).toBe(cipher.keyId);
    expect(stored).not.toContain(NIK);
    expect(cipher.decrypt(stored, NIK_CONTEXT)).toBe(NIK);
  });

  it('round-trips the empty string and non-ASCII text', () => {
    for (const text of ['', 'Siti Aminah — wali', '𝓝𝓘𝓚']) {
      expect(cipher.decrypt(cipher.encrypt(text, 'test.text'), 'test.text')).toBe(text);
    }
  });

  it('uses a fresh IV each time, so equal values do not look equal at rest', () => {
    const values = Array.from({ length: 50 }, () => cipher.encrypt(NIK, NIK_CONTEXT));
    expect(new Set(values).size).toBe(50);
    expect(new Set(values.map((v) => v.split('.')[2])).size).toBe(50);
  });

  it('never repeats an IV across refills of its pool of random bytes', () => {
    const values = Array.from({ length: 1000 }, (_, i) => cipher.encrypt(`3571015203850${i}`, PII_CONTEXTS.nik));
    expect(new Set(values.map((v) => v.split('.')[2])).size).toBe(1000);
    values.forEach((v, i) => expect(cipher.decrypt(v, PII_CONTEXTS.nik)).toBe(`3571015203850${i}`));
  });

  it('refuses a value altered anywhere', () => {
    const stored = cipher.encrypt(NIK, NIK_CONTEXT);
    const [version, keyId, iv, tag, ciphertext] = stored.split('.');
    const altered = [
      ...[0, 5, iv.length - 1].map((i) => [version, keyId, flip(iv, i), tag, ciphertext]),
      ...[0, 10, tag.length - 1].map((i) => [version, keyId, iv, flip(tag, i), ciphertext]),
      ...[0, ciphertext.length - 1].map((i) => [version, keyId, iv, tag, flip(ciphertext, i)]),
      [version, keyId, iv, tag, ciphertext.slice(0, -2)],
      [version, keyId, iv, tag, `${ciphertext}AA`],
      [version, keyId, iv, tag.slice(0, -2), ciphertext],
      [version, keyId, iv, `${tag}=`, ciphertext],
      [version, keyId, iv, tag, ciphertext.replace(/[A-Za-z0-9]/, '+')],
      [version, flip(keyId, 0), iv, tag, ciphertext],
      [version, keyId.toUpperCase(), iv, tag, ciphertext],
      ['v2', keyId, iv, tag, ciphertext],
      [version, keyId, iv, tag],
      [version, keyId, iv, tag, ciphertext, ''],
    ]
      .map((parts) => parts.join('.'))
      // A key id of digits only is its own upper case: that "alteration" is the stored value itself.
      .filter((value) => value !== stored);
    for (const value of [...altered, '', NIK, 'v1....', stored.replace(/\./g, ':')]) {
      expect(() => cipher.decrypt(value, NIK_CONTEXT)).toThrow(PiiCipherError);
    }
  });

  it('refuses a value moved to another field (the context is authenticated)', () => {
    const stored = cipher.encrypt(NIK, NIK_CONTEXT);
    expect(() => cipher.decrypt(stored, GUARDIAN_CONTEXT)).toThrow(/failed authentication.*persons\.guardian_nik/);
    expect(() => cipher.decrypt(stored, KK_CONTEXT)).toThrow(PiiCipherError);
  });

  it('decrypts with a previous key, and says the value needs rotating', () => {
    const stored = new PiiCipher(OLD_KEY).encrypt(NIK, NIK_CONTEXT);
    const rotated = new PiiCipher(NEW_KEY, [OLD_KEY]);
    expect(rotated.decrypt(stored, NIK_CONTEXT)).toBe(NIK);
    expect(rotated.needsRotation(stored)).toBe(true);
    expect(rotated.keyIdOf(stored)).toBe(piiKeyId(OLD_KEY));
    expect(rotated.previousKeyIds).toEqual([piiKeyId(OLD_KEY)]);
    const fresh = rotated.encrypt(NIK, NIK_CONTEXT);
    expect(rotated.keyIdOf(fresh)).toBe(piiKeyId(NEW_KEY));
    expect(rotated.needsRotation(fresh)).toBe(false);
  });

  it('refuses a value under a key it does not hold, naming the key ids but not the keys', () => {
    const stored = new PiiCipher(OLD_KEY).encrypt(NIK, NIK_CONTEXT);
    let message = '';
    try {
      cipher.decrypt(stored, NIK_CONTEXT);
    } catch (error) {
      expect(error).toBeInstanceOf(PiiCipherError);
      message = (error as Error).message;
    }
    expect(message).toContain(piiKeyId(OLD_KEY));
    expect(message).toContain(cipher.keyId);
    expect(message).not.toContain(OLD_KEY);
    expect(message).not.toContain(NEW_KEY);
  });

  it('accepts the current key repeated among the previous ones', () => {
    expect(new PiiCipher(NEW_KEY, [NEW_KEY, OLD_KEY]).previousKeyIds).toEqual([piiKeyId(OLD_KEY)]);
  });

  it('refuses keys that are not 32 bytes of base64, without echoing them', () => {
    for (const bad of ['', 'short', randomBytes(16).toString('base64'), randomBytes(33).toString('base64')]) {
      expect(() => new PiiCipher(bad)).toThrow(/PII_ENCRYPTION_KEY must be 32 random bytes/);
    }
    expect(() => new PiiCipher(NEW_KEY, ['nope'])).toThrow(/PII_ENCRYPTION_KEYS_PREVIOUS/);
    expect(() => new PiiCipher(randomBytes(31))).toThrow(/32 bytes/);
    expect(() => PiiCipher.fromConfig({ piiEncryptionKeysPrevious: [] })).toThrow(/PII_ENCRYPTION_KEY is not set/);
  });

  describe('key id', () => {
    it('is stable for a key and differs between keys', () => {
      expect(piiKeyId(NEW_KEY)).toBe(new PiiCipher(NEW_KEY).keyId);
      expect(piiKeyId(NEW_KEY)).toBe(piiKeyId(Buffer.from(NEW_KEY, 'base64')));
      expect(piiKeyId(NEW_KEY)).not.toBe(piiKeyId(OLD_KEY));
    });

    it('shows no byte of the key', () => {
      const key = randomBytes(32);
      const keyId = piiKeyId(key);
      expect(keyId).toMatch(/^[0-9a-f]{8}$/);
      // Neither a prefix of the key nor a plain hash of it: the id comes from a subkey of its own.
      expect(key.toString('hex')).not.toContain(keyId);
      expect(createHash('sha256').update(key).digest('hex')).not.toContain(keyId);
    });

    it('does not let the key out through serialisation', () => {
      const key = randomBytes(32);
      const withKeys = new PiiCipher(key, [OLD_KEY]);
      const shown = [JSON.stringify(withKeys), inspect(withKeys, { showHidden: true, depth: 5 }), String(withKeys)];
      for (const text of shown) {
        expect(text).not.toContain(key.toString('base64'));
        expect(text).not.toContain(key.toString('hex'));
        expect(text).not.toContain(OLD_KEY);
      }
      expect(JSON.parse(JSON.stringify(withKeys))).toEqual({
        keyId: piiKeyId(key),
        previousKeyIds: [piiKeyId(OLD_KEY)],
      });
    });
  });

  describe('blind index', () => {
    it('is a stable 64-character hex HMAC for the same value and key', () => {
      const index = cipher.blindIndex(NIK, NIK_CONTEXT);
      expect(index).toMatch(/^[0-9a-f]{64}$/);
      expect(new PiiCipher(NEW_KEY).blindIndex(NIK, NIK_CONTEXT)).toBe(index);
      expect(cipher.blindIndex('3571015203850002', NIK_CONTEXT)).not.toBe(index);
    });

    it('differs between fields and between keys', () => {
      const index = cipher.blindIndex(NIK, NIK_CONTEXT);
      expect(cipher.blindIndex(NIK, GUARDIAN_CONTEXT)).not.toBe(index);
      expect(cipher.blindIndex(NIK, KK_CONTEXT)).not.toBe(index);
      expect(new PiiCipher(OLD_KEY).blindIndex(NIK, NIK_CONTEXT)).not.toBe(index);
      // A previous key never indexes: rotation recomputes every index under the current key.
      expect(new PiiCipher(NEW_KEY, [OLD_KEY]).blindIndex(NIK, NIK_CONTEXT)).toBe(index);
    });

    it('ignores spaces, dashes and full-width digits in identity numbers', () => {
      const index = cipher.blindIndex(NIK, NIK_CONTEXT);
      for (const typed of [
        ' 3571 0152 0385 0001 ',
        '3571-0152-0385-0001',
        '3571.015203.850001',
        '３５７１０１５２０３８５０００１',
      ]) {
        expect(cipher.blindIndex(typed, NIK_CONTEXT)).toBe(index);
      }
      expect(normaliseForBlindIndex('3571-01-52', KK_CONTEXT)).toBe('35710152');
    });

    it('folds case and spacing elsewhere, and refuses to index nothing', () => {
      expect(cipher.blindIndex('  Siti   AMINAH ', 'test.name')).toBe(cipher.blindIndex('siti aminah', 'test.name'));
      expect(() => cipher.blindIndex(' - ', NIK_CONTEXT)).toThrow(/nothing to index/);
      expect(() => cipher.blindIndex('   ', 'test.name')).toThrow(/nothing to index/);
    });

    it('lists the index under every held key, current first, for lookups during a rotation', () => {
      const both = new PiiCipher(NEW_KEY, [OLD_KEY]);
      expect(both.blindIndexes(NIK, NIK_CONTEXT)).toEqual([
        new PiiCipher(NEW_KEY).blindIndex(NIK, NIK_CONTEXT),
        new PiiCipher(OLD_KEY).blindIndex(NIK, NIK_CONTEXT),
      ]);
      expect(cipher.blindIndexes(NIK, NIK_CONTEXT)).toEqual([cipher.blindIndex(NIK, NIK_CONTEXT)]);
    });
  });
});
