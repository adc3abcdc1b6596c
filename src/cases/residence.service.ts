import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { OutboxService } from '../integration/outbox.service';
import { ScopePolicy } from '../identity/scope-policy.service';
import { Organization } from '../organizations/organization.entity';
import { RegionsService } from '../regions/regions.service';
import { CaseTimeline } from './case-timeline';
import { Case, CaseFollowUp, CaseResidence } from './case.entities';
import { CasesService } from './cases.service';
import { CaseErrorCode } from './cases.errors';
import { AdmitDto, CaseResponse, DischargeDto, DischargeResponse, OccupancyResponse } from './dto/case.dto';

/**
 * UPT residence: admission within capacity, discharge, and the handover that gives the person's regency office a
 * community case with an after-care schedule — the "jejaring" path, with nothing re-typed.
 */
@Injectable()
export class ResidenceService {
  constructor(
    private readonly tx: Tx,
    private readonly cases: CasesService,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly regions: RegionsService,
    private readonly scope: ScopePolicy,
    private readonly config: AppConfig,
  ) {}

  /**
   * Capacity holds under concurrency: the UPT's row is locked for the rest of the transaction, so admissions to
   * one UPT take turns counting its residents; with one place left, exactly one of many simultaneous admissions
   * succeeds and the others get 409.
   */
  async admit(ctx: RequestContext, id: string, dto: AdmitDto): Promise<CaseResponse> {
    return this.tx.run(ctx, async (em) => {
      const found = await this.cases.loadOpen(ctx, em, id);
      if (found.kind !== 'RESIDENTIAL') throw new AppException(CaseErrorCode.CASE_NOT_RESIDENTIAL);
      const upt = await em
        .getRepository(Organization)
        .createQueryBuilder('o')
        .setLock('pessimistic_write')
        .where('o.id = :id', { id: found.managingOrganizationId })
        .getOneOrFail();
      if (upt.type !== 'UPT') {
        throw new AppException(CaseErrorCode.CASE_ORGANIZATION_KIND, {
          kind: 'RESIDENTIAL',
          expected: 'UPT',
          type: upt.type,
        });
      }
      const today = this.cases.today(upt.regionCode);
      this.cases.assertNotFuture('date', dto.date, today);
      if (dto.date < found.openedOn) {
        this.cases.dateError('date', {
          id: 'tidak boleh sebelum kasus dibuka',
          en: 'must not be before the case was opened',
        });
      }
      const current = await em.getRepository(CaseResidence).findOne({ where: { caseId: id, dischargedOn: IsNull() } });
      if (current) throw new AppException(CaseErrorCode.CASE_ALREADY_ADMITTED, { since: current.admittedOn });
      const [{ residents }] = await em.query(
        `SELECT count(*)::int AS residents FROM case_residences WHERE organization_id = $1 AND discharged_on IS NULL`,
        [upt.id],
      );
      const capacity = upt.capacity ?? 0;
      if (residents >= capacity) throw new AppException(CaseErrorCode.UPT_FULL, { residents, capacity });
      await em
        .getRepository(CaseResidence)
        .insert({ caseId: id, organizationId: upt.id, admittedOn: dto.date, ward: dto.ward ?? null });
      await this.timeline.record(ctx, id, 'ADMITTED', dto.date, {
        data: { organizationId: upt.id, ward: dto.ward ?? null },
      });
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'case',
        resourceId: id,
        personId: found.personId,
        changedFields: ['residence'],
      });
      return this.cases.view(ctx, em, found);
    });
  }

  /**
   * Discharge and handover in one transaction: the stay ends; the residential case closes as RETURNED_TO_FAMILY;
   * the person's domicile becomes the destination village; a COMMUNITY case opens at the Dinas Sosial office of
   * that village's regency, linked to the residential one, at stage BIMBINGAN_LANJUT, with its follow-up schedule;
   * and a `case.handover` event goes to the outbox for webhooks.
   */
  async discharge(ctx: RequestContext, id: string, dto: DischargeDto): Promise<DischargeResponse> {
    return this.tx.run(ctx, async (em) => {
      const found = await this.cases.loadOpen(ctx, em, id);
      if (found.kind !== 'RESIDENTIAL') throw new AppException(CaseErrorCode.CASE_NOT_RESIDENTIAL);
      const residence = await em
        .getRepository(CaseResidence)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.case_id = :id AND r.discharged_on IS NULL', { id })
        .getOne();
      if (!residence) throw new AppException(CaseErrorCode.CASE_NOT_ADMITTED);
      const village = await this.regions.assertExists(dto.destinationVillageCode, 'destinationVillageCode');
      if (village.level !== 'VILLAGE')
        throw new AppException('PERSON_VILLAGE_REQUIRED', { code: dto.destinationVillageCode });
      const today = await this.cases.todayOf(em, found);
      this.cases.assertNotFuture('date', dto.date, today);
      if (dto.date < residence.admittedOn) {
        this.cases.dateError('date', {
          id: 'tidak boleh sebelum tanggal masuk',
          en: 'must not be before the admission date',
        });
      }
      const regencyCode = dto.destinationVillageCode.slice(0, 4);
      const office = await em
        .getRepository(Organization)
        .findOne({ where: { type: 'REGENCY_OFFICE', regionCode: regencyCode, active: true } });
      if (!office) throw new AppException(CaseErrorCode.CASE_NO_REGENCY_OFFICE, { regency: regencyCode });

      await em.update(CaseResidence, residence.id, {
        dischargedOn: dto.date,
        destinationVillageCode: dto.destinationVillageCode,
        receivingName: dto.receivingFamily.name,
        receivingRelation: dto.receivingFamily.relation,
        receivingPhone: dto.receivingFamily.phone ?? null,
        dischargeReason: dto.reason,
      });
      await this.timeline.record(ctx, id, 'DISCHARGED', dto.date, {
        note: dto.reason,
        data: { destinationVillageCode: dto.destinationVillageCode, receivingRelation: dto.receivingFamily.relation },
      });
      await this.moveDomicile(em, found.personId, dto);

      const community = await em.getRepository(Case).save(
        em.getRepository(Case).create({
          personId: found.personId,
          managingOrganizationId: office.id,
          kind: 'COMMUNITY',
          ppksCode: found.ppksCode,
          severity: found.severity,
          stageCode: 'BIMBINGAN_LANJUT',
          openedOn: dto.date,
          parentCaseId: found.id,
          assignedWorkerIds: [],
        }),
      );
      const schedule = await this.schedule(em, community.id, dto.date);
      await this.timeline.record(ctx, community.id, 'HANDOVER_RECEIVED', dto.date, {
        data: { fromCaseId: found.id, fromOrganizationId: found.managingOrganizationId },
      });
      await this.timeline.record(ctx, community.id, 'FOLLOW_UPS_SCHEDULED', dto.date, { data: { dueOn: schedule } });
      await this.timeline.record(ctx, id, 'HANDED_OVER', dto.date, {
        data: { toCaseId: community.id, toOrganizationId: office.id },
      });
      const closed = await this.cases.closeCase(ctx, em, found, 'RETURNED_TO_FAMILY', dto.date, dto.reason);
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'case',
        resourceId: community.id,
        personId: found.personId,
        changedFields: ['handover'],
      });
      await this.outbox.publish(
        ctx,
        'case.handover',
        { type: 'case', id: community.id },
        [found.managingOrganizationId, office.id],
        {
          residentialCaseId: found.id,
          communityCaseId: community.id,
          personId: found.personId,
          fromOrganizationId: found.managingOrganizationId,
          toOrganizationId: office.id,
          destinationVillageCode: dto.destinationVillageCode,
          dischargedOn: dto.date,
          followUps: schedule,
        },
      );
      return {
        residentialCase: await this.cases.view(ctx, em, closed),
        communityCase: await this.cases.view(ctx, em, community),
      };
    });
  }

  async occupancy(ctx: RequestContext, organizationId: string): Promise<OccupancyResponse> {
    const em = this.tx.manager(ctx);
    const organization = isUuid(organizationId)
      ? await em.getRepository(Organization).findOne({ where: { id: organizationId } })
      : null;
    if (!organization || organization.type !== 'UPT' || !this.canSeeOccupancy(ctx, organization)) {
      throw new AppException('ORGANIZATION_NOT_FOUND', { id: organizationId.slice(0, 40) });
    }
    const today = this.cases.today(organization.regionCode);
    const rows: { severity: string | null; sex: string; long_stay: boolean }[] = await em.query(
      `SELECT c.severity, p.sex, r.admitted_on < ($2::date - interval '12 months') AS long_stay
       FROM case_residences r JOIN cases c ON c.id = r.case_id JOIN persons p ON p.id = c.person_id
       WHERE r.organization_id = $1 AND r.discharged_on IS NULL`,
      [organization.id, today],
    );
    const bySeverity: Record<string, number> = { BERAT: 0, SEDANG: 0, RINGAN: 0, UNKNOWN: 0 };
    const bySex: Record<string, number> = { M: 0, F: 0 };
    for (const row of rows) {
      bySeverity[row.severity ?? 'UNKNOWN'] += 1;
      bySex[row.sex] += 1;
    }
    const capacity = organization.capacity ?? 0;
    return {
      organizationId: organization.id,
      capacity,
      residents: rows.length,
      available: Math.max(0, capacity - rows.length),
      bySeverity,
      bySex,
      longStays: rows.filter((r) => r.long_stay).length,
    };
  }

  /** Occupancy is aggregate, but still the UPT's own business: the UPT itself and the province see it. */
  private canSeeOccupancy(ctx: RequestContext, organization: Organization): boolean {
    const principal = this.scope.principal(ctx);
    if (this.scope.isProvinceWide(principal))
      return organization.regionCode.startsWith(this.scope.provinceOf(principal));
    return principal.organizationId === organization.id;
  }

  /** Follow-up visits, every N months after the discharge day (the last valid day when a month is shorter). */
  private async schedule(em: EntityManager, caseId: string, from: string): Promise<string[]> {
    const due = Array.from({ length: this.config.caseFollowUpVisits }, (_, i) =>
      addMonths(from, (i + 1) * this.config.caseFollowUpIntervalMonths),
    );
    for (const [i, dueOn] of due.entries()) {
      await em.getRepository(CaseFollowUp).insert({ caseId, sequence: i + 1, dueOn });
    }
    return due;
  }

  private async moveDomicile(em: EntityManager, personId: string, dto: DischargeDto): Promise<void> {
    await em.query(`UPDATE person_domiciles SET valid_to = $2 WHERE person_id = $1 AND valid_to IS NULL`, [
      personId,
      dto.date,
    ]);
    await em.query(
      `INSERT INTO person_domiciles (person_id, village_code, address, valid_from) VALUES ($1, $2, $3, $4)`,
      [personId, dto.destinationVillageCode, dto.destinationAddress ?? null, dto.date],
    );
    await em.query(
      `UPDATE persons SET domicile_village_code = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [personId, dto.destinationVillageCode],
    );
  }
}

/** `YYYY-MM-DD` plus whole months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
