import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { ScopePolicy } from '../identity/scope-policy.service';
import { AppException } from '../common/errors/app-exception';
import { Page, paginate } from '../common/pagination/pagination';
import { AuditChain, AuditVerifyReport } from './audit-chain';
import { AuditEntry, insertParams, INSERT_EVENT_SQL, INSERT_EVENTS_PREFIX, toEventRow } from './audit-entry';
import { AuditEvent } from './audit-event.entity';
import { AuditErrorCode } from './audit.errors';
import { AuditEventResponse } from './dto/audit-event.response';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

/** How often each node tries to seal; only the node holding the advisory lock does the work. */
const SEAL_INTERVAL_MS = 1000;

/**
 * The audit trail (DESIGN.md §5, §8): `record` appends an event in the caller's transaction, a background sealer
 * links committed events into the hash chain, `verify` recomputes the chain.
 */
@Injectable()
export class AuditService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('AuditService');
  private readonly chain: AuditChain;
  private timer?: NodeJS.Timeout;
  private sealing?: Promise<void>;

  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.chain = new AuditChain(dataSource);
  }

  /**
   * Appends one event. Inside a request's transaction (`ctx.em`) the row commits or rolls back with the write it
   * describes; otherwise (reads) it is its own statement. One plain INSERT: no lock, no read of other rows.
   * @returns the event id
   */
  async record(ctx: RequestContext, entry: AuditEntry): Promise<string> {
    const row = toEventRow(ctx, entry);
    const inserted: { id: string }[] = await this.tx.manager(ctx).query(INSERT_EVENT_SQL, insertParams(row));
    return inserted[0].id;
  }

  /**
   * Appends several events in one statement (a list read audits every person it shows): one round trip instead of
   * one per row, still no lock.
   */
  async recordMany(ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((entry) => insertParams(toEventRow(ctx, entry)));
    const width = rows[0].length;
    const values = rows.map(
      (_, r) => `(${Array.from({ length: width }, (_c, c) => `$${r * width + c + 1}`).join(', ')})`,
    );
    await this.tx.manager(ctx).query(`${INSERT_EVENTS_PREFIX} VALUES ${values.join(', ')}`, rows.flat());
  }

  async list(ctx: RequestContext, query: ListAuditEventsQuery): Promise<Page<AuditEventResponse>> {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && from.getTime() > to.getTime()) {
      throw new AppException(AuditErrorCode.AUDIT_INVALID_TIME_RANGE, { from: query.from, to: query.to }, [
        { field: 'from', message: { id: 'harus sebelum atau sama dengan to', en: 'must not be later than to' } },
      ]);
    }
    const condition = this.scope.auditEvents(ctx, 'e');
    const qb = this.tx
      .manager(ctx)
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where(condition.sql, condition.params);
    if (query.actorId) qb.andWhere('e.actorId = :actorId', { actorId: query.actorId });
    if (query.personId) qb.andWhere('e.personId = :personId', { personId: query.personId });
    if (query.resourceType) qb.andWhere('e.resourceType = :resourceType', { resourceType: query.resourceType });
    if (query.resourceId) qb.andWhere('e.resourceId = :resourceId', { resourceId: query.resourceId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (from) qb.andWhere('e.occurredAt >= :from', { from });
    if (to) qb.andWhere('e.occurredAt <= :to', { to });
    const page = await paginate(
      qb,
      query,
      [{ expression: 'e.seq', value: (e) => e.seq, type: 'number' }],
      AuditEventResponse.of,
    );
    // Who looked at whose trail is itself audited; recorded before the answer leaves, so no unrecorded read.
    await this.record(ctx, {
      action: 'READ',
      resourceType: 'audit-event',
      personId: query.personId ?? null,
      purpose: 'AUDIT',
    });
    return page;
  }

  /** Links every committed, unlinked event now (waiting for another sealer if one is busy). */
  seal(): Promise<number> {
    return this.chain.seal();
  }

  verify(): Promise<AuditVerifyReport> {
    return this.chain.verify();
  }

  onModuleInit(): void {
    // unref: a pending tick must never keep a CLI or a test process alive.
    this.timer = setInterval(() => this.tick(), SEAL_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    // The data source closes after this hook; let a running tick finish with it first.
    await this.sealing;
  }

  private tick(): void {
    if (this.sealing) return;
    this.sealing = this.chain
      .seal({ wait: false })
      .then(() => undefined)
      .catch((error: unknown) => {
        this.logger.error({ msg: 'audit sealing failed', err: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        this.sealing = undefined;
      });
  }
}
