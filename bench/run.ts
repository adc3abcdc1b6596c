import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../src/database/embedded-postgres';
import { discoverAnalyticsQueries } from './analytics';
import { BenchmarkName, BenchOptions, isFullRun, parseArgs, selected, USAGE, UsageError } from './args';
import { countDataSet, openDatabase, postgresVersion, prepareDatabase } from './database';
import { BENCH_PASSWORD, BenchFixtures, BenchUser, prepareFixtures, prepareGrants, prepareReferrals } from './fixtures';
import { FloorCaller } from './floor-sql';
import { runImport } from './import-bench';
import { BenchRequest, EXHAUSTED_PATH, LoadSpec, probe, runLoad } from './load';
import { describeMachine } from './machine';
import type { LoadResult, RunReport } from './model';
import { ServerProcess, sleep, startServer } from './processes';
import { mergeIntoDocument, renderResults } from './report';
import { SERVICE_NODE_ARGS } from './service-node-args';
import { formatMs, formatRate } from './stats';
import { syntheticPeople } from './synthetic';
import { checkTargets } from './targets';

const ROOT = process.cwd();
const DATA_DIR = resolve(process.env.BENCH_DATA_DIR ?? join(ROOT, '.data', 'bench'));
const DOC = join(ROOT, 'docs', 'benchmarks.md');
/** Write benchmarks are given this many fresh targets per second of load: more than this machine class can take. */
const TARGETS_PER_SECOND = 1500;

function log(line: string): void {
  process.stdout.write(`[bench] ${line}\n`);
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  if (!existsSync(join(ROOT, 'dist/src/main.js')))
    throw new Error('dist/src/main.js is missing: run `npm run build` first');
  mkdirSync(join(DATA_DIR, 'logs'), { recursive: true });

  const opened = await openDatabase(DATA_DIR);
  const servers: ServerProcess[] = [];
  const stopAll = async () => {
    for (const server of servers.splice(0).reverse()) await server.stop().catch(() => undefined);
    await opened.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    log(
      `database: ${opened.embedded ? `embedded PostgreSQL under ${DATA_DIR}/pg` : 'BENCH_DATABASE_URL / DATABASE_URL'}`,
    );
    const db = await prepareDatabase(opened, options.scale, options.seed, options.reseed, log);
    const fixtures = await prepareFixtures(db.url, options.seed);
    const dataSet = await countDataSet(db.url);
    log(
      `data set: ${Object.entries(dataSet)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}`,
    );
    const report: RunReport = {
      machine: describeMachine(await postgresVersion(db.url)),
      settings: {
        scale: options.scale,
        seed: options.seed,
        connections: options.connections,
        analyticsConnections: options.analyticsConnections,
        durationSeconds: options.durationSeconds,
        warmupSeconds: options.warmupSeconds,
        dataSet,
        only: options.only,
      },
      loads: [],
      importResult: null,
      skipped: [],
    };

    const servicePort = await freePort();
    const service = await startServer({
      name: 'service',
      script: join(ROOT, 'dist/src/main.js'),
      nodeArgs: [
        ...SERVICE_NODE_ARGS,
        ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(DATA_DIR, 'profiles')}`] : []),
      ],
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        JWT_SECRET: db.jwtSecret,
        PII_ENCRYPTION_KEY: db.piiEncryptionKey,
        PORT: String(servicePort),
        // Per-request info logs would measure pino writing to a pipe; warnings and errors are still logged.
        LOG_LEVEL: 'warn',
        // The login benchmark gives each request its own X-Forwarded-For, as clients behind a proxy would have:
        // the per-IP login limit (30 a minute) is a defence to keep, not a figure to measure.
        TRUST_PROXY: 'true',
      },
      port: servicePort,
      readyPath: '/health/ready',
      logFile: join(DATA_DIR, 'logs', 'service.log'),
    });
    servers.push(service);
    log(`service (production build) ready on ${service.baseUrl}, pid ${service.pid}`);
    await waitForAnalyticsSnapshot(db.url);

    const readsSelected = (['person-get', 'person-list-first', 'person-list-deep'] as const).some((n) =>
      selected(options, n),
    );
    let floor: ServerProcess | undefined;
    if (readsSelected) {
      const floorPort = await freePort();
      const caller: FloorCaller = {
        userId: fixtures.regencyOperator.id,
        username: fixtures.regencyOperator.username,
        organizationId: fixtures.regencyOperator.organizationId,
        regencyCode: '3578',
        role: fixtures.regencyOperator.role,
      };
      floor = await startServer({
        name: 'floor',
        script: join(ROOT, 'dist/bench/floor-server.js'),
        env: {
          DATABASE_URL: db.url,
          PORT: String(floorPort),
          FLOOR_CALLER: JSON.stringify(caller),
          FLOOR_POOL_SIZE: '20',
        },
        port: floorPort,
        readyPath: '/health',
        logFile: join(DATA_DIR, 'logs', 'floor.log'),
      });
      servers.push(floor);
    }

    const tokens = new Tokens(service.baseUrl);
    const bench = new Bench(options, report, service, floor, fixtures, tokens, db.url);
    await bench.runAll();

    for (const server of servers.splice(0).reverse()) await server.stop();
    printSummary(report);
    writeFileSync(join(DATA_DIR, 'results.json'), JSON.stringify(report, null, 2));
    const markdown = renderResults(report);
    writeFileSync(join(DATA_DIR, 'results.md'), `${markdown}\n`);
    if (isFullRun(options) || options.writeDoc) {
      const existing = existsSync(DOC) ? readFileSync(DOC, 'utf8') : null;
      writeFileSync(DOC, mergeIntoDocument(existing, markdown));
      log(`wrote ${DOC}`);
    } else {
      log(
        `partial run: results in ${join(DATA_DIR, 'results.md')} (docs/benchmarks.md is left as it is; --write-doc to write it)`,
      );
    }
  } finally {
    await stopAll();
  }
}

/** Access tokens of the bench users, logged in again before they expire (15 minutes). */
class Tokens {
  private readonly cache = new Map<string, { token: string; at: number }>();
  private logins = 0;

  constructor(private readonly baseUrl: string) {}

  async bearer(user: BenchUser): Promise<string> {
    const cached = this.cache.get(user.username);
    if (cached && Date.now() - cached.at < 10 * 60_000) return `Bearer ${cached.token}`;
    const body = (await probe(
      this.baseUrl,
      {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.255.0.${(this.logins++ % 250) + 1}` },
        body: JSON.stringify({ username: user.username, password: BENCH_PASSWORD }),
      },
      `log in as ${user.username}`,
    )) as { access_token: string };
    this.cache.set(user.username, { token: body.access_token, at: Date.now() });
    return `Bearer ${body.access_token}`;
  }
}

class Bench {
  constructor(
    private readonly options: BenchOptions,
    private readonly report: RunReport,
    private readonly service: ServerProcess,
    private readonly floor: ServerProcess | undefined,
    private readonly fixtures: BenchFixtures,
    private readonly tokens: Tokens,
    private readonly databaseUrl: string,
  ) {}

  async runAll(): Promise<void> {
    if (this.selected('login')) await this.login();
    if (this.selected('person-get')) await this.personGet();
    if (this.selected('person-list-first'))
      await this.personList('person-list-first', 'List persons, first page', null);
    if (this.selected('person-list-deep')) {
      await this.personList('person-list-deep', 'List persons, deep cursor page', this.fixtures.deepCursor);
    }
    if (this.selected('person-create')) await this.personCreate();
    if (this.selected('referral-accept')) await this.referralAccept();
    if (this.selected('grant-approve')) await this.grantApprove();
    if (this.selected('analytics')) await this.analytics();
    if (this.selected('import')) await this.importPersons();
  }

  private selected(name: BenchmarkName): boolean {
    return selected(this.options, name);
  }

  private async login(): Promise<void> {
    const users = this.fixtures.loginUsers;
    let n = 0;
    await this.measure('login', 'Login (username + password)', this.service, () => {
      const i = n++;
      return {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: {
          'content-type': 'application/json',
          // A client address of its own per request (10.0.0.0/8): see the TRUST_PROXY note where the service starts.
          'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        },
        body: JSON.stringify({ username: users[i % users.length], password: BENCH_PASSWORD }),
      };
    });
  }

  private async personGet(): Promise<void> {
    const ids = this.fixtures.personIds;
    for (const server of this.servers()) {
      const auth = await this.tokens.bearer(this.fixtures.regencyOperator);
      let n = 0;
      await this.measure('person-get', 'Get person by id', server, () => ({
        method: 'GET',
        path: `/api/v1/persons/${ids[n++ % ids.length]}`,
        headers: { authorization: auth },
      }));
    }
  }

  private async personList(name: BenchmarkName, label: string, cursor: string | null): Promise<void> {
    const path = cursor ? `/api/v1/persons?cursor=${cursor}` : '/api/v1/persons';
    for (const server of this.servers()) {
      const auth = await this.tokens.bearer(this.fixtures.regencyOperator);
      await this.measure(name, label, server, () => ({ method: 'GET', path, headers: { authorization: auth } }));
    }
  }

  private async personCreate(): Promise<void> {
    const people = syntheticPeople(this.options.seed, this.fixtures.villages, this.targetCount());
    const auth = await this.tokens.bearer(this.fixtures.regencyOperator);
    let n = 0;
    await this.measure('person-create', 'Create person', this.service, () => {
      const person = people[n++];
      if (!person) return exhausted();
      return {
        method: 'POST',
        path: '/api/v1/persons',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          fullName: person.fullName,
          sex: person.sex,
          birthDate: person.birthDate,
          ...(person.nik ? { nik: person.nik } : {}),
          domicile: { villageCode: person.villageCode },
          phone: person.phone,
        }),
      };
    });
  }

  private async referralAccept(): Promise<void> {
    const ids = await prepareReferrals(this.databaseUrl, this.fixtures.partner, this.targetCount(), this.options.seed);
    const auth = await this.tokens.bearer(this.fixtures.partner);
    let n = 0;
    await this.measure('referral-accept', 'Referral accept', this.service, () => {
      const id = ids[n++];
      if (!id) return exhausted();
      return {
        method: 'POST',
        path: `/api/v1/referrals/${id}/accept`,
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: '{}',
      };
    });
  }

  private async grantApprove(): Promise<void> {
    const ids = await prepareGrants(this.databaseUrl, this.targetCount(), this.options.seed);
    const auth = await this.tokens.bearer(this.fixtures.officer);
    let n = 0;
    await this.measure('grant-approve', 'Grant approve', this.service, () => {
      const id = ids[n++];
      if (!id) return exhausted();
      return {
        method: 'POST',
        path: `/api/v1/grants/${id}/approve`,
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ criteriaOverrideReason: 'Benchmark on synthetic data' }),
      };
    });
  }

  private async analytics(): Promise<void> {
    const queries = discoverAnalyticsQueries(join(ROOT, 'docs', 'analytics-queries'));
    if (queries.length === 0) {
      this.report.skipped.push({ name: 'analytics', reason: 'no docs/analytics-queries/*.graphql found' });
      log('analytics: no docs/analytics-queries/*.graphql found, skipped');
      return;
    }
    for (const query of queries) {
      const auth = await this.tokens.bearer(this.fixtures.analyst);
      const request: BenchRequest = {
        method: 'POST',
        path: '/graphql',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ query: query.document, variables: query.variables }),
      };
      // GraphQL answers 200 with errors[] too: the probe insists on an answer without errors.
      const answer = (await probe(this.service.baseUrl, request, `analytics ${query.file}`)) as { errors?: unknown[] };
      if (answer.errors && answer.errors.length > 0) {
        this.report.skipped.push({
          name: `analytics:${query.name}`,
          reason: `answers errors: ${JSON.stringify(answer.errors).slice(0, 300)}`,
        });
        log(`analytics ${query.file}: answers errors, skipped`);
        continue;
      }
      await this.measure(`analytics:${query.name}`, `${query.name} (${query.file})`, this.service, () => request, {
        connections: this.options.analyticsConnections,
        probe: false,
      });
    }
  }

  private async importPersons(): Promise<void> {
    const auth = await this.tokens.bearer(this.fixtures.importer);
    log(`import: ${this.options.importRows} rows of persons`);
    const result = await runImport({
      baseUrl: this.service.baseUrl,
      authorization: auth,
      pid: this.service.pid,
      rows: this.options.importRows,
      seed: this.options.seed,
      villages: this.fixtures.villages,
      workDir: DATA_DIR,
      log,
    });
    if ('skipped' in result) {
      this.report.skipped.push({ name: 'import', reason: result.skipped });
      log(`import: skipped (${result.skipped})`);
      return;
    }
    this.report.importResult = result;
    log(
      `import: ${result.rows} rows in ${result.seconds.toFixed(1)} s = ${formatRate(result.rowsPerSecond)} rows/s, ` +
        `peak RSS ${Math.round(result.peakRssBytes / 1048576)} MB, status ${result.status}`,
    );
  }

  private servers(): ServerProcess[] {
    return this.floor ? [this.service, this.floor] : [this.service];
  }

  private targetCount(): number {
    return TARGETS_PER_SECOND * (this.options.durationSeconds + this.options.warmupSeconds) + 10;
  }

  private async measure(
    name: string,
    label: string,
    server: ServerProcess,
    next: () => BenchRequest,
    overrides: { connections?: number; probe?: boolean } = {},
  ): Promise<LoadResult> {
    const which = server === this.service ? 'service' : 'floor';
    // One request first: it must answer 2xx, or the benchmark is misconfigured and its figures would be noise.
    if (overrides.probe !== false) await probe(server.baseUrl, next(), `${name} (${which})`);
    const spec: LoadSpec = {
      name,
      label,
      server: which,
      baseUrl: server.baseUrl,
      connections: overrides.connections ?? this.options.connections,
      durationSeconds: this.options.durationSeconds,
      warmupSeconds: this.options.warmupSeconds,
      next,
    };
    log(
      `${name} (${which}): ${spec.connections} connections, ${spec.warmupSeconds} s warm-up + ${spec.durationSeconds} s`,
    );
    const result = await runLoad(spec);
    this.report.loads.push(result);
    log(
      `${name} (${which}): ${formatRate(result.throughput)} req/s, p50 ${formatMs(result.latency.p50)} ms, ` +
        `p95 ${formatMs(result.latency.p95)} ms, p99 ${formatMs(result.latency.p99)} ms` +
        (Object.keys(result.otherStatuses).length > 0 ? `, other answers ${JSON.stringify(result.otherStatuses)}` : ''),
    );
    // Let the background work of the last load (audit sealing, webhook jobs) settle before the next one.
    await sleep(2000);
    return result;
  }
}

/**
 * A service started on a data set whose analytics snapshot is missing or stale rebuilds it in the background
 * (BusinessStatusRefresher: a minute or two at province scale, on one core): measuring meanwhile would time the
 * rebuild as much as the requests, and the reports that read the snapshot would answer from an empty one.
 */
async function waitForAnalyticsSnapshot(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = Date.now();
    let said = false;
    for (;;) {
      const { rows } = await client.query<{ fresh: boolean }>(
        `SELECT coalesce(bool_or(refreshed_at > now() - interval '24 hours'), false) AS fresh
         FROM analytics_refreshes WHERE name = 'business_status'`,
      );
      if (rows[0].fresh) break;
      if (Date.now() - started > 20 * 60_000) throw new Error('the analytics snapshot was not rebuilt in 20 minutes');
      if (!said) log('waiting for the service to rebuild the analytics snapshot (stale or missing)');
      said = true;
      await sleep(2000);
    }
    if (said) log(`analytics snapshot rebuilt in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await client.end();
  }
}

function exhausted(): BenchRequest {
  return { method: 'GET', path: EXHAUSTED_PATH };
}

function printSummary(report: RunReport): void {
  log('targets:');
  for (const check of checkTargets(report)) {
    log(`  ${check.met === null ? 'not run' : check.met ? 'MET    ' : 'MISSED '} ${check.target}: ${check.measured}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
