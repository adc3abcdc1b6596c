import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from './app-config';

interface StoredSecrets {
  jwtSecret: string;
  piiEncryptionKey: string;
}

/**
 * In embedded mode the secrets a developer did not set are generated once and kept under DATA_DIR (mode 0600),
 * so that tokens and encrypted data survive a restart. Outside embedded mode `loadConfig` already demanded them.
 */
export function resolveSecrets(config: AppConfig): AppConfig & { jwtSecret: string; piiEncryptionKey: string } {
  if (config.jwtSecret && config.piiEncryptionKey) {
    return config as AppConfig & { jwtSecret: string; piiEncryptionKey: string };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'secrets.json');
  let stored: StoredSecrets;
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
  } else {
    stored = {
      jwtSecret: randomBytes(48).toString('base64url'),
      piiEncryptionKey: randomBytes(32).toString('base64'),
    };
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  config.jwtSecret ??= stored.jwtSecret;
  config.piiEncryptionKey ??= stored.piiEncryptionKey;
  return config as AppConfig & { jwtSecret: string; piiEncryptionKey: string };
}
