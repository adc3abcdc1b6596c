import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { ScopePolicy } from '../identity/scope-policy.service';
import { BusinessView } from './business-view';
import { Business, BusinessReport, BusinessReportRevision } from './business.entities';
import { BUSINESS_READ_PURPOSE, BusinessesService } from './businesses.service';
import { BusinessErrorCode } from './businesses.errors';
import { CorrectReportDto, CreateReportDto, ReportList, ReportResponse } from './dto/business.dto';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Monthly monitoring reports: one per period, corrected with the replaced version kept. */
@Injectable()
export class BusinessReportsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
    private readonly businesses: BusinessesService,
    private readonly businessView: BusinessView,
  ) {}

  async create(ctx: RequestContext, businessId: string, dto: CreateReportDto): Promise<ReportResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      // The business row lock serialises reports of one business; the unique constraint is the backstop.
      const business = await this.businesses.load(ctx, em, businessId, true);
      this.assertPeriod(business, dto.period);
      const repository = em.getRepository(BusinessReport);
      if (await repository.exists({ where: { businessId, period: dto.period } })) {
        throw new AppException(BusinessErrorCode.BUSINESS_REPORT_DUPLICATE, { id: businessId, period: dto.period });
      }
      const saved = await repository.save(
        repository.create({
          businessId,
          period: dto.period,
          revenueIdr: dto.revenueIdr,
          netIncomeIdr: dto.netIncomeIdr,
          workers: dto.workers,
          open: dto.open,
          notes: dto.notes ?? null,
          reportedBy: principal.id,
        }),
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'business-report',
        resourceId: saved.id,
        personId: business.personId,
        changedFields: ['period', 'revenueIdr', 'netIncomeIdr', 'workers', 'open'],
      });
      return (await this.views(em, [saved]))[0];
    });
  }

  async correct(
    ctx: RequestContext,
    businessId: string,
    period: string,
    dto: CorrectReportDto,
  ): Promise<ReportResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const business = await this.businesses.load(ctx, em, businessId, true);
      const report = await this.find(em, businessId, period);
      await em.getRepository(BusinessReportRevision).save(
        em.getRepository(BusinessReportRevision).create({
          reportId: report.id,
          version: report.version,
          revenueIdr: report.revenueIdr,
          netIncomeIdr: report.netIncomeIdr,
          workers: report.workers,
          open: report.open,
          notes: report.notes,
          reportedBy: report.reportedBy,
          reportedAt: report.updatedAt,
          replacedBy: principal.id,
          reason: dto.reason,
        }),
      );
      report.revenueIdr = dto.revenueIdr;
      report.netIncomeIdr = dto.netIncomeIdr;
      report.workers = dto.workers;
      report.open = dto.open;
      report.notes = dto.notes ?? null;
      report.reportedBy = principal.id;
      const saved = await em.getRepository(BusinessReport).save(report);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'business-report',
        resourceId: saved.id,
        personId: business.personId,
        changedFields: ['revenueIdr', 'netIncomeIdr', 'workers', 'open', 'notes'],
        purpose: `CORRECTION: ${dto.reason}`.slice(0, 200),
      });
      return (await this.views(em, [saved]))[0];
    });
  }

  async list(ctx: RequestContext, businessId: string): Promise<ReportList> {
    const em = this.tx.manager(ctx);
    const business = await this.businesses.load(ctx, em, businessId);
    const reports = await em.getRepository(BusinessReport).find({ where: { businessId }, order: { period: 'DESC' } });
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'business-report',
      resourceId: businessId,
      personId: business.personId,
      purpose: BUSINESS_READ_PURPOSE,
    });
    return { data: await this.views(em, reports) };
  }

  /**
   * Reports of several businesses the caller has already been shown (a GraphQL page of businesses, which went through
   * the scope): one query for all, audited per owner.
   */
  async listForBusinesses(
    ctx: RequestContext,
    businesses: readonly { id: string; personId: string }[],
  ): Promise<Map<string, ReportResponse[]>> {
    const em = this.tx.manager(ctx);
    const ids = businesses.map((b) => b.id);
    const reports = await em
      .getRepository(BusinessReport)
      .find({ where: { businessId: In(ids) }, order: { period: 'DESC' } });
    await this.audit.recordMany(
      ctx,
      businesses.map((b) => ({
        action: 'READ',
        resourceType: 'business-report',
        resourceId: b.id,
        personId: b.personId,
        purpose: BUSINESS_READ_PURPOSE,
      })),
    );
    const grouped = new Map<string, ReportResponse[]>(ids.map((id) => [id, []]));
    for (const view of await this.views(em, reports)) grouped.get(view.businessId)?.push(view);
    return grouped;
  }

  /** Not after the current month where the business is, not before the month it started. */
  private assertPeriod(business: Business, period: string): void {
    const current = this.businessView.today(business).slice(0, 7);
    if (period > current) {
      throw new AppException(
        BusinessErrorCode.BUSINESS_REPORT_PERIOD_INVALID,
        {
          period,
          reason: { id: `di masa depan (bulan ini ${current})`, en: `is in the future (this month is ${current})` },
        },
        [{ field: 'period', message: { id: 'di masa depan', en: 'is in the future' } }],
      );
    }
    const start = business.startDate.slice(0, 7);
    if (period < start) {
      throw new AppException(
        BusinessErrorCode.BUSINESS_REPORT_PERIOD_INVALID,
        { period, reason: { id: `sebelum usaha dimulai (${start})`, en: `is before the business started (${start})` } },
        [{ field: 'period', message: { id: 'sebelum usaha dimulai', en: 'is before the business started' } }],
      );
    }
  }

  private async find(em: EntityManager, businessId: string, period: string): Promise<BusinessReport> {
    const report = PERIOD.test(period)
      ? await em.getRepository(BusinessReport).findOne({ where: { businessId, period } })
      : null;
    if (!report) throw new AppException(BusinessErrorCode.BUSINESS_REPORT_NOT_FOUND, { period: period.slice(0, 20) });
    return report;
  }

  private async views(em: EntityManager, reports: BusinessReport[]): Promise<ReportResponse[]> {
    if (reports.length === 0) return [];
    const revisions = await em
      .getRepository(BusinessReportRevision)
      .find({ where: { reportId: In(reports.map((r) => r.id)) }, order: { version: 'ASC' } });
    return reports.map((r) => ({
      id: r.id,
      businessId: r.businessId,
      period: r.period,
      revenueIdr: r.revenueIdr,
      netIncomeIdr: r.netIncomeIdr,
      workers: r.workers,
      open: r.open,
      notes: r.notes,
      version: r.version,
      revisions: revisions
        .filter((v) => v.reportId === r.id)
        .map((v) => ({
          version: v.version,
          revenueIdr: v.revenueIdr,
          netIncomeIdr: v.netIncomeIdr,
          workers: v.workers,
          open: v.open,
          notes: v.notes,
          reportedAt: v.reportedAt,
          replacedAt: v.replacedAt,
          reason: v.reason,
        })),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }
}
