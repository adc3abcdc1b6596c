import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { CaseEvent } from './case.entities';

export type CaseEventType =
  | 'OPENED'
  | 'UPDATED'
  | 'STAGE_CHANGED'
  | 'ADMITTED'
  | 'DISCHARGED'
  | 'HANDED_OVER'
  | 'HANDOVER_RECEIVED'
  | 'ASSESSED'
  | 'VISITED'
  | 'FOLLOW_UPS_SCHEDULED'
  | 'ESCALATED'
  | 'ESCALATION_RESOLVED'
  | 'REFERRED'
  | 'TRANSFERRED'
  | 'CLOSED';

/** Writes one entry of a case's timeline in the request's transaction: every change of a case is an event. */
@Injectable()
export class CaseTimeline {
  constructor(private readonly tx: Tx) {}

  async record(
    ctx: RequestContext,
    caseId: string,
    type: CaseEventType,
    occurredOn: string,
    details: { note?: string | null; data?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.tx.manager(ctx).query(
      `INSERT INTO case_events (case_id, type, occurred_on, note, data, actor_id, actor_organization_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        caseId,
        type,
        occurredOn,
        details.note ?? null,
        JSON.stringify(details.data ?? {}),
        ctx.principal?.id ?? null,
        ctx.principal?.organizationId ?? null,
      ],
    );
  }

  async list(ctx: RequestContext, caseIds: readonly string[]): Promise<CaseEvent[]> {
    if (caseIds.length === 0) return [];
    return this.tx
      .manager(ctx)
      .getRepository(CaseEvent)
      .createQueryBuilder('e')
      .where('e.case_id = ANY(:ids)', { ids: [...caseIds] })
      .orderBy('e.seq', 'ASC')
      .getMany();
  }
}
