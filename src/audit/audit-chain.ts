import { DataSource, QueryRunner } from 'typeorm';
import { CANONICAL_EVENT_SQL, CanonicalEvent, chainHash, GENESIS_HASH } from './audit-hash';

// Arbitrary fixed key of the session advisory lock that makes one sealer at a time, across every node.
export const SEALER_LOCK = '6082353520480211201';
const BATCH = 1000;

export const BREAK_REASONS = ['POSITION_GAP', 'PREV_HASH_MISMATCH', 'EVENT_MISSING', 'HASH_MISMATCH'] as const;
export type BreakReason = (typeof BREAK_REASONS)[number];

export interface AuditVerifyReport {
  ok: boolean;
  /** Links whose hash was recomputed and found intact (all of them when ok). */
  checked: number;
  firstBrokenPosition?: number;
  firstBrokenEventId?: string;
  reason?: BreakReason;
  /** Committed events not yet linked into the chain (normally sealed within a second or two). */
  unsealed: number;
  /** The last intact link: record it somewhere outside the database to later prove the chain was not rewritten. */
  head: { position: number; hash: string } | null;
}

interface LinkRow extends CanonicalEvent {
  position: string;
  eventId: string;
  prevHash: string;
  linkHash: string;
  eventFound: boolean;
}

/**
 * The hash chain over audit_events, kept in audit_chain. Events are inserted in their requests' transactions with
 * no hash (so appends never wait on each other); the sealer links committed events in seq order moments later,
 * so an event whose transaction commits late is simply linked later. Used by AuditService and by the CLI.
 */
export class AuditChain {
  /**
   * Transaction id (xid8, as text) below which every committed event is already linked. Lets the sealer look only
   * at recent events instead of anti-joining the whole table each second; per process, so it starts at 0.
   */
  private txFloor = '0';

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Links every committed, unlinked event. With `wait: false` it returns 0 at once when another sealer (this
   * node's or another's) holds the lock; otherwise it waits for it. Returns how many events it linked.
   */
  async seal(options: { wait?: boolean } = {}): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      if (options.wait === false) {
        const [{ locked }]: { locked: boolean }[] = await runner.query(
          `SELECT pg_try_advisory_lock($1::bigint) AS locked`,
          [SEALER_LOCK],
        );
        if (!locked) return 0;
      } else {
        await runner.query(`SELECT pg_advisory_lock($1::bigint)`, [SEALER_LOCK]);
      }
      try {
        let total = 0;
        let afterSeq: string | undefined;
        for (;;) {
          const batch = await this.sealBatch(runner, afterSeq);
          total += batch.linked;
          if (batch.linked < BATCH) return total;
          afterSeq = batch.lastSeq;
        }
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1::bigint)`, [SEALER_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Links up to BATCH unlinked events in seq order. The first batch of a pass looks from the floor; the later ones
   * of the same pass (a backlog: a large import writes 100,000 events at once) go on after the last seq linked,
   * along the seq index, instead of anti-joining every event since the floor again (half a second a batch at
   * 600,000 events). An event of a lower seq committed meanwhile is not lost: the floor has not moved past its
   * transaction (it moves only after a batch that was not full), so the next pass finds it.
   */
  private async sealBatch(runner: QueryRunner, afterSeq?: string): Promise<{ linked: number; lastSeq?: string }> {
    // One snapshot for the whole batch: the events read and the xmin that moves the floor must agree.
    await runner.startTransaction('REPEATABLE READ');
    try {
      const [{ xmin }]: { xmin: string }[] = await runner.query(
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
      );
      const events: CanonicalEvent[] = await runner.query(
        `SELECT ${CANONICAL_EVENT_SQL}
         FROM audit_events e
         WHERE e.tx_id >= $1::xid8 AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)
           ${afterSeq === undefined ? '' : 'AND e.seq > $2::bigint'}
         ORDER BY e.seq
         LIMIT ${BATCH}`,
        afterSeq === undefined ? [this.txFloor] : [this.txFloor, afterSeq],
      );
      if (events.length > 0) await this.link(runner, events);
      await runner.commitTransaction();
      // Every transaction older than xmin had finished when the snapshot was taken, so all its events were visible
      // and, the batch not being full, are now linked; a later event can only come from a transaction >= xmin.
      if (events.length < BATCH) this.txFloor = xmin;
      return { linked: events.length, lastSeq: events.at(-1)?.seq };
    } catch (error: unknown) {
      await runner.rollbackTransaction();
      throw error;
    }
  }

  private async link(runner: QueryRunner, events: CanonicalEvent[]): Promise<void> {
    const tail: { position: string; hash: string }[] = await runner.query(
      // Order by the bigint column, not the text alias of the same name (which would sort '99' after '200').
      `SELECT c.position::text AS position, c.hash FROM audit_chain c ORDER BY c.position DESC LIMIT 1`,
    );
    let position = tail.length > 0 ? BigInt(tail[0].position) : 0n;
    let prev = tail.length > 0 ? tail[0].hash : GENESIS_HASH;
    const positions: string[] = [];
    const eventIds: string[] = [];
    const prevHashes: string[] = [];
    const hashes: string[] = [];
    for (const event of events) {
      position += 1n;
      const hash = chainHash(prev, event);
      positions.push(position.toString());
      eventIds.push(event.id);
      prevHashes.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    // The primary key on position and the unique event_id make a second, unlocked sealer fail rather than fork.
    await runner.query(
      `INSERT INTO audit_chain (position, event_id, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[])`,
      [positions, eventIds, prevHashes, hashes],
    );
  }

  /**
   * Walks the chain by position, checks that each link follows the previous one and recomputes its hash from the
   * event row as it is now; stops at the first broken link.
   */
  async verify(): Promise<AuditVerifyReport> {
    let prev = GENESIS_HASH;
    let expected = 1n;
    let checked = 0;
    let head: AuditVerifyReport['head'] = null;
    for (;;) {
      const rows: LinkRow[] = await this.dataSource.query(
        `SELECT c.position::text AS "position", c.event_id::text AS "eventId", c.prev_hash AS "prevHash",
                c.hash AS "linkHash", e.id IS NOT NULL AS "eventFound", ${CANONICAL_EVENT_SQL}
         FROM audit_chain c LEFT JOIN audit_events e ON e.id = c.event_id
         WHERE c.position >= $1::bigint
         ORDER BY c.position
         LIMIT ${BATCH}`,
        [expected.toString()],
      );
      for (const row of rows) {
        const reason = this.checkLink(row, expected, prev);
        if (reason) {
          return {
            ok: false,
            checked,
            firstBrokenPosition: Number(row.position),
            firstBrokenEventId: row.eventId,
            reason,
            unsealed: await this.countUnsealed(),
            head,
          };
        }
        checked += 1;
        prev = row.linkHash;
        head = { position: Number(row.position), hash: row.linkHash };
        expected += 1n;
      }
      if (rows.length < BATCH) break;
    }
    return { ok: true, checked, unsealed: await this.countUnsealed(), head };
  }

  private checkLink(row: LinkRow, expected: bigint, prev: string): BreakReason | undefined {
    // A removed link (possible only with triggers and constraints bypassed) shows as a hole in the positions.
    if (BigInt(row.position) !== expected) return 'POSITION_GAP';
    if (row.prevHash !== prev) return 'PREV_HASH_MISMATCH';
    if (!row.eventFound) return 'EVENT_MISSING';
    if (chainHash(row.prevHash, row) !== row.linkHash) return 'HASH_MISMATCH';
    return undefined;
  }

  async countUnsealed(): Promise<number> {
    const [{ n }]: { n: string }[] = await this.dataSource.query(
      `SELECT count(*)::text AS n FROM audit_events e WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)`,
    );
    return Number(n);
  }
}
