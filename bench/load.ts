import autocannon from 'autocannon';
import type { LoadResult } from './model';
import { summarize } from './stats';

/** One HTTP request of a benchmark. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  name: string;
  label: string;
  server: LoadResult['server'];
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /**
   * The request to send next. Called once per request, so each can carry its own target (a fresh referral to
   * accept, a distinct id to read). Returns null when the prepared targets have run out.
   */
  next: () => BenchRequest;
}

/** Path answered 404 by both servers: where a write benchmark sends its requests once its targets have run out. */
export const EXHAUSTED_PATH = '/api/v1/__bench_targets_exhausted__';

/**
 * Loads the server at a fixed number of connections for warm-up plus measured time, as one continuous run: what
 * answers during the warm-up is thrown away, so the measured seconds start with the server already saturated (a
 * separate warm-up run would leave its unanswered requests queued in the server, ahead of the measured ones).
 * Latencies are taken from every response as it comes (sub-millisecond precision; autocannon's own histogram
 * keeps whole milliseconds) and summarised over the 2xx responses only, like throughput.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const measured = await fire(spec);
  const notes: string[] = [];
  const exhausted = measured.statuses['404'] ?? 0;
  if (exhausted > 0) {
    notes.push(`${exhausted} answers 404: for a write benchmark this means its prepared targets ran out`);
  }
  const otherStatuses = Object.fromEntries(
    Object.entries(measured.statuses).filter(([status]) => !status.startsWith('2')),
  );
  return {
    name: spec.name,
    label: spec.label,
    server: spec.server,
    connections: spec.connections,
    durationSeconds: measured.seconds,
    responses: measured.responses,
    ok: measured.latencies.length,
    otherStatuses,
    errors: measured.errors,
    throughput: measured.latencies.length / measured.seconds,
    latency: summarize(measured.latencies),
    notes,
  };
}

interface Fired {
  seconds: number;
  responses: number;
  statuses: Record<string, number>;
  latencies: number[];
  errors: number;
}

function fire(spec: LoadSpec): Promise<Fired> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let responses = 0;
  let errors = 0;
  const first = spec.next();
  const started = performance.now();
  const measureFrom = started + spec.warmupSeconds * 1000;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.baseUrl,
        connections: spec.connections,
        duration: spec.warmupSeconds + spec.durationSeconds,
        timeout: 30,
        // One request template whose every send is rewritten by `next()`.
        requests: [
          {
            method: first.method,
            path: first.path,
            setupRequest: (request) => {
              const next = spec.next();
              return { ...request, method: next.method, path: next.path, headers: next.headers, body: next.body };
            },
          },
        ],
      },
      (error: unknown) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const seconds = (performance.now() - measureFrom) / 1000;
        resolve({ seconds, responses, statuses, latencies, errors });
      },
    );
    instance.on('response', (_client, statusCode: number, _bytes: number, responseTime: number) => {
      if (performance.now() < measureFrom) return;
      responses += 1;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
    instance.on('reqError', () => {
      if (performance.now() >= measureFrom) errors += 1;
    });
  });
}

/**
 * Sends one request outside the load and fails loudly unless it answers 2xx: a misconfigured benchmark must not
 * produce a table of fast 401s.
 */
export async function probe(baseUrl: string, request: BenchRequest, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
  } catch (error) {
    // fetch hides the reason (refused, reset) in `cause`.
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new Error(`${what}: ${request.method} ${request.path} failed${cause}`);
  }
  const text = await response.text();
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`${what}: ${request.method} ${request.path} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
