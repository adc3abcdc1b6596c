import type { LoadResult, RunReport } from './model';
import { formatBytes, formatCount, formatMs, formatPercent, formatRate, ratio } from './stats';

/** The targets of issue 9, in one place so the report and the console say the same. */
export const TARGETS = {
  personGetFloorRatio: 0.5,
  personGetP99Ms: 25,
  analyticsP50Ms: 300,
  importRowsPerSecond: 5000,
  importPeakRssBytes: 400 * 1024 * 1024,
} as const;

export interface TargetCheck {
  target: string;
  measured: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

export function findLoad(report: RunReport, name: string, server: LoadResult['server']): LoadResult | undefined {
  return report.loads.find((l) => l.name === name && l.server === server);
}

export function checkTargets(report: RunReport): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const get = findLoad(report, 'person-get', 'service');
  const floor = findLoad(report, 'person-get', 'floor');
  const r = get && floor ? ratio(get.throughput, floor.throughput) : NaN;
  checks.push({
    target: `Get person by id: ≥ ${formatPercent(TARGETS.personGetFloorRatio)} of the floor's throughput`,
    measured:
      get && floor
        ? `${formatPercent(r)} (${formatRate(get.throughput)} / ${formatRate(floor.throughput)} req/s)`
        : '–',
    met: Number.isFinite(r) ? r >= TARGETS.personGetFloorRatio : null,
  });
  checks.push({
    target: `Get person by id: p99 < ${TARGETS.personGetP99Ms} ms at ${get?.connections ?? 32} connections`,
    measured: get ? `${formatMs(get.latency.p99)} ms` : '–',
    met: get && Number.isFinite(get.latency.p99) ? get.latency.p99 < TARGETS.personGetP99Ms : null,
  });
  for (const a of report.loads.filter((l) => l.name.startsWith('analytics:'))) {
    checks.push({
      target: `${a.label}: p50 < ${TARGETS.analyticsP50Ms} ms`,
      measured: `${formatMs(a.latency.p50)} ms`,
      met: a.ok > 0 && Number.isFinite(a.latency.p50) ? a.latency.p50 < TARGETS.analyticsP50Ms : false,
    });
  }
  const imp = report.importResult;
  checks.push({
    target: `Import of ${imp ? formatCount(imp.rows) : '100 000'} persons: ≥ ${formatCount(TARGETS.importRowsPerSecond)} rows/s end to end`,
    measured: imp ? `${formatRate(imp.rowsPerSecond)} rows/s` : '–',
    met: imp ? imp.succeeded && imp.rowsPerSecond >= TARGETS.importRowsPerSecond : null,
  });
  checks.push({
    target: `Import: peak memory of the service < ${formatBytes(TARGETS.importPeakRssBytes)}`,
    measured: imp ? formatBytes(imp.peakRssBytes) : '–',
    met: imp && imp.peakRssBytes > 0 ? imp.peakRssBytes < TARGETS.importPeakRssBytes : null,
  });
  return checks;
}
