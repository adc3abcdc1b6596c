import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PiiCipher } from '../src/persons/pii/pii-cipher';
import { PiiColumn, PII_CONTEXTS } from '../src/persons/pii/pii-columns';
import { rotatePiiColumns } from '../src/persons/pii/rotate';
import { createTestApp, TestApp } from './helpers/test-app';

const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');
const before = new PiiCipher(OLD_KEY);
const after = new PiiCipher(NEW_KEY, [OLD_KEY]);

// Throwaway tables shaped like persons / person_kk_numbers, so the test does not depend on the persons schema.
// The KK table has a bigint id to prove the cursor and the update cast ids to the column's own type.
const COLUMNS: PiiColumn[] = [
  { table: 'pii_probe_people', id: 'id', encrypted: 'nik_encrypted', index: 'nik_index', context: PII_CONTEXTS.nik },
  {
    table: 'pii_probe_people',
    id: 'id',
    encrypted: 'guardian_nik_encrypted',
    index: null,
    context: PII_CONTEXTS.guardianNik,
  },
  { table: 'pii_probe_kk', id: 'id', encrypted: 'kk_encrypted', index: 'kk_index', context: PII_CONTEXTS.kk },
];

interface PersonRow {
  id: string;
  nik_encrypted: string | null;
  nik_index: string | null;
  guardian_nik_encrypted: string | null;
}
interface KkRow {
  id: string;
  kk_encrypted: string;
  kk_index: string;
}

const nik = (i: number) => `35710152038500${String(i).padStart(2, '0')}`;
const kk = (i: number) => `35710120050000${String(i).padStart(2, '0')}`;

describe('PII key rotation (e2e)', () => {
  let t: TestApp;
  let dataSource: DataSource;

  const people = () => t.sql<PersonRow>('SELECT * FROM pii_probe_people ORDER BY id');
  const kks = () => t.sql<KkRow>('SELECT id::text AS id, kk_encrypted, kk_index FROM pii_probe_kk ORDER BY id');

  beforeAll(async () => {
    t = await createTestApp();
    dataSource = t.app.get(DataSource);
    await t.sql(`
      CREATE TABLE pii_probe_people (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq int NOT NULL,
        nik_encrypted text,
        nik_index char(64),
        guardian_nik_encrypted text
      )`);
    await t.sql(`
      CREATE TABLE pii_probe_kk (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kk_encrypted text NOT NULL,
        kk_index char(64) NOT NULL
      )`);
    // Seven people on the old key (one with a guardian), one written by a node already on the new key, one
    // without a NIK; five KK numbers on the old key.
    for (let i = 1; i <= 7; i++) {
      await t.sql(
        'INSERT INTO pii_probe_people (seq, nik_encrypted, nik_index, guardian_nik_encrypted) VALUES ($1, $2, $3, $4)',
        [
          i,
          before.encrypt(nik(i), PII_CONTEXTS.nik),
          before.blindIndex(nik(i), PII_CONTEXTS.nik),
          i === 3 ? before.encrypt(nik(90), PII_CONTEXTS.guardianNik) : null,
        ],
      );
    }
    await t.sql('INSERT INTO pii_probe_people (seq, nik_encrypted, nik_index) VALUES (8, $1, $2)', [
      after.encrypt(nik(8), PII_CONTEXTS.nik),
      after.blindIndex(nik(8), PII_CONTEXTS.nik),
    ]);
    await t.sql('INSERT INTO pii_probe_people (seq) VALUES (9)');
    for (let i = 1; i <= 5; i++) {
      await t.sql('INSERT INTO pii_probe_kk (kk_encrypted, kk_index) VALUES ($1, $2)', [
        before.encrypt(kk(i), PII_CONTEXTS.kk),
        before.blindIndex(kk(i), PII_CONTEXTS.kk),
      ]);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts what a dry run would rotate, and changes nothing', async () => {
    const snapshot = [await people(), await kks()];
    const results = await rotatePiiColumns(dataSource, after, COLUMNS, { dryRun: true });
    expect(results).toEqual([
      {
        column: 'pii_probe_people.nik_encrypted',
        context: PII_CONTEXTS.nik,
        foundByKeyId: { [before.keyId]: 7 },
        rotated: 0,
        remaining: 7,
      },
      {
        column: 'pii_probe_people.guardian_nik_encrypted',
        context: PII_CONTEXTS.guardianNik,
        foundByKeyId: { [before.keyId]: 1 },
        rotated: 0,
        remaining: 1,
      },
      {
        column: 'pii_probe_kk.kk_encrypted',
        context: PII_CONTEXTS.kk,
        foundByKeyId: { [before.keyId]: 5 },
        rotated: 0,
        remaining: 5,
      },
    ]);
    expect([await people(), await kks()]).toEqual(snapshot);
  });

  it('refuses to run beside another rotation', async () => {
    await t.sql(`SELECT pg_advisory_lock(hashtext('jejaring:pii-rotate-key'))`);
    try {
      await expect(rotatePiiColumns(dataSource, after, COLUMNS)).rejects.toThrow(/another PII key rotation is running/);
    } finally {
      await t.sql(`SELECT pg_advisory_unlock(hashtext('jejaring:pii-rotate-key'))`);
    }
  });

  it('names a missing table or column instead of failing on SQL', async () => {
    await expect(rotatePiiColumns(dataSource, after, [{ ...COLUMNS[0], table: 'pii_probe_nowhere' }])).rejects.toThrow(
      'table pii_probe_nowhere does not exist',
    );
    await expect(rotatePiiColumns(dataSource, after, [{ ...COLUMNS[0], index: 'nik_hash' }])).rejects.toThrow(
      'table pii_probe_people has no column nik_hash',
    );
  });

  it('moves every value to the new key in batches, with indexes recomputed and plaintexts unchanged', async () => {
    const [untouched] = (await people()).filter((p) => p.nik_encrypted && !after.needsRotation(p.nik_encrypted));
    const batches: string[] = [];
    const results = await rotatePiiColumns(dataSource, after, COLUMNS, {
      batchSize: 2,
      onBatch: (column, rotated) => batches.push(`${column.encrypted}:${rotated}`),
    });
    expect(results.map((r) => [r.column, r.rotated, r.remaining])).toEqual([
      ['pii_probe_people.nik_encrypted', 7, 0],
      ['pii_probe_people.guardian_nik_encrypted', 1, 0],
      ['pii_probe_kk.kk_encrypted', 5, 0],
    ]);
    expect(batches).toEqual([
      'nik_encrypted:2',
      'nik_encrypted:4',
      'nik_encrypted:6',
      'nik_encrypted:7',
      'guardian_nik_encrypted:1',
      'kk_encrypted:2',
      'kk_encrypted:4',
      'kk_encrypted:5',
    ]);

    const seqs = await t.sql<{ id: string; seq: number }>('SELECT id, seq FROM pii_probe_people');
    const seqOf = new Map(seqs.map((r) => [r.id, r.seq]));
    for (const row of await people()) {
      const seq = seqOf.get(row.id) as number;
      if (seq === 9) {
        expect(row).toMatchObject({ nik_encrypted: null, nik_index: null, guardian_nik_encrypted: null });
        continue;
      }
      expect(after.keyIdOf(row.nik_encrypted as string)).toBe(after.keyId);
      expect(after.decrypt(row.nik_encrypted as string, PII_CONTEXTS.nik)).toBe(nik(seq));
      expect(row.nik_index).toBe(after.blindIndex(nik(seq), PII_CONTEXTS.nik));
      expect(row.nik_index).not.toBe(before.blindIndex(nik(seq), PII_CONTEXTS.nik));
      // The old key alone can no longer read what was rotated.
      expect(() => before.decrypt(row.nik_encrypted as string, PII_CONTEXTS.nik)).toThrow();
      if (seq === 3) {
        expect(after.decrypt(row.guardian_nik_encrypted as string, PII_CONTEXTS.guardianNik)).toBe(nik(90));
        expect(after.needsRotation(row.guardian_nik_encrypted as string)).toBe(false);
      } else {
        expect(row.guardian_nik_encrypted).toBeNull();
      }
    }
    // A value already on the new key is not rewritten.
    expect((await people()).find((p) => p.id === untouched.id)).toEqual(untouched);

    const kkRows = await kks();
    expect(kkRows).toHaveLength(5);
    kkRows.forEach((row, i) => {
      expect(after.decrypt(row.kk_encrypted, PII_CONTEXTS.kk)).toBe(kk(i + 1));
      expect(row.kk_index).toBe(after.blindIndex(kk(i + 1), PII_CONTEXTS.kk));
    });

    // Lookups by the new index now find the person.
    const found = await t.sql('SELECT seq FROM pii_probe_people WHERE nik_index = $1', [
      new PiiCipher(NEW_KEY).blindIndex('3571-0152-0385-0005', PII_CONTEXTS.nik),
    ]);
    expect(found).toEqual([{ seq: 5 }]);
  });

  it('changes nothing when run again', async () => {
    const snapshot = [await people(), await kks()];
    const results = await rotatePiiColumns(dataSource, after, COLUMNS, { batchSize: 2 });
    expect(results.map((r) => [r.rotated, r.remaining, r.foundByKeyId])).toEqual([
      [0, 0, {}],
      [0, 0, {}],
      [0, 0, {}],
    ]);
    expect([await people(), await kks()]).toEqual(snapshot);
  });

  it('stops at a value it cannot decrypt, naming the row but not the value, and resumes once it is fixed', async () => {
    const stranger = new PiiCipher(randomBytes(32).toString('base64'));
    const newest = new PiiCipher(randomBytes(32).toString('base64'), [NEW_KEY]);
    const [bad] = await t.sql<{ id: string }>(
      'INSERT INTO pii_probe_kk (kk_encrypted, kk_index) VALUES ($1, $2) RETURNING id::text AS id',
      [stranger.encrypt(kk(66), PII_CONTEXTS.kk), stranger.blindIndex(kk(66), PII_CONTEXTS.kk)],
    );
    const kkOnly = [COLUMNS[2]];
    let message = '';
    await rotatePiiColumns(dataSource, newest, kkOnly, { batchSize: 2 }).catch((error: Error) => {
      message = error.message;
    });
    expect(message).toContain(`pii_probe_kk.kk_encrypted of id ${bad.id} cannot be decrypted`);
    expect(message).toContain(stranger.keyId);
    expect(message).not.toContain(kk(66));
    // The batches before the bad row are committed and stay done; the bad row's batch rolled back.
    const progress = (await kks()).map((r) => newest.needsRotation(r.kk_encrypted));
    expect(progress).toEqual([false, false, false, false, true, true]);

    // The operator deletes (or restores) the unreadable row; the next run picks up where the last one stopped.
    await t.sql('DELETE FROM pii_probe_kk WHERE id = $1', [bad.id]);
    const [result] = await rotatePiiColumns(dataSource, newest, kkOnly, { batchSize: 2 });
    expect(result).toMatchObject({ foundByKeyId: { [after.keyId]: 1 }, rotated: 1, remaining: 0 });
    expect((await kks()).every((r) => !newest.needsRotation(r.kk_encrypted))).toBe(true);
  });
});
