import { DataSource, EntityManager } from 'typeorm';
import { PiiCipher } from './pii-cipher';
import { PiiColumn, PII_COLUMNS } from './pii-columns';

export interface RotatePiiOptions {
  /** Rows re-encrypted per transaction (default 500): short row locks beside a running service. */
  batchSize?: number;
  /** Count the values not on the current key, change nothing. */
  dryRun?: boolean;
  /** Called after each committed batch, for progress output. */
  onBatch?: (column: PiiColumn, rotatedSoFar: number) => void;
}

export interface PiiColumnRotation {
  column: string;
  context: string;
  /** Values not on the current key when the run began, by key id (`?` for a value that is not `v1.<keyId>...`). */
  foundByKeyId: Record<string, number>;
  rotated: number;
  /** Values still not on the current key at the end: 0 unless another writer still uses an old key. */
  remaining: number;
}

// One rotation at a time: two runs with different current keys would move values back and forth.
const ROTATION_LOCK = `hashtext('jejaring:pii-rotate-key')`;
// A pass can miss a row whose lock it waited for (PostgreSQL re-checks the WHERE after the wait and may then
// return fewer rows than asked for); a few more passes pick such rows up without looping forever.
const MAX_PASSES = 3;

/**
 * Moves every value of `columns` to the cipher's current key and recomputes its blind index under that key.
 * Rows already on the current key are skipped, so a run can be interrupted and started again at any time, and a
 * second run changes nothing. Safe beside running service nodes that use the same current key: each batch locks its
 * rows, and values the service writes meanwhile are already on the current key.
 */
export async function rotatePiiColumns(
  dataSource: DataSource,
  cipher: PiiCipher,
  columns: readonly PiiColumn[] = PII_COLUMNS,
  options: RotatePiiOptions = {},
): Promise<PiiColumnRotation[]> {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive whole number');
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    const [{ locked }] = (await lock.query(`SELECT pg_try_advisory_lock(${ROTATION_LOCK}) AS locked`)) as Array<{
      locked: boolean;
    }>;
    if (!locked) throw new Error('another PII key rotation is running against this database');
    try {
      const results: PiiColumnRotation[] = [];
      for (const column of columns) {
        results.push(await rotateColumn(dataSource, cipher, column, batchSize, options));
      }
      return results;
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(${ROTATION_LOCK})`);
    }
  } finally {
    await lock.release();
  }
}

interface ColumnSql {
  table: string;
  id: string;
  encrypted: string;
  index: string | null;
  /** The id column's SQL type, to cast the text ids this code carries back for the cursor and the update. */
  idType: string;
}

async function rotateColumn(
  dataSource: DataSource,
  cipher: PiiCipher,
  column: PiiColumn,
  batchSize: number,
  options: RotatePiiOptions,
): Promise<PiiColumnRotation> {
  const sql = await describeColumn(dataSource.manager, column);
  const name = `${column.table}.${column.encrypted}`;
  const foundByKeyId = await countByKeyId(dataSource.manager, sql, cipher.keyId);
  const found = sum(foundByKeyId);
  if (options.dryRun || found === 0) {
    return { column: name, context: column.context, foundByKeyId, rotated: 0, remaining: found };
  }
  let rotated = 0;
  let remaining = found;
  for (let pass = 0; pass < MAX_PASSES && remaining > 0; pass++) {
    const before = rotated;
    let cursor: string | undefined;
    for (;;) {
      const batch = await dataSource.transaction((em) => rotateBatch(em, sql, column, cipher, batchSize, cursor));
      if (batch.count === 0) break;
      rotated += batch.count;
      cursor = batch.lastId;
      options.onBatch?.(column, rotated);
    }
    remaining = sum(await countByKeyId(dataSource.manager, sql, cipher.keyId));
    if (rotated === before) break;
  }
  return { column: name, context: column.context, foundByKeyId, rotated, remaining };
}

async function rotateBatch(
  em: EntityManager,
  sql: ColumnSql,
  column: PiiColumn,
  cipher: PiiCipher,
  batchSize: number,
  cursor: string | undefined,
): Promise<{ count: number; lastId?: string }> {
  // Keyset pagination on the primary key: each batch starts after the last one, so rows that cannot be moved
  // (never expected, but possible with a concurrent writer on an old key) are not fetched again and again.
  const rows = (await em.query(
    `SELECT ${sql.id}::text AS id, ${sql.encrypted} AS encrypted FROM ${sql.table}
      WHERE ${sql.encrypted} IS NOT NULL AND split_part(${sql.encrypted}, '.', 2) <> $1
        ${cursor === undefined ? '' : `AND ${sql.id} > $3::${sql.idType}`}
      ORDER BY ${sql.id} LIMIT $2 FOR UPDATE`,
    cursor === undefined ? [cipher.keyId, batchSize] : [cipher.keyId, batchSize, cursor],
  )) as Array<{ id: string; encrypted: string }>;
  if (rows.length === 0) return { count: 0 };
  const ids: string[] = [];
  const values: string[] = [];
  const indexes: string[] = [];
  for (const row of rows) {
    let plaintext: string;
    try {
      plaintext = cipher.decrypt(row.encrypted, column.context);
    } catch (error) {
      // Name the row, never the value: the operator fixes or restores that one row and runs the command again.
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${column.table}.${column.encrypted} of ${column.id} ${row.id} cannot be decrypted: ${reason}`);
    }
    ids.push(row.id);
    values.push(cipher.encrypt(plaintext, column.context));
    if (sql.index) indexes.push(cipher.blindIndex(plaintext, column.context));
  }
  if (sql.index) {
    await em.query(
      `UPDATE ${sql.table} AS t SET ${sql.encrypted} = v.encrypted, ${sql.index} = v.blind_index
         FROM unnest($1::${sql.idType}[], $2::text[], $3::text[]) AS v(id, encrypted, blind_index)
        WHERE t.${sql.id} = v.id`,
      [ids, values, indexes],
    );
  } else {
    await em.query(
      `UPDATE ${sql.table} AS t SET ${sql.encrypted} = v.encrypted
         FROM unnest($1::${sql.idType}[], $2::text[]) AS v(id, encrypted)
        WHERE t.${sql.id} = v.id`,
      [ids, values],
    );
  }
  return { count: rows.length, lastId: rows[rows.length - 1].id };
}

async function countByKeyId(em: EntityManager, sql: ColumnSql, currentKeyId: string): Promise<Record<string, number>> {
  const rows = (await em.query(
    `SELECT CASE WHEN ${sql.encrypted} ~ '^v1\\.[0-9a-f]{8}\\.' THEN split_part(${sql.encrypted}, '.', 2) ELSE '?' END
            AS key_id, count(*)::int AS n
       FROM ${sql.table}
      WHERE ${sql.encrypted} IS NOT NULL AND split_part(${sql.encrypted}, '.', 2) <> $1
      GROUP BY 1 ORDER BY 1`,
    [currentKeyId],
  )) as Array<{ key_id: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.key_id, r.n]));
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Checks the table and its columns exist (a clear message beats a SQL error) and quotes every identifier. */
async function describeColumn(em: EntityManager, column: PiiColumn): Promise<ColumnSql> {
  const table = column.table.split('.').map(quoteIdentifier).join('.');
  const wanted = [column.id, column.encrypted, ...(column.index ? [column.index] : [])];
  const [{ exists }] = (await em.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [table])) as Array<{
    exists: boolean;
  }>;
  if (!exists) throw new Error(`table ${column.table} does not exist (are the migrations applied?)`);
  const rows = (await em.query(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ANY($2)`,
    [table, wanted],
  )) as Array<{ name: string; type: string }>;
  const types = new Map(rows.map((r) => [r.name, r.type]));
  const missing = wanted.filter((c) => !types.has(c));
  if (missing.length > 0) throw new Error(`table ${column.table} has no column ${missing.join(', ')}`);
  return {
    table,
    id: quoteIdentifier(column.id),
    encrypted: quoteIdentifier(column.encrypted),
    index: column.index ? quoteIdentifier(column.index) : null,
    idType: types.get(column.id) as string,
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
