import type { LatencySummary } from './stats';

/** One load run (warm-up excluded) against the service or against the bare-`pg` floor. */
export interface LoadResult {
  /** Benchmark name, as `--only` takes it (`person-get`); analytics runs are `analytics:<file>`. */
  name: string;
  label: string;
  server: 'service' | 'floor';
  connections: number;
  durationSeconds: number;
  /** Responses received, any status. */
  responses: number;
  /** 2xx responses: throughput and latency count only these. */
  ok: number;
  /** Other statuses and how often they came. */
  otherStatuses: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  /** 2xx responses per second. */
  throughput: number;
  latency: LatencySummary;
  /** What was special about this run (targets ran out, first error body, ...). */
  notes: string[];
}

export interface ImportResult {
  rows: number;
  fileBytes: number;
  /** From the first byte of the upload until the job reported it had finished. */
  seconds: number;
  rowsPerSecond: number;
  /** The job's final status as the service reported it, and whether that means it finished without failing. */
  status: string;
  succeeded: boolean;
  /** The job's own counters as reported by GET /api/v1/imports/{id}. */
  counters: Record<string, number>;
  /** Resident memory of the service process before the upload and at its peak during the import. */
  baselineRssBytes: number;
  peakRssBytes: number;
  notes: string[];
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  postgres: string;
  commit: string;
  date: string;
}

export interface RunSettings {
  scale: string;
  seed: number;
  connections: number;
  analyticsConnections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Row counts of the data set the run measured, e.g. persons 200 000. */
  dataSet: Record<string, number>;
  only: string[] | null;
}

export interface RunReport {
  machine: MachineInfo;
  settings: RunSettings;
  loads: LoadResult[];
  importResult: ImportResult | null;
  /** Benchmarks that could not run, with the reason (e.g. no analytics queries documented yet). */
  skipped: { name: string; reason: string }[];
}
