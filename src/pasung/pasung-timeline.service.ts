import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { CreatePasungEventDto } from './dto/pasung-event.dto';
import { PasungCaseDetailResponse, PasungEventView } from './dto/pasung-case.response';
import { PasungCaseEvent } from './pasung-case-event.entity';
import { PasungCase } from './pasung-case.entity';
import { PASUNG_READ_PURPOSE, PasungCasesService } from './pasung-cases.service';
import { PasungErrorCode } from './pasung.errors';
import { PasungInput } from './pasung-input.validator';
import { checkTransition } from './pasung-status';
import { PasungView } from './pasung-view';

/**
 * The status timeline of a pasung case: append an event, read the events in order. Events are appended only on or
 * after the current status's date, so the last recorded event is always the latest by date and the case's
 * `currentStatus` can be kept beside the timeline.
 */
@Injectable()
export class PasungTimelineService {
  constructor(
    private readonly tx: Tx,
    private readonly cases: PasungCasesService,
    private readonly audit: AuditService,
    private readonly input: PasungInput,
    private readonly view: PasungView,
  ) {}

  async addEvent(ctx: RequestContext, id: string, dto: CreatePasungEventDto): Promise<PasungCaseDetailResponse> {
    this.input.detailsFit(dto.status, dto.details);
    return this.tx.run(ctx, async (em) => {
      // Locked: two events appended at once would each check the transition against the same current status.
      const row = await this.cases.load(ctx, em, id, true);
      await this.cases.assertProcessable(em, row.personId, true);
      this.input.date('occurredOn', dto.occurredOn, row.villageCode);
      this.assertCanFollow(row, dto);
      const details = dto.details ?? {};
      if (details.uptOrganizationId !== undefined) await this.input.upt(em, details.uptOrganizationId);
      if (details.caseId !== undefined)
        await this.input.linkedCase(ctx, em, details.caseId, row.personId, 'details.caseId');
      const principal = ctx.principal;
      await em.getRepository(PasungCaseEvent).insert({
        pasungCaseId: row.id,
        status: dto.status,
        occurredOn: dto.occurredOn,
        note: dto.note ?? null,
        releaseTeam: details.releaseTeam ?? null,
        hospitalName: details.hospitalName ?? null,
        uptOrganizationId: details.uptOrganizationId ?? null,
        causeOfDeath: details.causeOfDeath ?? null,
        caseId: details.caseId ?? null,
        recordedBy: principal?.id ?? null,
        recordedByOrganizationId: principal?.organizationId ?? null,
      });
      row.currentStatus = dto.status;
      row.currentStatusOn = dto.occurredOn;
      const changedFields = ['timeline', 'currentStatus', 'currentStatusOn'];
      if (details.caseId !== undefined) {
        row.caseId = details.caseId;
        changedFields.push('caseId');
      }
      const saved = await em.getRepository(PasungCase).save(row);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'pasung-case',
        resourceId: row.id,
        personId: row.personId,
        changedFields,
      });
      return this.view.detail(em, saved);
    });
  }

  async timeline(ctx: RequestContext, id: string, query: PageQuery): Promise<Page<PasungEventView>> {
    const em = this.tx.manager(ctx);
    const row = await this.cases.load(ctx, em, id);
    await this.cases.assertProcessable(em, row.personId, false);
    const qb = em.getRepository(PasungCaseEvent).createQueryBuilder('e').where('e.pasungCaseId = :id', { id: row.id });
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'e.occurredOn', value: (e) => e.occurredOn, type: 'string' },
        { expression: 'e.seq', value: (e) => Number(e.seq), type: 'number' },
      ],
      (e) => this.view.event(e),
    );
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'pasung-case',
      resourceId: row.id,
      personId: row.personId,
      purpose: PASUNG_READ_PURPOSE,
    });
    return page;
  }

  /** MENINGGAL ends the timeline; otherwise the date must not go back and the status must follow the rules. */
  private assertCanFollow(row: PasungCase, dto: CreatePasungEventDto): void {
    const check = checkTransition(row.currentStatus, dto.status);
    if (!check.ok && check.kind === 'FINAL') {
      throw new AppException(PasungErrorCode.PASUNG_CASE_FINAL, { since: row.currentStatusOn }, undefined, undefined, {
        rule: 'MENINGGAL_IS_FINAL',
        currentStatus: row.currentStatus,
      });
    }
    if (dto.occurredOn < row.currentStatusOn) {
      throw new AppException(
        PasungErrorCode.PASUNG_EVENT_OUT_OF_ORDER,
        { date: dto.occurredOn, status: row.currentStatus, since: row.currentStatusOn },
        [{ field: 'occurredOn', message: { id: 'sebelum status sekarang', en: 'before the current status' } }],
        undefined,
        { rule: 'NOT_BEFORE_CURRENT_STATUS', currentStatus: row.currentStatus, currentStatusOn: row.currentStatusOn },
      );
    }
    if (!check.ok && check.kind === 'NOT_ALLOWED') {
      throw new AppException(
        PasungErrorCode.PASUNG_TRANSITION_NOT_ALLOWED,
        { to: dto.status, from: row.currentStatus, rule: check.rule.text },
        undefined,
        undefined,
        { rule: check.rule.name, currentStatus: row.currentStatus, allowed: check.allowed },
      );
    }
  }
}
