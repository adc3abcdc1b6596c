/** Command line of `npm run bench -- [options]`. Pure: unit-tested. */

export const BENCHMARKS = [
  'login',
  'person-get',
  'person-list-first',
  'person-list-deep',
  'person-create',
  'referral-accept',
  'grant-approve',
  'analytics',
  'import',
] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export const SCALES = ['small', 'province'] as const;
export type Scale = (typeof SCALES)[number];

export interface BenchOptions {
  scale: Scale;
  seed: number;
  /** null: every benchmark. */
  only: BenchmarkName[] | null;
  connections: number;
  /** Analytics reports are measured at their own concurrency: see docs/benchmarks.md. */
  analyticsConnections: number;
  durationSeconds: number;
  warmupSeconds: number;
  importRows: number;
  /** Write docs/benchmarks.md even for a partial run (otherwise only a full province run writes it). */
  writeDoc: boolean;
  /** Seed again even if the bench database holds the same scale and seed. */
  reseed: boolean;
  /** Start the service with --cpu-prof; profiles land in the bench data directory. */
  profile: boolean;
}

export const DEFAULTS: BenchOptions = {
  scale: 'province',
  seed: 1,
  only: null,
  connections: 32,
  analyticsConnections: 1,
  durationSeconds: 15,
  warmupSeconds: 5,
  importRows: 100_000,
  writeDoc: false,
  reseed: false,
  profile: false,
};

export const USAGE = `Usage: npm run bench -- [options]

  --scale small|province   data set to measure (default province; small for a quick run)
  --seed N                 seed of the synthetic data set (default ${DEFAULTS.seed})
  --only a,b               only these benchmarks: ${BENCHMARKS.join(', ')}
  --connections N          concurrent connections of the REST benchmarks (default ${DEFAULTS.connections})
  --analytics-connections N  concurrent connections of the analytics reports (default ${DEFAULTS.analyticsConnections})
  --duration S             measured seconds per benchmark (default ${DEFAULTS.durationSeconds})
  --warmup S               warm-up seconds before each (default ${DEFAULTS.warmupSeconds})
  --import-rows N          rows of the generated import file (default ${DEFAULTS.importRows})
  --write-doc              write docs/benchmarks.md although the run is partial (--only or --scale small)
  --reseed                 seed the bench database again even if it already holds this scale and seed
  --profile                run the service with --cpu-prof (profiles under the bench data directory)
`;

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS };
  const args = [...argv];
  const value = (flag: string): string => {
    const next = args.shift();
    if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return next;
  };
  const int = (flag: string, min: number, max: number): number => {
    const raw = value(flag);
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max)
      throw new UsageError(`${flag} must be a whole number from ${min} to ${max}`);
    return n;
  };
  while (args.length > 0) {
    let flag = args.shift()!;
    // --flag=value is accepted too.
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      args.unshift(flag.slice(eq + 1));
      flag = flag.slice(0, eq);
    }
    switch (flag) {
      case '--scale': {
        const scale = value(flag);
        if (!(SCALES as readonly string[]).includes(scale))
          throw new UsageError(`--scale must be ${SCALES.join(' or ')}`);
        options.scale = scale as Scale;
        break;
      }
      case '--seed':
        options.seed = int(flag, 0, 2_147_483_647);
        break;
      case '--only': {
        const names = value(flag)
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n.length > 0);
        const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n));
        if (names.length === 0 || unknown.length > 0) {
          throw new UsageError(
            `--only takes names among ${BENCHMARKS.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
          );
        }
        options.only = [...new Set(names)] as BenchmarkName[];
        break;
      }
      case '--connections':
        options.connections = int(flag, 1, 1024);
        break;
      case '--analytics-connections':
        options.analyticsConnections = int(flag, 1, 1024);
        break;
      case '--duration':
        options.durationSeconds = int(flag, 1, 3600);
        break;
      case '--warmup':
        options.warmupSeconds = int(flag, 0, 600);
        break;
      case '--import-rows':
        options.importRows = int(flag, 1, 10_000_000);
        break;
      case '--write-doc':
        options.writeDoc = true;
        break;
      case '--reseed':
        options.reseed = true;
        break;
      case '--profile':
        options.profile = true;
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return options;
}

/** A run is "full" (and so writes docs/benchmarks.md by itself) when it measures everything on the province data. */
export function isFullRun(options: BenchOptions): boolean {
  return options.only === null && options.scale === 'province';
}

export function selected(options: BenchOptions, name: BenchmarkName): boolean {
  return options.only === null || options.only.includes(name);
}
