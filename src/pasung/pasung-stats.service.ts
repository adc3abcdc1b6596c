import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { ScopePolicy } from '../identity/scope-policy.service';
import { RegionsService } from '../regions/regions.service';
import { PasungRegencyStats, PasungStatsQuery, PasungStatsResponse } from './dto/pasung-case.response';
import { PASUNG_STATUSES, PasungStatus } from './pasung-status';
import { PasungScope } from './pasung-scope';

interface StatsRow {
  regencyCode: string;
  regencyName: string;
  status: PasungStatus;
  cases: number;
  everFreed: number;
  everRepasung: number;
}

/**
 * Counts of pasung cases per regency and current status, plus the cumulative "ever freed" and "ever re-shackled"
 * figures of the e-Pasung recap (docs/pasung.md). Numbers only, no person: the province's report. Scoped like the
 * list, so a regency office counts what it may see.
 */
@Injectable()
export class PasungStatsService {
  constructor(
    private readonly tx: Tx,
    private readonly policy: ScopePolicy,
    private readonly scope: PasungScope,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  async stats(ctx: RequestContext, query: PasungStatsQuery): Promise<PasungStatsResponse> {
    const province = query.province ?? this.policy.provinceOf(this.policy.principal(ctx));
    const region = await this.regions.assertExists(province, 'province');
    const condition = this.scope.condition(ctx, 'pc');
    // The report's SQL, in the open (STYLE.md §9): one grouped scan over ix_pasung_cases_regency_status; the two
    // EXISTS probes use ix_pasung_case_events_status.
    const rows = await this.tx
      .manager(ctx)
      .createQueryBuilder()
      .select('pc.regency_code', 'regencyCode')
      .addSelect('r.name', 'regencyName')
      .addSelect('pc.current_status', 'status')
      .addSelect('count(*)::int', 'cases')
      .addSelect(
        `(count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pasung_case_events fe WHERE fe.pasung_case_id = pc.id AND fe.status = 'BEBAS_PASUNG')))::int`,
        'everFreed',
      )
      .addSelect(
        `(count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pasung_case_events re WHERE re.pasung_case_id = pc.id AND re.status = 'REPASUNG')))::int`,
        'everRepasung',
      )
      .from('pasung_cases', 'pc')
      .innerJoin('regions', 'r', 'r.code = pc.regency_code')
      .where('pc.village_code LIKE :statsProvince', { statsProvince: `${province}%` })
      .andWhere(condition.sql, condition.params)
      .groupBy('pc.regency_code')
      .addGroupBy('r.name')
      .addGroupBy('pc.current_status')
      .orderBy('pc.regency_code', 'ASC')
      .getRawMany<StatsRow>();

    const regencies = new Map<string, PasungRegencyStats>();
    const total = emptyStats(province, region.name);
    for (const row of rows) {
      let regency = regencies.get(row.regencyCode);
      if (!regency) {
        regency = emptyStats(row.regencyCode, row.regencyName);
        regencies.set(row.regencyCode, regency);
      }
      for (const target of [regency, total]) {
        target.byStatus[row.status] += row.cases;
        target.total += row.cases;
        target.everFreed += row.everFreed;
        target.everRepasung += row.everRepasung;
      }
    }
    // Counted figures, no person in them; still recorded, as every read of pasung data is.
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'pasung-stats',
      resourceId: province,
      purpose: 'PASUNG_STATS',
    });
    return { province, asOf: todayIn(timeZoneOfRegion(province)), regencies: [...regencies.values()], total };
  }
}

function emptyStats(code: string, name: string): PasungRegencyStats {
  const byStatus = Object.fromEntries(PASUNG_STATUSES.map((s) => [s, 0])) as Record<PasungStatus, number>;
  return { regencyCode: code, regencyName: name, byStatus, total: 0, everFreed: 0, everRepasung: 0 };
}
