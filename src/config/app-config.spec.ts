import { randomBytes } from 'node:crypto';
import { AppConfig, ConfigError, ENV_VARIABLES, loadConfig } from './app-config';

/** Runs loadConfig and returns the ConfigError it throws (fails the test if it does not throw one). */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

const SERVER = {
  DATABASE_URL: 'postgresql://jejaring:secret@db.internal:5432/jejaring',
  JWT_SECRET: 'x'.repeat(32),
  PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment (embedded mode)', () => {
    const config = loadConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect(config).toMatchObject({
      port: 3000,
      dataDir: './.data',
      webhookAllowPrivate: false,
      logLevel: 'info',
      nodeEnv: 'development',
      corsOrigins: [],
      bodyLimitBytes: 1024 * 1024,
      trustProxy: false,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.jwtSecret).toBeUndefined();
    expect(config.piiEncryptionKey).toBeUndefined();
    expect(config.bootstrapAdminPassword).toBeUndefined();
    expect(config.embedded).toBe(true);
    expect(config.isProduction).toBe(false);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '', DATABASE_URL: '' }).port).toBe(3000);
  });

  it('reads every variable it knows', () => {
    const config = loadConfig({
      ...SERVER,
      PORT: '8080',
      DATA_DIR: '/var/lib/jejaring',
      BOOTSTRAP_ADMIN_PASSWORD: 'a-long-enough-password',
      WEBHOOK_ALLOW_PRIVATE: 'yes',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      CORS_ORIGINS: 'https://sidaya.jatimprov.go.id, http://localhost:5173',
      BODY_LIMIT_BYTES: '2048',
      TRUST_PROXY: 'true',
      PUBLIC_BASE_URL: 'https://jejaring.jatimprov.go.id/layanan',
      OUTBOX_RETENTION_DAYS: '30',
      IMPORT_MAX_BYTES: '1048576',
      IMPORT_MAX_ROWS: '1000',
      IMPORT_RETENTION_DAYS: '7',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: SERVER.DATABASE_URL,
      dataDir: '/var/lib/jejaring',
      bootstrapAdminPassword: 'a-long-enough-password',
      jwtSecret: SERVER.JWT_SECRET,
      piiEncryptionKey: SERVER.PII_ENCRYPTION_KEY,
      webhookAllowPrivate: true,
      logLevel: 'debug',
      nodeEnv: 'production',
      corsOrigins: ['https://sidaya.jatimprov.go.id', 'http://localhost:5173'],
      bodyLimitBytes: 2048,
      trustProxy: true,
      publicBaseUrl: 'https://jejaring.jatimprov.go.id/layanan',
      outboxRetentionDays: 30,
      importMaxBytes: 1048576,
      importMaxRows: 1000,
      importRetentionDays: 7,
    });
    expect(config.embedded).toBe(false);
    expect(config.isProduction).toBe(true);
  });

  it('maps every config property to exactly one environment variable', () => {
    const envs = ENV_VARIABLES.map((v) => v.env);
    const keys = ENV_VARIABLES.map((v) => v.key);
    expect(new Set(envs).size).toBe(envs.length);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each<[string, NodeJS.ProcessEnv]>([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['NODE_ENV', { NODE_ENV: 'prod' }],
    ['JWT_SECRET', { JWT_SECRET: 'too-short' }],
    ['PII_ENCRYPTION_KEY', { PII_ENCRYPTION_KEY: randomBytes(16).toString('base64') }],
    ['PII_ENCRYPTION_KEY', { PII_ENCRYPTION_KEY: 'not base64 at all!' }],
    ['BOOTSTRAP_ADMIN_PASSWORD', { BOOTSTRAP_ADMIN_PASSWORD: 'short' }],
    ['DATABASE_URL', { ...SERVER, DATABASE_URL: 'mysql://root@localhost/jejaring' }],
    ['WEBHOOK_ALLOW_PRIVATE', { WEBHOOK_ALLOW_PRIVATE: 'maybe' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: 'ftp://x' }],
    ['BODY_LIMIT_BYTES', { BODY_LIMIT_BYTES: '10' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'sometimes' }],
    ['OUTBOX_RETENTION_DAYS', { OUTBOX_RETENTION_DAYS: '3' }],
    ['OUTBOX_RETENTION_DAYS', { OUTBOX_RETENTION_DAYS: 'forever' }],
    ['IMPORT_MAX_BYTES', { IMPORT_MAX_BYTES: '10' }],
    ['IMPORT_MAX_BYTES', { IMPORT_MAX_BYTES: '2147483648' }],
    ['IMPORT_MAX_ROWS', { IMPORT_MAX_ROWS: '0' }],
    ['IMPORT_RETENTION_DAYS', { IMPORT_RETENTION_DAYS: 'never' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'jejaring.jatimprov.go.id' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'https://jejaring.jatimprov.go.id/' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'https://jejaring.jatimprov.go.id/?x=1' }],
  ])('refuses a bad %s and names it', (variable, env) => {
    const error = configError(env);
    expect(error.message).toContain(variable);
    expect(error.problems.some((p) => p.startsWith(`${variable}: `))).toBe(true);
  });

  it('says what is wrong, not only which variable', () => {
    expect(configError({ PORT: '70000' }).message).toMatch(/PORT: .*65535/);
    expect(configError({ LOG_LEVEL: 'loud' }).message).toMatch(/LOG_LEVEL: must be one of fatal, error, warn, info/);
    expect(configError({ JWT_SECRET: 'short' }).message).toMatch(/JWT_SECRET: must be at least 32 characters/);
  });

  it('requires JWT_SECRET and PII_ENCRYPTION_KEY when DATABASE_URL is set', () => {
    const error = configError({ DATABASE_URL: SERVER.DATABASE_URL });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'JWT_SECRET: is required when DATABASE_URL is set',
        'PII_ENCRYPTION_KEY: is required when DATABASE_URL is set',
      ]),
    );
    expect(configError({ DATABASE_URL: SERVER.DATABASE_URL, JWT_SECRET: SERVER.JWT_SECRET }).message).toContain(
      'PII_ENCRYPTION_KEY',
    );
    expect(() => loadConfig(SERVER)).not.toThrow();
  });

  it('reports every bad variable at once', () => {
    const error = configError({ PORT: 'abc', LOG_LEVEL: 'loud', NODE_ENV: 'prod' });
    expect(error.problems).toHaveLength(3);
  });

  it('reads PII_ENCRYPTION_KEYS_PREVIOUS as a comma-separated list of keys, empty by default', () => {
    const previous = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    expect(loadConfig({}).piiEncryptionKeysPrevious).toEqual([]);
    expect(
      loadConfig({ PII_ENCRYPTION_KEYS_PREVIOUS: ` ${previous[0]} ,${previous[1]},` }).piiEncryptionKeysPrevious,
    ).toEqual(previous);
  });

  it.each([
    ['a key too short', randomBytes(16).toString('base64')],
    ['one bad key among good ones', `${randomBytes(32).toString('base64')},not-a-key`],
  ])('refuses PII_ENCRYPTION_KEYS_PREVIOUS with %s and names it', (_case, value) => {
    const error = configError({ PII_ENCRYPTION_KEYS_PREVIOUS: value });
    expect(error.problems).toEqual([
      'PII_ENCRYPTION_KEYS_PREVIOUS: must be a comma-separated list of keys, each 32 random bytes encoded as base64 (44 characters)',
    ]);
  });
});
