import { createHash } from 'node:crypto';

/** Namespace of Jejaring's name-based ids (a random UUID fixed once). */
export const JEJARING_NAMESPACE = 'b3f7c1de-2a4e-4f0b-9d6a-5c8e1f2a7b90';

/**
 * RFC 9562 version-5 (SHA-1, name-based) UUID. Seeded records get ids derived from a stable name, so every
 * installation and every test knows, for example, the id of the regency office of Kota Kediri.
 */
export function uuidV5(name: string, namespace: string = JEJARING_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of a seeded organisation, from its code (e.g. `DINSOS-3571`). */
export function seededOrganizationId(code: string): string {
  return uuidV5(`organization:${code}`);
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a path parameter can be an id at all. Services check it before querying, so a malformed id is answered
 * like a missing record (404) without sending PostgreSQL a value it would reject.
 */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
