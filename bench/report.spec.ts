import type { LoadResult, RunReport } from './model';
import { BEGIN_MARKER, END_MARKER, mergeIntoDocument, renderResults } from './report';
import { checkTargets } from './targets';

function load(
  name: string,
  server: LoadResult['server'],
  throughput: number,
  p99: number,
  extra: Partial<LoadResult> = {},
): LoadResult {
  return {
    name,
    label: name === 'person-get' ? 'Get person by id' : name,
    server,
    connections: 32,
    durationSeconds: 15,
    responses: Math.round(throughput * 15),
    ok: Math.round(throughput * 15),
    otherStatuses: {},
    errors: 0,
    throughput,
    latency: { count: 10, mean: p99 / 2, p50: p99 / 3, p95: p99 / 1.5, p99, max: p99 * 2 },
    notes: [],
    ...extra,
  };
}

function report(loads: LoadResult[], importResult: RunReport['importResult'] = null): RunReport {
  return {
    machine: {
      cpuModel: 'Test CPU | 2 GHz',
      cores: 2,
      memoryBytes: 4 * 1024 ** 3,
      os: 'Linux',
      node: 'v20.19.0',
      postgres: '17.0',
      commit: 'abc123',
      date: '2026-01-01T00:00:00Z',
    },
    settings: {
      scale: 'province',
      seed: 1,
      connections: 32,
      analyticsConnections: 1,
      durationSeconds: 15,
      warmupSeconds: 5,
      dataSet: { persons: 200000 },
      only: null,
    },
    loads,
    importResult,
    skipped: [],
  };
}

describe('benchmark report', () => {
  it('checks the targets of issue 9 against the figures', () => {
    const checks = checkTargets(
      report(
        [
          load('person-get', 'service', 600, 24),
          load('person-get', 'floor', 1000, 12),
          load('analytics:casesByRegency', 'service', 10, 400, {
            latency: { count: 5, mean: 200, p50: 250, p95: 390, p99: 400, max: 410 },
          }),
        ],
        {
          rows: 100000,
          fileBytes: 9e6,
          seconds: 25,
          rowsPerSecond: 4000,
          status: 'COMPLETED',
          succeeded: true,
          counters: {},
          baselineRssBytes: 150e6,
          peakRssBytes: 300 * 1024 * 1024,
          notes: [],
        },
      ),
    );
    expect(checks.map((c) => c.met)).toEqual([true, true, true, false, true]);
    expect(checks[0].measured).toBe('60 % (600 / 1 000 req/s)');
    expect(checks[3].measured).toBe('4 000 rows/s');
  });

  it('marks targets without figures as not run, and a failed analytics report as missed', () => {
    const checks = checkTargets(report([load('analytics:broken', 'service', 0, NaN, { ok: 0 })]));
    expect(checks.map((c) => c.met)).toEqual([null, null, false, null, null]);
  });

  it('renders tables whose cells cannot break the markdown', () => {
    const markdown = renderResults(
      report([
        load('person-get', 'service', 600, 24, { otherStatuses: { '500': 2 } }),
        load('person-get', 'floor', 1000, 12),
      ]),
    );
    expect(markdown).toContain('| CPU | Test CPU \\| 2 GHz |');
    expect(markdown).toContain('| persons | 200 000 |');
    expect(markdown).toContain('| Get person by id | service | 32 | 600 | 8.0 | 16 | 24 | 48 | 2× 500 |');
    expect(markdown).toContain('| Get person by id | 600 | 1 000 | 60 % | 24 | 12 |');
    expect(markdown).not.toContain('Analytics reports');
  });

  it('replaces only what lies between the markers', () => {
    const before = `# Benchmarks\n\n## Method\n\nHand-written.\n\n${BEGIN_MARKER}\n\nold figures\n\n${END_MARKER}\n\n## Notes\n\nKept.\n`;
    const after = mergeIntoDocument(before, 'new figures');
    expect(after).toBe(
      `# Benchmarks\n\n## Method\n\nHand-written.\n\n${BEGIN_MARKER}\n\nnew figures\n\n${END_MARKER}\n\n## Notes\n\nKept.\n`,
    );
    // Idempotent: merging the same figures again changes nothing.
    expect(mergeIntoDocument(after, 'new figures')).toBe(after);
  });

  it('appends the section to a document without markers, and starts one when there is none', () => {
    expect(mergeIntoDocument('# Benchmarks\n\nNotes.\n', 'figures')).toBe(
      `# Benchmarks\n\nNotes.\n\n## Latest results\n\n${BEGIN_MARKER}\n\nfigures\n\n${END_MARKER}\n`,
    );
    expect(mergeIntoDocument(null, 'figures')).toContain(`${BEGIN_MARKER}\n\nfigures\n\n${END_MARKER}`);
  });
});
