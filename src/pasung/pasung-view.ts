import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Person } from '../persons/person.entity';
import {
  PasungCaseDetailResponse,
  PasungCaseResponse,
  PasungEventView,
  PasungPersonView,
} from './dto/pasung-case.response';
import { PasungCaseEvent } from './pasung-case-event.entity';
import { PasungCase } from './pasung-case.entity';
import { nextStatuses } from './pasung-status';

/** Maps pasung rows to responses; loads the few person fields a pasung record shows, in one query per page. */
@Injectable()
export class PasungView {
  async persons(em: EntityManager, ids: string[]): Promise<Map<string, PasungPersonView>> {
    const map = new Map<string, PasungPersonView>();
    if (ids.length === 0) return map;
    const rows = await em
      .getRepository(Person)
      .find({ select: { id: true, fullName: true, sex: true }, where: { id: In([...new Set(ids)]) } });
    for (const p of rows) map.set(p.id, { id: p.id, fullName: p.fullName, sex: p.sex });
    return map;
  }

  summary(row: PasungCase, person: PasungPersonView | undefined): PasungCaseResponse {
    return {
      id: row.id,
      // The person row always exists (foreign key); the fallback only keeps the type honest.
      person: person ?? { id: row.personId, fullName: '', sex: '' },
      villageCode: row.villageCode,
      // Computed rather than read back: the generated column is stale on an entity just saved.
      regencyCode: row.villageCode.slice(0, 4),
      reportedOn: row.reportedOn,
      reportSource: row.reportSource,
      reportSourceDetail: row.reportSourceDetail,
      shackledMonths: row.shackledMonths,
      restraintType: row.restraintType,
      restraintDetail: row.restraintDetail,
      familyContact:
        row.familyContactName === null
          ? null
          : { name: row.familyContactName, relation: row.familyContactRelation ?? '', phone: row.familyContactPhone },
      managingOrganizationId: row.managingOrganizationId,
      caseId: row.caseId,
      currentStatus: row.currentStatus,
      currentStatusOn: row.currentStatusOn,
      nextStatuses: nextStatuses(row.currentStatus),
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  async detail(em: EntityManager, row: PasungCase): Promise<PasungCaseDetailResponse> {
    const persons = await this.persons(em, [row.personId]);
    // The current status is the latest event by date, ties broken by the order of recording.
    const current = await em
      .getRepository(PasungCaseEvent)
      .createQueryBuilder('e')
      .where('e.pasungCaseId = :id', { id: row.id })
      .orderBy('e.occurredOn', 'DESC')
      .addOrderBy('e.seq', 'DESC')
      .getOneOrFail();
    return { ...this.summary(row, persons.get(row.personId)), currentEvent: this.event(current) };
  }

  event(e: PasungCaseEvent): PasungEventView {
    return {
      id: e.id,
      seq: Number(e.seq),
      status: e.status,
      occurredOn: e.occurredOn,
      note: e.note,
      details: {
        releaseTeam: e.releaseTeam,
        hospitalName: e.hospitalName,
        uptOrganizationId: e.uptOrganizationId,
        causeOfDeath: e.causeOfDeath,
        caseId: e.caseId,
      },
      recordedBy: e.recordedBy,
      recordedByOrganizationId: e.recordedByOrganizationId,
      createdAt: e.createdAt,
    };
  }
}
