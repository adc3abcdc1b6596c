/** Latency and throughput figures of one measured run, and how they are shown. Pure: unit-tested. */

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The q-quantile (0..1) of ascending-sorted samples, nearest-rank method: the smallest sample such that at least
 * q of all samples are at or below it. Nearest rank never invents a latency nobody saw, unlike interpolation.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (q <= 0) return sorted[0];
  if (q >= 1) return sorted[sorted.length - 1];
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.max(0, rank - 1)];
}

export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  let sum = 0;
  for (const v of list) sum += v;
  return {
    count: list.length,
    mean: sum / list.length,
    p50: quantile(list, 0.5),
    p95: quantile(list, 0.95),
    p99: quantile(list, 0.99),
    max: list[list.length - 1],
  };
}

/** Milliseconds with a precision that suits their size: 0.42, 3.1, 27, 1 204. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return ms.toFixed(2);
  if (ms < 10) return ms.toFixed(1);
  return groupThousands(Math.round(ms));
}

/** Requests (or rows) per second: one decimal below 100, whole numbers above. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '–';
  if (perSecond < 100) return perSecond.toFixed(1);
  return groupThousands(Math.round(perSecond));
}

/** A whole count: 200 000. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? groupThousands(Math.round(n)) : '–';
}

export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  return `${Math.round(ratio * 100)} %`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** service / floor, or NaN when the floor did not answer (so nothing divides by zero into a fake "∞ %"). */
export function ratio(service: number, floor: number): number {
  return floor > 0 && Number.isFinite(service) ? service / floor : Number.NaN;
}

function groupThousands(n: number): string {
  // A narrow space would be nicer, but a plain space survives every markdown renderer and terminal.
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
