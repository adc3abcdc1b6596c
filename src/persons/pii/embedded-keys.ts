import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { piiKeyId } from './pii-cipher';

/**
 * `DATA_DIR/secrets.json` as written by `resolveSecrets`, plus what a key rotation adds to it. Fields this module
 * does not know (the JWT secret, anything added later) are carried over untouched.
 */
export interface StoredPiiSecrets {
  piiEncryptionKey: string;
  /** The key an unfinished rotation is moving values to; present only between its start and its end. */
  piiEncryptionKeyNext?: string;
  /** Keys rotated away from, kept so that a backup taken before a rotation can still be read. */
  piiEncryptionKeysRetired?: Array<{ keyId: string; key: string; retiredAt: string }>;
  [other: string]: unknown;
}

export interface EmbeddedRotationKeys {
  /** The key values are moved to. */
  currentKey: string;
  /** Keys values may still be on: the stored key and any retired one. */
  previousKeys: string[];
  /** True when an interrupted rotation is being resumed with the key it had already stored. */
  resumed: boolean;
}

export function secretsPath(dataDir: string): string {
  return join(dataDir, 'secrets.json');
}

export function readStoredSecrets(dataDir: string): StoredPiiSecrets | undefined {
  const file = secretsPath(dataDir);
  if (!existsSync(file)) return undefined;
  const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredPiiSecrets;
  if (typeof stored.piiEncryptionKey !== 'string') throw new Error(`${file} holds no piiEncryptionKey`);
  return stored;
}

/**
 * Plans a rotation of the generated key without writing anything: what `--dry-run` checks against.
 * An unfinished rotation is continued, otherwise the current key stays current.
 */
export function planEmbeddedRotation(dataDir: string): EmbeddedRotationKeys {
  const stored = requireSecrets(dataDir);
  const currentKey = stored.piiEncryptionKeyNext ?? stored.piiEncryptionKey;
  return {
    currentKey,
    previousKeys: previousKeysOf(stored, currentKey),
    resumed: currentKey !== stored.piiEncryptionKey,
  };
}

/**
 * Starts (or resumes) a rotation of the key kept in secrets.json. The new key is written to disk, durably,
 * before the first value is encrypted with it: a crash at any point then leaves every value readable.
 */
export function beginEmbeddedRotation(dataDir: string): EmbeddedRotationKeys {
  const stored = requireSecrets(dataDir);
  if (stored.piiEncryptionKeyNext) {
    const currentKey = stored.piiEncryptionKeyNext;
    return { currentKey, previousKeys: previousKeysOf(stored, currentKey), resumed: true };
  }
  const next = randomBytes(32).toString('base64');
  writeSecrets(dataDir, { ...stored, piiEncryptionKeyNext: next });
  return { currentKey: next, previousKeys: previousKeysOf(stored, next), resumed: false };
}

/** Called once every value is on the new key: makes it the key the service starts with, and retires the old one. */
export function completeEmbeddedRotation(dataDir: string, now: Date = new Date()): void {
  const stored = requireSecrets(dataDir);
  const next = stored.piiEncryptionKeyNext;
  if (!next) throw new Error(`${secretsPath(dataDir)} records no rotation under way`);
  const { piiEncryptionKeyNext: _done, ...rest } = stored;
  const retired = [
    ...(stored.piiEncryptionKeysRetired ?? []),
    { keyId: piiKeyId(stored.piiEncryptionKey), key: stored.piiEncryptionKey, retiredAt: now.toISOString() },
  ];
  writeSecrets(dataDir, { ...rest, piiEncryptionKey: next, piiEncryptionKeysRetired: retired });
}

/**
 * Refuses to start the service on a half-rotated embedded database: secrets.json still names the old key as
 * current, and values already moved to the new one would be unreadable and unfindable. The fix is to run the
 * rotation again, which resumes where it stopped.
 */
export function assertNoInterruptedRotation(
  config: Pick<AppConfig, 'embedded' | 'dataDir' | 'piiEncryptionKey'>,
): void {
  if (!config.embedded) return;
  const stored = readStoredSecrets(config.dataDir);
  // A key given in the environment overrides secrets.json: the operator manages the keys, not this file.
  if (!stored?.piiEncryptionKeyNext || stored.piiEncryptionKey !== config.piiEncryptionKey) return;
  throw new Error(
    `A PII key rotation was interrupted (${secretsPath(config.dataDir)} holds piiEncryptionKeyNext). ` +
      'Run `npm run pii:rotate-key` again with the service stopped; it resumes where it stopped.',
  );
}

function requireSecrets(dataDir: string): StoredPiiSecrets {
  const stored = readStoredSecrets(dataDir);
  if (!stored) {
    throw new Error(
      `${secretsPath(dataDir)} does not exist: there is no generated PII key to rotate under this DATA_DIR ` +
        '(set DATA_DIR, or DATABASE_URL with PII_ENCRYPTION_KEY and PII_ENCRYPTION_KEYS_PREVIOUS)',
    );
  }
  return stored;
}

function previousKeysOf(stored: StoredPiiSecrets, currentKey: string): string[] {
  const keys = [stored.piiEncryptionKey, ...(stored.piiEncryptionKeysRetired ?? []).map((r) => r.key)];
  return keys.filter((key) => key !== currentKey);
}

// Write a sibling file and rename it over the old one: a crash leaves either the old or the new file, never half
// of one, and the rename is only done once the bytes are on disk.
function writeSecrets(dataDir: string, secrets: StoredPiiSecrets): void {
  const file = secretsPath(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  const fd = openSync(temporary, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  // Make the rename itself durable; not every platform lets a directory be opened for this.
  try {
    const dir = openSync(dataDir, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // best effort
  }
}
