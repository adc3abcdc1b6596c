import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportResult } from './model';
import { readPeakRss, readRss, resetPeakRss, sleep } from './processes';
import { SyntheticPerson, syntheticPeople } from './synthetic';

export interface ImportRun {
  baseUrl: string;
  authorization: string;
  /** The service process, whose memory is watched. */
  pid: number;
  rows: number;
  seed: number;
  villages: string[];
  workDir: string;
  log: (line: string) => void;
}

/** Columns the bench knows how to fill, by the names a persons template may use. */
const COLUMN_VALUES: Record<string, (p: SyntheticPerson) => string> = {
  nik: (p) => p.nik ?? '',
  fullname: (p) => p.fullName,
  full_name: (p) => p.fullName,
  nama: (p) => p.fullName,
  sex: (p) => p.sex,
  birthdate: (p) => p.birthDate,
  birth_date: (p) => p.birthDate,
  villagecode: (p) => p.villageCode,
  village_code: (p) => p.villageCode,
  domicile_village_code: (p) => p.villageCode,
  domicilevillagecode: (p) => p.villageCode,
  phone: (p) => p.phone,
};

/** A CSV field, quoted when it must be (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The import file: `rows` people of the bench regency in the column order of the service's own template, from the
 * seed, so every run uploads the same bytes. One row in fifty repeats an earlier row's NIK, so de-duplication
 * within the file is exercised too.
 */
export function importCsv(header: string[], rows: number, seed: number, villages: readonly string[]): string {
  const people = syntheticPeople(seed + 1000, villages, rows);
  for (let i = 49; i < people.length; i += 50) {
    const earlier = people[i - 25];
    if (earlier.nik) people[i] = { ...people[i], nik: earlier.nik, birthDate: earlier.birthDate, sex: earlier.sex };
  }
  const fill = header.map((column) => COLUMN_VALUES[column.trim().toLowerCase()] ?? (() => ''));
  const lines = [header.map(csvField).join(',')];
  for (const person of people) lines.push(fill.map((f) => csvField(f(person))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const RUNNING = new Set(['QUEUED', 'PENDING', 'RUNNING', 'VALIDATING', 'IMPORTING', 'PROCESSING']);

/**
 * Uploads the file, then polls the job until it leaves its running states. The time runs from the first byte of
 * the upload to the poll that sees the job finished (so it is at most one poll interval late); the service's
 * resident memory is sampled all along and its kernel peak counter read at the end.
 */
export async function runImport(run: ImportRun): Promise<ImportResult | { skipped: string }> {
  const template = await fetch(`${run.baseUrl}/api/v1/imports/templates/persons.csv`, {
    headers: { authorization: run.authorization },
  });
  if (template.status === 404) return { skipped: 'the service has no POST /api/v1/imports yet' };
  const header = (await template.text())
    .split(/\r?\n/)[0]
    .split(',')
    .map((c) => c.replace(/^"|"$/g, ''));
  const csv = importCsv(header, run.rows, run.seed, run.villages);
  const file = join(run.workDir, `import-persons-${run.rows}-seed${run.seed}.csv`);
  writeFileSync(file, csv);
  const bytes = Buffer.byteLength(csv);
  run.log(`import: ${file} (${Math.round(bytes / 1048576)} MB, columns ${header.join(', ')})`);

  const baseline = readRss(run.pid);
  const peakCounterReset = resetPeakRss(run.pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, readRss(run.pid));
  }, 50);
  const notes: string[] = [];
  const started = process.hrtime.bigint();
  try {
    const form = new FormData();
    form.append('kind', 'persons');
    form.append('mode', 'valid-rows-only');
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'persons.csv');
    const upload = await fetch(`${run.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: run.authorization },
      body: form,
    });
    const accepted = (await upload.json()) as { id?: string };
    if (upload.status >= 300 || !accepted.id) {
      throw new Error(`POST /api/v1/imports answered ${upload.status}: ${JSON.stringify(accepted).slice(0, 500)}`);
    }
    let job: Record<string, unknown> = accepted;
    while (RUNNING.has(String(job.status))) {
      await sleep(100);
      const poll = await fetch(`${run.baseUrl}/api/v1/imports/${accepted.id}`, {
        headers: { authorization: run.authorization },
      });
      job = (await poll.json()) as Record<string, unknown>;
      if (poll.status !== 200) throw new Error(`GET /api/v1/imports/${accepted.id} answered ${poll.status}`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, readRss(run.pid), peakCounterReset ? readPeakRss(run.pid) : 0);
    if (!peakCounterReset) notes.push('the kernel peak-RSS counter could not be reset: peak from 50 ms samples');
    const status = String(job.status);
    return {
      rows: run.rows,
      fileBytes: bytes,
      seconds,
      rowsPerSecond: run.rows / seconds,
      status,
      succeeded: !/FAIL|ERROR|CANCEL/i.test(status),
      counters: numericFields(job),
      baselineRssBytes: baseline,
      peakRssBytes: peak,
      notes,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** The job's numeric counters (rows read, valid, rejected...), flattened one level. */
function numericFields(job: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(job)) {
    if (typeof value === 'number') out[key] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        if (typeof v === 'number') out[`${key}.${k}`] = v;
    }
  }
  return out;
}
