import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import { ScopeCondition, ScopePolicy } from '../identity/scope-policy.service';

/**
 * Who sells and buys in the marketplace: an organisation acts for itself; province roles act for every organisation
 * of their province (the same rule as writing an organisation). Kept here rather than in ScopePolicy, which this
 * module does not own.
 */
@Injectable()
export class MarketplaceScope {
  constructor(private readonly scope: ScopePolicy) {}

  /** SQL: the organisation in `column` is one the caller acts for. */
  organizations(ctx: RequestContext, column: string, name = 'mkOrg'): ScopeCondition {
    const principal = this.scope.principal(ctx);
    if (this.scope.isProvinceWide(principal)) {
      return {
        sql: `${column} IN (SELECT id FROM organizations WHERE region_code LIKE :${name}Province)`,
        params: { [`${name}Province`]: `${this.scope.provinceOf(principal)}%` },
      };
    }
    return { sql: `${column} = :${name}Own`, params: { [`${name}Own`]: principal.organizationId } };
  }

  /** Whether the caller acts for this organisation (a row already loaded). */
  async actsFor(ctx: RequestContext, em: EntityManager, organizationId: string): Promise<boolean> {
    const principal = this.scope.principal(ctx);
    if (organizationId === principal.organizationId) return true;
    if (!this.scope.isProvinceWide(principal)) return false;
    const rows: { region_code: string }[] = await em.query(`SELECT region_code FROM organizations WHERE id = $1`, [
      organizationId,
    ]);
    return rows.length > 0 && rows[0].region_code.startsWith(this.scope.provinceOf(principal));
  }
}
