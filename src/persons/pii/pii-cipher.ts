import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  type CipherGCMTypes,
} from 'node:crypto';
import { inspect } from 'node:util';
import type { AppConfig } from '../../config/app-config';
import { DIGITS_ONLY_CONTEXTS } from './pii-columns';

const VERSION = 'v1';
const ALGORITHM: CipherGCMTypes = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed salt and labelled `info` strings: HKDF then gives independent subkeys per use, so the same master key can
// encrypt, name itself and index without one use telling anything about another.
const HKDF_SALT = Buffer.from('jejaring/pii', 'utf8');
const INFO_ENCRYPTION = 'jejaring/pii/v1/encryption';
const INFO_KEY_ID = 'jejaring/pii/v1/key-id';
const INFO_BLIND_INDEX = 'jejaring/pii/v1/blind-index';
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const KEY_ID = /^[0-9a-f]{8}$/;

/** A stored value that cannot be read: malformed, altered, in the wrong column, or under a key we do not hold. */
export class PiiCipherError extends Error {
  override name = 'PiiCipherError';
}

interface KeyMaterial {
  id: string;
  encryption: Buffer;
  /** Root of the per-context blind-index keys. */
  index: Buffer;
}

interface ParsedValue {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function hkdf(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, HKDF_SALT, info, KEY_BYTES));
}

function masterKey(key: string | Buffer, name: string): Buffer {
  if (Buffer.isBuffer(key)) {
    if (key.length !== KEY_BYTES) throw new Error(`${name} must be ${KEY_BYTES} bytes`);
    return key;
  }
  // Same rule as the config validation; repeated here because the cipher is also built outside loadConfig.
  if (!BASE64_KEY.test(key)) throw new Error(`${name} must be ${KEY_BYTES} random bytes encoded as base64`);
  return Buffer.from(key, 'base64');
}

function derive(master: Buffer): KeyMaterial {
  // The id is a hash of a subkey of its own, never of the key or of a subkey in use: it can be printed and stored.
  const id = createHash('sha256').update(hkdf(master, INFO_KEY_ID)).digest('hex').slice(0, 8);
  return { id, encryption: hkdf(master, INFO_ENCRYPTION), index: hkdf(master, INFO_BLIND_INDEX) };
}

/** The id a key is known by in stored values (`v1.<keyId>....`) and in the rotation command's output. */
export function piiKeyId(key: string | Buffer): string {
  return derive(masterKey(key, 'key')).id;
}

/**
 * What the blind index hashes: identity numbers by their digits alone (operators type `3571 0152-0385 0001`),
 * anything else case- and space-insensitively. NFKC first so full-width digits and letters count as plain ones.
 */
export function normaliseForBlindIndex(value: string, context: string): string {
  const text = value.normalize('NFKC');
  const normalised = DIGITS_ONLY_CONTEXTS.has(context)
    ? text.replace(/\D/g, '')
    : text.trim().replace(/\s+/g, ' ').toLowerCase();
  // An empty value would index to one constant shared by every blank input: a useless and misleading match.
  if (normalised.length === 0) throw new Error(`nothing to index for ${context}`);
  return normalised;
}

function decodePart(text: string, name: string, bytes?: number): Buffer {
  const buffer = Buffer.from(text, 'base64url');
  // Buffer.from ignores stray characters and unused trailing bits; insist on the canonical form so that every
  // change to the stored text is a change to the bytes, and therefore fails authentication.
  if (!BASE64URL.test(text) || buffer.toString('base64url') !== text) {
    throw new PiiCipherError(`PII value has a malformed ${name}`);
  }
  if (bytes !== undefined && buffer.length !== bytes) throw new PiiCipherError(`PII value has a malformed ${name}`);
  return buffer;
}

/**
 * AES-256-GCM for personal identifiers at rest, plus keyed blind indexes to find them.
 *
 * A stored value is one text: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The current key encrypts and
 * indexes; previous keys only decrypt, so that `npm run pii:rotate-key` can move every value to the current key.
 */
export class PiiCipher {
  readonly keyId: string;
  readonly #current: KeyMaterial;
  readonly #keys = new Map<string, KeyMaterial>();
  readonly #indexKeys = new Map<string, Buffer[]>();

  constructor(currentKey: string | Buffer, previousKeys: ReadonlyArray<string | Buffer> = []) {
    this.#current = derive(masterKey(currentKey, 'PII_ENCRYPTION_KEY'));
    this.keyId = this.#current.id;
    this.#keys.set(this.keyId, this.#current);
    for (const key of previousKeys) {
      const material = derive(masterKey(key, 'PII_ENCRYPTION_KEYS_PREVIOUS entry'));
      const known = this.#keys.get(material.id);
      // The current key repeated among the previous ones is harmless; two different keys with one id are not.
      if (known && !known.encryption.equals(material.encryption)) {
        throw new Error(`two different PII keys share the id ${material.id}; generate a new key`);
      }
      if (!known) this.#keys.set(material.id, material);
    }
  }

  static fromConfig(config: Pick<AppConfig, 'piiEncryptionKey' | 'piiEncryptionKeysPrevious'>): PiiCipher {
    if (!config.piiEncryptionKey) {
      throw new Error('PII_ENCRYPTION_KEY is not set (embedded mode fills it from DATA_DIR/secrets.json at start)');
    }
    return new PiiCipher(config.piiEncryptionKey, config.piiEncryptionKeysPrevious ?? []);
  }

  /** Ids of the keys that can still decrypt but no longer encrypt. */
  get previousKeyIds(): string[] {
    return [...this.#keys.keys()].filter((id) => id !== this.keyId);
  }

  encrypt(plaintext: string, context: string): string {
    const iv = this.#nextIv();
    const cipher = createCipheriv(ALGORITHM, this.#current.encryption, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(this.keyId, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return [VERSION, this.keyId, ...parts].join('.');
  }

  /** Throws {@link PiiCipherError} for a value that is malformed, altered, from another context or an unknown key. */
  decrypt(value: string, context: string): string {
    const parsed = parse(value);
    const key = this.#keys.get(parsed.keyId);
    if (!key) {
      const known = [this.keyId, ...this.previousKeyIds].join(', ');
      throw new PiiCipherError(
        `PII value is encrypted with key ${parsed.keyId}, which is neither PII_ENCRYPTION_KEY nor one of ` +
          `PII_ENCRYPTION_KEYS_PREVIOUS (known keys: ${known})`,
      );
    }
    const decipher = createDecipheriv(ALGORITHM, key.encryption, parsed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(parsed.keyId, context));
    decipher.setAuthTag(parsed.tag);
    try {
      return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new PiiCipherError(
        `PII value failed authentication: it was altered, or it belongs to another field than ${context}`,
      );
    }
  }

  /** The id of the key a stored value was encrypted with (no decryption, no check of the rest). */
  keyIdOf(value: string): string {
    return parse(value).keyId;
  }

  /** True when the stored value is on a key other than the current one and `pii:rotate-key` should rewrite it. */
  needsRotation(value: string): boolean {
    return this.keyIdOf(value) !== this.keyId;
  }

  /**
   * HMAC-SHA256 (hex, 64 characters) of the normalised value under the current key's index subkey for `context`.
   * One subkey per context, so equal numbers in two fields do not reveal themselves by equal indexes.
   */
  blindIndex(value: string, context: string): string {
    return hmac(this.#indexKeysFor(context)[0], normaliseForBlindIndex(value, context));
  }

  /**
   * The index under the current key first, then under each previous key. While a rotation is under way some rows
   * still carry an old-key index: lookups and duplicate checks must match any of these (`= ANY($1)`).
   */
  blindIndexes(value: string, context: string): string[] {
    const normalised = normaliseForBlindIndex(value, context);
    return this.#indexKeysFor(context).map((key) => hmac(key, normalised));
  }

  // Never let key material reach a log line or a JSON response through a stray serialisation of this object.
  toJSON(): { keyId: string; previousKeyIds: string[] } {
    return { keyId: this.keyId, previousKeyIds: this.previousKeyIds };
  }

  [inspect.custom](): string {
    return `PiiCipher ${JSON.stringify(this.toJSON())}`;
  }

  // A fresh random IV per value, as GCM requires; drawn from the CSPRNG 256 at a time, because one call per value
  // costs more than the encryption itself when a bulk import encrypts two numbers per row. Never reused: each IV
  // is a distinct slice, copied out, and the pool is refilled when spent.
  #ivPool = Buffer.alloc(0);
  #ivNext = 0;

  #nextIv(): Buffer {
    if (this.#ivNext + IV_BYTES > this.#ivPool.length) {
      this.#ivPool = randomBytes(IV_BYTES * 256);
      this.#ivNext = 0;
    }
    const iv = Buffer.from(this.#ivPool.subarray(this.#ivNext, this.#ivNext + IV_BYTES));
    this.#ivNext += IV_BYTES;
    return iv;
  }

  #indexKeysFor(context: string): Buffer[] {
    let keys = this.#indexKeys.get(context);
    if (!keys) {
      if (context.length === 0) throw new Error('a blind index needs a context');
      keys = [...this.#keys.values()].map((k) => hkdf(k.index, `${INFO_BLIND_INDEX}/${context}`));
      this.#indexKeys.set(context, keys);
    }
    return keys;
  }
}

// The version and key id are authenticated too, so a value cannot be relabelled as another version or key.
function aad(keyId: string, context: string): Buffer {
  if (context.length === 0) throw new Error('PII encryption needs a context (e.g. persons.nik)');
  return Buffer.from(`${VERSION}.${keyId}.${context}`, 'utf8');
}

function hmac(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

function parse(value: string): ParsedValue {
  const parts = typeof value === 'string' ? value.split('.') : [];
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new PiiCipherError('PII value is not in the v1.<keyId>.<iv>.<tag>.<ciphertext> format');
  }
  const [, keyId, iv, tag, ciphertext] = parts;
  if (!KEY_ID.test(keyId)) throw new PiiCipherError('PII value has a malformed key id');
  return {
    keyId,
    iv: decodePart(iv, 'IV', IV_BYTES),
    tag: decodePart(tag, 'authentication tag', TAG_BYTES),
    ciphertext: decodePart(ciphertext, 'ciphertext'),
  };
}
