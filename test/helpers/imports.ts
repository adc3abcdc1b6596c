import { crc32 } from 'node:zlib';
import request from 'supertest';
import { ImportRunner } from '../../src/imports/import-runner.service';
import { nikFor } from '../../src/persons/nik';
import { TestPrincipal } from './auth';
import { TestApp } from './test-app';

/** A CSV file from rows of cells (quoted where needed), UTF-8 without BOM unless asked. */
export function csv(rows: readonly (readonly string[])[], options: { delimiter?: string; bom?: boolean } = {}): Buffer {
  const delimiter = options.delimiter ?? ',';
  const text = rows
    .map((row) => row.map((cell) => (/[",;\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(delimiter))
    .join('\r\n');
  const body = Buffer.from(`${text}\r\n`, 'utf8');
  return options.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

export interface UploadOptions {
  kind?: string;
  mode?: string;
  fileName?: string;
  key?: string;
  lang?: 'id' | 'en';
}

/** POST /api/v1/imports as a browser form would send it: kind, mode, then the file. */
export function upload(t: TestApp, who: TestPrincipal, file: Buffer, options: UploadOptions = {}): request.Test {
  let req = t.http.post('/api/v1/imports').set(who.auth);
  if (options.key) req = req.set('Idempotency-Key', options.key);
  if (options.lang) req = req.set('Accept-Language', options.lang);
  if (options.kind !== undefined) req = req.field('kind', options.kind);
  if (options.mode !== undefined) req = req.field('mode', options.mode);
  return req.attach('file', file, options.fileName ?? 'data.csv');
}

/** The job as GET /api/v1/imports/{id} answers it. */
export interface JobView {
  id: string;
  kind: string;
  mode: string;
  status: string;
  format: string | null;
  fileSha256: string | null;
  attempts: number;
  progress: { rowsRead: number; rowsValid: number; rowsRejected: number; rowsImported: number; percent: number };
  results: Record<string, number>;
  error: { code: string; message: string; details: { column: string; message: string }[] } | null;
  errorReport: {
    count: number;
    truncated: boolean;
    firstErrors: { row: number; column: string | null; code: string; message: string }[];
    csvUrl: string;
  };
}

/** Runs the queued jobs (tests have no background worker) and returns the job as the API shows it. */
export async function runJob(t: TestApp, who: TestPrincipal, id: string): Promise<JobView> {
  await t.app.get(ImportRunner).runOnce();
  const res = await t.http.get(`/api/v1/imports/${id}`).set(who.auth).expect(200);
  return res.body as JobView;
}

/** Uploads, expects 202, runs the job and returns it. */
export async function importFile(
  t: TestApp,
  who: TestPrincipal,
  file: Buffer,
  options: UploadOptions = {},
): Promise<JobView> {
  const res = await upload(t, who, file, { kind: 'persons', mode: 'valid-rows-only', ...options });
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${JSON.stringify(res.body)}`);
  return runJob(t, who, res.body.id as string);
}

export const PERSON_HEADER = [
  'nama_lengkap',
  'jenis_kelamin',
  'nik',
  'no_kk',
  'tanggal_lahir',
  'kode_desa',
  'alamat',
  'telepon',
  'kategori_ppks',
] as const;

/** A valid person row of Kota Kediri (district 357101, village 3571011010) with a NIK built from its parts. */
export function personRow(serial: number, overrides: Partial<Record<(typeof PERSON_HEADER)[number], string>> = {}) {
  const sex = serial % 2 === 0 ? 'F' : 'M';
  const day = String((serial % 28) + 1).padStart(2, '0');
  const birthDate = `19${String(60 + (serial % 40)).padStart(2, '0')}-0${(serial % 9) + 1}-${day}`;
  const nik = nikFor({ districtCode: '357101', birthDate, sex, serial: (serial % 9999) + 1 });
  const values: Record<(typeof PERSON_HEADER)[number], string> = {
    nama_lengkap: `Warga Uji ${serial}`,
    jenis_kelamin: sex === 'F' ? 'P' : 'L',
    nik,
    no_kk: `357101010109${String((serial % 9999) + 1).padStart(4, '0')}`,
    tanggal_lahir: birthDate,
    kode_desa: '3571011010',
    alamat: `Jl. Uji ${serial}`,
    telepon: '+62 812 3456 7890',
    kategori_ppks: 'PPKS-09',
    ...overrides,
  };
  return PERSON_HEADER.map((column) => values[column]);
}

/** A ZIP archive (stored, not compressed) of the given files: enough to look like, or not like, an XLSX. */
export function zipOf(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(file.data.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(file.data.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, file.data);
    centrals.push(central, name);
    offset += local.length + name.length + file.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
