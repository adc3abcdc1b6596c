import { plainToInstance } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/**
 * The service's whole configuration, read once from the environment and validated at boot.
 * Property names are camelCase; {@link ENV_VARIABLES} maps each to its environment variable.
 */
export class AppConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  port: number = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  databaseUrl?: string;

  @IsString()
  @MinLength(1)
  dataDir: string = './.data';

  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'must be at least 10 characters long' })
  bootstrapAdminPassword?: string;

  /** Filled from DATA_DIR in embedded mode when not given; see `resolveSecrets`. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters long' })
  jwtSecret?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 random bytes encoded as base64 (44 characters)' })
  piiEncryptionKey?: string;

  /** Retired keys that still decrypt (never encrypt) while `npm run pii:rotate-key` moves values to the current one. */
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    each: true,
    message: 'must be a comma-separated list of keys, each 32 random bytes encoded as base64 (44 characters)',
  })
  piiEncryptionKeysPrevious: string[] = [];

  @IsBoolean()
  webhookAllowPrivate: boolean = false;

  /**
   * Whether this process runs the webhook worker (pg-boss). On by default; tests (NODE_ENV=test) run without it
   * unless they ask, and drive delivery with `WebhookDispatcher.runOnce()`. Only tests may turn it off, so that a
   * deployment cannot silently stop delivering.
   */
  @IsOptional()
  @IsBoolean()
  webhookWorker?: boolean;

  /** First retry delay of a failed webhook delivery; each next one doubles, capped at one hour. */
  @IsInt()
  @Min(1)
  @Max(3600)
  webhookRetryBaseSeconds: number = 30;

  /** Days finished webhook deliveries and published outbox events are kept (then a daily job deletes them). */
  @IsInt()
  @Min(7)
  @Max(3650)
  outboxRetentionDays: number = 90;

  /** Largest file an import accepts (docs/imports.md); a larger upload is refused with 413 while it streams. */
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  importMaxBytes: number = 50 * 1024 * 1024;

  /** Most data rows one import file may hold; a longer file stops with IMPORT_TOO_MANY_ROWS. */
  @IsInt()
  @Min(1)
  @Max(5_000_000)
  importMaxRows: number = 200_000;

  /** Days finished import jobs and their error reports are kept (then a daily job deletes them). */
  @IsInt()
  @Min(1)
  @Max(3650)
  importRetentionDays: number = 30;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  logLevel: LogLevel = 'info';

  @IsIn(NODE_ENVS, { message: `must be one of ${NODE_ENVS.join(', ')}` })
  nodeEnv: NodeEnv = 'development';

  /** Origins allowed by CORS; empty means CORS is off (same-origin and server-to-server callers only). */
  @IsString({ each: true })
  @Matches(/^(\*|https?:\/\/[^\s/]+)$/, {
    each: true,
    message: 'must be a list of origins like https://example.go.id, or *',
  })
  corsOrigins: string[] = [];

  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  bodyLimitBytes: number = 1024 * 1024;

  @IsBoolean()
  trustProxy: boolean = false;

  /**
   * The address the public reaches this service at, for absolute links printed on paper (survey QR codes).
   * Unset: taken from the request that asks for the QR code (its Host, and X-Forwarded-* when TRUST_PROXY).
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s?#/])?$/, {
    message:
      'must be an http(s) URL without a trailing slash, query or fragment, like https://jejaring.jatimprov.go.id',
  })
  publicBaseUrl?: string;

  /** After-care visits scheduled at a handover (DESIGN.md §4: monthly for 6 months by default). */
  @IsInt()
  @Min(1)
  @Max(60)
  caseFollowUpVisits: number = 6;

  @IsInt()
  @Min(1)
  @Max(12)
  caseFollowUpIntervalMonths: number = 1;

  /** Days a receiver has to answer a referral before it expires (DESIGN.md §4: 7 by default). */
  @IsInt()
  @Min(1)
  @Max(90)
  referralResponseDays: number = 7;

  /** Grants (docs/empowerment-grants.md): no other approved grant of a person within this many years; 0: off. */
  @IsInt()
  @Min(0)
  @Max(20)
  grantMinYearsBetween: number = 3;

  /** Grants: the person must have completed a training or state a skill. */
  @IsBoolean()
  grantRequireSkill: boolean = true;

  /** Training eligibility: a STABLE stability assessment dated within this many days (DOMAIN.md §7: 90). */
  @IsInt()
  @Min(1)
  @Max(730)
  trainingStabilityDays: number = 90;

  /** The HSDS feed (`/api/v1/hsds/...`) is the public partner directory; false requires a bearer token for it. */
  @IsBoolean()
  hsdsPublic: boolean = true;

  /** Business growth status (docs/empowerment-businesses.md): change of average net income that counts as growth. */
  @IsInt()
  @Min(1)
  @Max(1000)
  businessGrowthPercent: number = 10;

  /** …and the fall that counts as decline. */
  @IsInt()
  @Min(1)
  @Max(100)
  businessDeclinePercent: number = 10;

  /** Months (the current one and those before) that must hold BUSINESS_MIN_REPORTS reports. */
  @IsInt()
  @Min(2)
  @Max(24)
  businessGrowthWindowMonths: number = 6;

  /** Reports needed in that window, and the size of each compared group. */
  @IsInt()
  @Min(1)
  @Max(12)
  businessMinReports: number = 3;

  /** Graduation (MANDIRI): net income of at least this many Rupiah a month… */
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  graduationMinNetIncomeIdr: number = 1_500_000;

  /** …for this many consecutive months. */
  @IsInt()
  @Min(1)
  @Max(36)
  graduationMonths: number = 6;

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
  get embedded(): boolean {
    return !this.databaseUrl;
  }
  get runsWebhookWorker(): boolean {
    return this.webhookWorker ?? this.nodeEnv !== 'test';
  }
}

type Parser = 'string' | 'int' | 'bool' | 'list';

/** Environment variable → config property, and how its text is parsed. */
export const ENV_VARIABLES: ReadonlyArray<{ env: string; key: keyof AppConfig; parse: Parser }> = [
  { env: 'PORT', key: 'port', parse: 'int' },
  { env: 'DATABASE_URL', key: 'databaseUrl', parse: 'string' },
  { env: 'DATA_DIR', key: 'dataDir', parse: 'string' },
  { env: 'BOOTSTRAP_ADMIN_PASSWORD', key: 'bootstrapAdminPassword', parse: 'string' },
  { env: 'JWT_SECRET', key: 'jwtSecret', parse: 'string' },
  { env: 'PII_ENCRYPTION_KEY', key: 'piiEncryptionKey', parse: 'string' },
  { env: 'PII_ENCRYPTION_KEYS_PREVIOUS', key: 'piiEncryptionKeysPrevious', parse: 'list' },
  { env: 'WEBHOOK_ALLOW_PRIVATE', key: 'webhookAllowPrivate', parse: 'bool' },
  { env: 'WEBHOOK_WORKER', key: 'webhookWorker', parse: 'bool' },
  { env: 'OUTBOX_RETENTION_DAYS', key: 'outboxRetentionDays', parse: 'int' },
  { env: 'IMPORT_MAX_BYTES', key: 'importMaxBytes', parse: 'int' },
  { env: 'IMPORT_MAX_ROWS', key: 'importMaxRows', parse: 'int' },
  { env: 'IMPORT_RETENTION_DAYS', key: 'importRetentionDays', parse: 'int' },
  { env: 'WEBHOOK_RETRY_BASE_SECONDS', key: 'webhookRetryBaseSeconds', parse: 'int' },
  { env: 'LOG_LEVEL', key: 'logLevel', parse: 'string' },
  { env: 'NODE_ENV', key: 'nodeEnv', parse: 'string' },
  { env: 'CORS_ORIGINS', key: 'corsOrigins', parse: 'list' },
  { env: 'BODY_LIMIT_BYTES', key: 'bodyLimitBytes', parse: 'int' },
  { env: 'TRUST_PROXY', key: 'trustProxy', parse: 'bool' },
  { env: 'PUBLIC_BASE_URL', key: 'publicBaseUrl', parse: 'string' },
  { env: 'CASE_FOLLOW_UP_VISITS', key: 'caseFollowUpVisits', parse: 'int' },
  { env: 'CASE_FOLLOW_UP_INTERVAL_MONTHS', key: 'caseFollowUpIntervalMonths', parse: 'int' },
  { env: 'HSDS_PUBLIC', key: 'hsdsPublic', parse: 'bool' },
  { env: 'REFERRAL_RESPONSE_DAYS', key: 'referralResponseDays', parse: 'int' },
  { env: 'TRAINING_STABILITY_DAYS', key: 'trainingStabilityDays', parse: 'int' },
  { env: 'GRANT_MIN_YEARS_BETWEEN', key: 'grantMinYearsBetween', parse: 'int' },
  { env: 'GRANT_REQUIRE_SKILL', key: 'grantRequireSkill', parse: 'bool' },
  { env: 'BUSINESS_GROWTH_PERCENT', key: 'businessGrowthPercent', parse: 'int' },
  { env: 'BUSINESS_DECLINE_PERCENT', key: 'businessDeclinePercent', parse: 'int' },
  { env: 'BUSINESS_GROWTH_WINDOW_MONTHS', key: 'businessGrowthWindowMonths', parse: 'int' },
  { env: 'BUSINESS_MIN_REPORTS', key: 'businessMinReports', parse: 'int' },
  { env: 'GRADUATION_MIN_NET_INCOME_IDR', key: 'graduationMinNetIncomeIdr', parse: 'int' },
  { env: 'GRADUATION_MONTHS', key: 'graduationMonths', parse: 'int' },
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const BOOL_TEXT: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

/**
 * Reads and validates the configuration. Throws {@link ConfigError} naming each bad variable,
 * so that a misconfigured service stops at boot instead of failing on the first request.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const { env: name, key, parse } of ENV_VARIABLES) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    switch (parse) {
      case 'string':
        raw[key] = text;
        break;
      case 'int':
        if (!/^\d+$/.test(text.trim())) problems.push(`${name}: must be a whole number, got "${text}"`);
        else raw[key] = Number(text.trim());
        break;
      case 'bool': {
        const value = BOOL_TEXT[text.trim().toLowerCase()];
        if (value === undefined) problems.push(`${name}: must be true or false, got "${text}"`);
        else raw[key] = value;
        break;
      }
      case 'list':
        raw[key] = text
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
        break;
    }
  }
  const config = plainToInstance(AppConfig, raw);
  for (const error of validateSync(config, { forbidUnknownValues: true })) {
    const variable = ENV_VARIABLES.find((v) => v.key === error.property)?.env ?? error.property;
    problems.push(`${variable}: ${describe(error)}`);
  }
  if (config.databaseUrl) {
    // Outside embedded mode secrets cannot be generated for the operator: a second node would get other ones.
    if (!config.jwtSecret) problems.push('JWT_SECRET: is required when DATABASE_URL is set');
    if (!config.piiEncryptionKey) problems.push('PII_ENCRYPTION_KEY: is required when DATABASE_URL is set');
  }
  if (config.webhookWorker === false && config.nodeEnv !== 'test') {
    problems.push('WEBHOOK_WORKER: may only be false when NODE_ENV=test (webhooks would never be delivered)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function describe(error: ValidationError): string {
  // class-validator's messages start with the property name; the variable name already says which one.
  return Object.values(error.constraints ?? {})
    .map((m) => m.replace(new RegExp(`^${error.property} `), ''))
    .join('; ');
}
