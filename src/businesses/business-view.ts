import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppConfig } from '../config/app-config';
import { Business, BusinessReport } from './business.entities';
import { BusinessResponse } from './dto/business.dto';
import { GraduationRule, growthStatus, GrowthThresholds, meetsGraduationRule, silentMonths } from './growth-status';

/** Turns businesses into responses with their derived growth status and graduation proposal. */
@Injectable()
export class BusinessView {
  constructor(private readonly config: AppConfig) {}

  get thresholds(): GrowthThresholds {
    return {
      growthPercent: this.config.businessGrowthPercent,
      declinePercent: this.config.businessDeclinePercent,
      windowMonths: this.config.businessGrowthWindowMonths,
      minReports: this.config.businessMinReports,
    };
  }

  get graduationRule(): GraduationRule {
    return { minNetIncomeIdr: this.config.graduationMinNetIncomeIdr, months: this.config.graduationMonths };
  }

  /** "Today" is the business village's local day (WIB in Jawa Timur, WITA in Kalimantan Timur). */
  today(b: Pick<Business, 'villageCode'>): string {
    return todayIn(timeZoneOfRegion(b.villageCode));
  }

  async views(em: EntityManager, businesses: Business[]): Promise<BusinessResponse[]> {
    if (businesses.length === 0) return [];
    const reports = await em
      .getRepository(BusinessReport)
      .find({ where: { businessId: In(businesses.map((b) => b.id)) }, order: { period: 'DESC' } });
    const byBusiness = new Map<string, BusinessReport[]>(businesses.map((b) => [b.id, []]));
    for (const r of reports) byBusiness.get(r.businessId)?.push(r);
    return businesses.map((b) => this.view(b, byBusiness.get(b.id) ?? []));
  }

  view(b: Business, reports: BusinessReport[]): BusinessResponse {
    const today = this.today(b);
    const growth = growthStatus(reports, today, this.thresholds);
    return {
      id: b.id,
      personId: b.personId,
      grantId: b.grantId,
      sector: b.sector,
      name: b.name,
      villageCode: b.villageCode,
      startDate: b.startDate,
      workers: b.workers,
      growth: { ...growth, silentMonths: silentMonths(growth.latestPeriod, b.startDate.slice(0, 7), today) },
      graduationProposed: b.graduatedOn === null && meetsGraduationRule(reports, this.graduationRule),
      graduation:
        b.graduatedOn === null
          ? null
          : { graduatedOn: b.graduatedOn, graduatedBy: b.graduatedBy, note: b.graduationNote ?? '' },
      version: b.version,
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
    };
  }
}
