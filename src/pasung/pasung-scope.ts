import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/context/request-context';
import { ScopeCondition, ScopePolicy } from '../identity/scope-policy.service';

/**
 * Which pasung cases a caller sees (docs/pasung.md "Scope"). Kept beside the module rather than in ScopePolicy:
 * it is built from ScopePolicy's principal rules and only this module uses it.
 */
@Injectable()
export class PasungScope {
  constructor(private readonly scope: ScopePolicy) {}

  condition(ctx: RequestContext, alias: string): ScopeCondition {
    const principal = this.scope.principal(ctx);
    // Province roles: every case found in their province.
    if (this.scope.isProvinceWide(principal)) {
      return {
        sql: `${alias}.village_code LIKE :pasungProvince`,
        params: { pasungProvince: `${this.scope.provinceOf(principal)}%` },
      };
    }
    // A regency office: cases found in its regency (whoever manages them) and the cases it manages.
    if (principal.role === 'REGENCY_OPERATOR') {
      return {
        sql: `(${alias}.regency_code = :pasungRegency OR ${alias}.managing_organization_id = :pasungOrganization)`,
        params: { pasungRegency: principal.regionCode.slice(0, 4), pasungOrganization: principal.organizationId },
      };
    }
    // A UPT: the cases it manages and those linked to a rehabilitation case it manages (the person is in its care).
    if (principal.role === 'UPT_STAFF') {
      return {
        sql: `(${alias}.managing_organization_id = :pasungOrganization OR EXISTS (SELECT 1 FROM cases pasung_linked WHERE pasung_linked.id = ${alias}.case_id AND pasung_linked.managing_organization_id = :pasungOrganization))`,
        params: { pasungOrganization: principal.organizationId },
      };
    }
    // Partners and every other role: none (partners see a person only through a referral).
    return { sql: 'FALSE', params: {} };
  }
}
