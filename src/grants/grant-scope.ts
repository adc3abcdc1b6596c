import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/context/request-context';
import { ScopeCondition, ScopePolicy } from '../identity/scope-policy.service';

/**
 * Who sees which budgets and grants (DESIGN.md §5), built from the shared ScopePolicy's notion of the caller:
 * province roles their province; a regency office its regency's (and the grants it proposed elsewhere);
 * anyone else only the grants its organisation proposed.
 */
@Injectable()
export class GrantScope {
  constructor(private readonly scope: ScopePolicy) {}

  grants(ctx: RequestContext, alias: string): ScopeCondition {
    const principal = this.scope.principal(ctx);
    if (this.scope.isProvinceWide(principal)) {
      return {
        sql: `${alias}.regency_code LIKE :grantProvince`,
        params: { grantProvince: `${this.scope.provinceOf(principal)}%` },
      };
    }
    if (principal.role === 'REGENCY_OPERATOR') {
      return {
        sql: `(${alias}.regency_code = :grantRegency OR ${alias}.proposing_organization_id = :grantOrganization)`,
        params: { grantRegency: principal.regionCode.slice(0, 4), grantOrganization: principal.organizationId },
      };
    }
    return {
      sql: `${alias}.proposing_organization_id = :grantOrganization`,
      params: { grantOrganization: principal.organizationId },
    };
  }

  budgets(ctx: RequestContext, alias: string): ScopeCondition {
    const principal = this.scope.principal(ctx);
    if (this.scope.isProvinceWide(principal)) {
      return {
        sql: `${alias}.regency_code LIKE :budgetProvince`,
        params: { budgetProvince: `${this.scope.provinceOf(principal)}%` },
      };
    }
    if (principal.role === 'REGENCY_OPERATOR') {
      return {
        sql: `${alias}.regency_code = :budgetRegency`,
        params: { budgetRegency: principal.regionCode.slice(0, 4) },
      };
    }
    return { sql: 'FALSE', params: {} };
  }

  /** Budgets are written by province roles only, and only for regencies of their own province. */
  canWriteBudgetOf(ctx: RequestContext, regencyCode: string): boolean {
    const principal = this.scope.principal(ctx);
    return this.scope.isProvinceWide(principal) && regencyCode.startsWith(this.scope.provinceOf(principal));
  }
}
