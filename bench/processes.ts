import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';

/** A server started by the bench (the service or the floor) in a child process of its own. */
export interface ServerProcess {
  name: string;
  pid: number;
  baseUrl: string;
  /** Stops it with SIGTERM (the service then closes its pool) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  script: string;
  nodeArgs?: string[];
  env: Record<string, string>;
  port: number;
  /** Path that answers 200 once the server is ready. */
  readyPath: string;
  logFile: string;
  readyTimeoutMs?: number;
}

/**
 * Starts `node <script>` with exactly the environment given (plus PATH and HOME), its output going to a log file,
 * and waits until `readyPath` answers 200. A server that exits before it is ready fails with its last log lines.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  await once(log, 'open');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = once(child, 'exit');
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited before it was ready (see ${options.logFile}):\n${tail(options.logFile)}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} was not ready within the time allowed (see ${options.logFile})`);
    }
    try {
      const response = await fetch(`${baseUrl}${options.readyPath}`);
      ready = response.status === 200;
      await response.body?.cancel();
    } catch {
      // Not listening yet.
    }
    if (!ready) await sleep(250);
  }
  return {
    name: options.name,
    pid: child.pid!,
    baseUrl,
    stop: () => stopChild(child, exited, log),
  };
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<unknown[]>,
  log: NodeJS.WritableStream & { end(): void },
): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  log.end();
}

/** Resident set size of a process, from /proc (Linux), in bytes; 0 where /proc is not there. */
export function readRss(pid: number): number {
  return readStatusKb(pid, 'VmRSS') * 1024;
}

/** Peak resident set size since the process started or since {@link resetPeakRss}. */
export function readPeakRss(pid: number): number {
  return readStatusKb(pid, 'VmHWM') * 1024;
}

/** Resets the kernel's peak-RSS counter of a process we own (`echo 5 > /proc/PID/clear_refs`); false if refused. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function readStatusKb(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
