import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/app-config';
import {
  assertNoInterruptedRotation,
  beginEmbeddedRotation,
  completeEmbeddedRotation,
  planEmbeddedRotation,
  readStoredSecrets,
} from './embedded-keys';
import { piiKeyId } from './pii-cipher';

describe('embedded key rotation (DATA_DIR/secrets.json)', () => {
  let dataDir: string;
  const original = { jwtSecret: 'j'.repeat(64), piiEncryptionKey: randomBytes(32).toString('base64') };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jejaring-pii-keys-'));
    writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify(original), { mode: 0o600 });
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const embeddedConfig = () => Object.assign(loadConfig({ DATA_DIR: dataDir }), original);

  it('stores the new key before it is used, then makes it current and retires the old one', () => {
    const started = beginEmbeddedRotation(dataDir);
    expect(started.resumed).toBe(false);
    expect(started.previousKeys).toEqual([original.piiEncryptionKey]);
    expect(started.currentKey).not.toBe(original.piiEncryptionKey);
    expect(readStoredSecrets(dataDir)).toMatchObject({ ...original, piiEncryptionKeyNext: started.currentKey });
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);

    completeEmbeddedRotation(dataDir, new Date('2026-01-02T03:04:05Z'));
    const done = readStoredSecrets(dataDir);
    expect(done).toEqual({
      jwtSecret: original.jwtSecret,
      piiEncryptionKey: started.currentKey,
      piiEncryptionKeysRetired: [
        {
          keyId: piiKeyId(original.piiEncryptionKey),
          key: original.piiEncryptionKey,
          retiredAt: '2026-01-02T03:04:05.000Z',
        },
      ],
    });
    expect(readdirSync(dataDir)).toEqual(['secrets.json']);
  });

  it('resumes an interrupted rotation with the key it had stored, never a third one', () => {
    const first = beginEmbeddedRotation(dataDir);
    const again = beginEmbeddedRotation(dataDir);
    expect(again).toEqual({ ...first, resumed: true });
    expect(planEmbeddedRotation(dataDir)).toEqual(again);
  });

  it('plans a dry run without writing', () => {
    const before = readFileSync(join(dataDir, 'secrets.json'), 'utf8');
    expect(planEmbeddedRotation(dataDir)).toEqual({
      currentKey: original.piiEncryptionKey,
      previousKeys: [],
      resumed: false,
    });
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).toBe(before);
  });

  it('keeps every retired key able to decrypt in a later rotation', () => {
    const first = beginEmbeddedRotation(dataDir);
    completeEmbeddedRotation(dataDir);
    const second = beginEmbeddedRotation(dataDir);
    expect(second.previousKeys).toEqual([first.currentKey, original.piiEncryptionKey]);
  });

  it('stops the service from starting on a half-rotated database, unless the environment gives the key', () => {
    expect(() => assertNoInterruptedRotation(embeddedConfig())).not.toThrow();
    beginEmbeddedRotation(dataDir);
    expect(() => assertNoInterruptedRotation(embeddedConfig())).toThrow(/interrupted.*pii:rotate-key/);
    const fromEnvironment = Object.assign(embeddedConfig(), { piiEncryptionKey: randomBytes(32).toString('base64') });
    expect(() => assertNoInterruptedRotation(fromEnvironment)).not.toThrow();
    completeEmbeddedRotation(dataDir);
    const restarted = Object.assign(embeddedConfig(), {
      piiEncryptionKey: readStoredSecrets(dataDir)?.piiEncryptionKey,
    });
    expect(() => assertNoInterruptedRotation(restarted)).not.toThrow();
  });

  it('says clearly when there is nothing to rotate', () => {
    rmSync(join(dataDir, 'secrets.json'));
    expect(() => beginEmbeddedRotation(dataDir)).toThrow(/secrets\.json does not exist/);
    expect(() => completeEmbeddedRotation(dataDir)).toThrow(/does not exist/);
    expect(() => assertNoInterruptedRotation(embeddedConfig())).not.toThrow();
  });

  it('refuses to complete a rotation that was never begun', () => {
    expect(() => completeEmbeddedRotation(dataDir)).toThrow(/no rotation under way/);
  });
});
