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

/**
 * Columns of the persons template (docs/imports.md) the bench fills; the others stay empty. Keyed by the header as
 * the service matches it: lower case, without spaces or hyphens.
 */
const COLUMN_VALUES: Record<string, (p: SyntheticPerson, row: number) => string> = {
  nama_lengkap: (p) => p.fullName,
  jenis_kelamin: (p) => (p.sex === 'M' ? 'L' : 'P'),
  nik: (p) => p.nik ?? '',
  tanggal_lahir: (p) => p.birthDate,
  kode_desa: (p) => p.villageCode,
  alamat: (_p, row) => `Jl. Melati ${(row % 97) + 1}`,
  telepon: (p) => p.phone,
  // Eks psikotik (PPKS-09) for one row in three, as the offices' lists of eks klien are.
  kategori_ppks: (_p, row) => (row % 3 === 0 ? 'PPKS-09' : ''),
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
  const fill = header.map(
    (column) =>
      COLUMN_VALUES[
        column
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      ] ?? (() => ''),
  );
  const lines = [header.map(csvField).join(',')];
  people.forEach((person, row) => lines.push(fill.map((f) => csvField(f(person, row))).join(',')));
  return `${lines.join('\r\n')}\r\n`;
}

/** Job statuses before the end (docs/imports.md: UPLOADING is never visible). */
const RUNNING = new Set(['UPLOADING', 'QUEUED', 'RUNNING']);

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
      succeeded: status === 'COMPLETED',
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
