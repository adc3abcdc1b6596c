import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createFileDatabase } from '../setup/test-database';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  config: AppConfig;
  databaseUrl: string;
  /** A direct connection for assertions on what was (not) written. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Requests answered 5xx so far; `close()` fails the file if any. */
  serverErrors: string[];
  close(): Promise<void>;
}

/** Boots the real application (same factory as main.ts) on a fresh copy of the migrated database. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createFileDatabase();
  const config = loadConfig({
    DATABASE_URL: database.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ...env,
  });
  // The suite-wide promise: no request, however malformed, gets a 5xx (503 from readiness aside).
  const serverErrors: string[] = [];
  const app = await createApp(
    config,
    database.url,
    pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    (fastify) => {
      fastify.addHook('onResponse', async (request, reply) => {
        if (reply.statusCode >= 500 && reply.statusCode !== 503)
          serverErrors.push(`${request.method} ${request.url} → ${reply.statusCode}`);
      });
    },
  );
  const client = new Client({ connectionString: database.url });
  await client.connect();
  return {
    app,
    http: request(app.getHttpServer()),
    config,
    databaseUrl: database.url,
    sql: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    serverErrors,
    close: async () => {
      await client.end();
      await app.close();
      await database.drop();
      if (serverErrors.length > 0)
        throw new Error(`Requests answered with a server error:\n${serverErrors.join('\n')}`);
    },
  };
}
