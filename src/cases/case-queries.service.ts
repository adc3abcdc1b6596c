import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { CaseTimeline } from './case-timeline';
import { CasesService, CASE_READ_PURPOSE } from './cases.service';
import { CaseEventView, TimelineResponse } from './dto/case.dto';
import { CaseEvent } from './case.entities';

/** Read views of a case beyond the record itself (its timeline), shared by REST and GraphQL. */
@Injectable()
export class CaseQueries {
  constructor(
    private readonly tx: Tx,
    private readonly cases: CasesService,
    private readonly timelines: CaseTimeline,
    private readonly audit: AuditService,
  ) {}

  async timeline(ctx: RequestContext, id: string): Promise<TimelineResponse> {
    const found = await this.cases.load(ctx, this.tx.manager(ctx), id);
    const events = await this.timelines.list(ctx, [found.id]);
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'case-timeline',
      resourceId: id,
      personId: found.personId,
      purpose: CASE_READ_PURPOSE,
    });
    return { data: events.map(eventView) };
  }
}

export function eventView(e: CaseEvent): CaseEventView {
  return {
    id: e.id,
    type: e.type,
    occurredOn: e.occurredOn,
    note: e.note,
    data: e.data,
    actorId: e.actorId,
    actorOrganizationId: e.actorOrganizationId,
    recordedAt: e.createdAt,
  };
}
