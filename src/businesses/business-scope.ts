import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/context/request-context';
import { ScopeCondition, ScopePolicy } from '../identity/scope-policy.service';

/**
 * Which businesses a caller sees (docs/empowerment-businesses.md "Scope"), built from ScopePolicy's principal rules
 * and kept beside the module because only it uses them. The business's village decides, not the owner's domicile:
 * monitoring is done where the business is.
 */
@Injectable()
export class BusinessScope {
  constructor(private readonly scope: ScopePolicy) {}

  condition(ctx: RequestContext, alias: string): ScopeCondition {
    const principal = this.scope.principal(ctx);
    if (this.scope.isProvinceWide(principal)) {
      return {
        sql: `${alias}.village_code LIKE :businessProvince`,
        params: { businessProvince: `${this.scope.provinceOf(principal)}%` },
      };
    }
    if (principal.role === 'REGENCY_OPERATOR') {
      return {
        sql: `${alias}.regency_code = :businessRegency`,
        params: { businessRegency: regencyOf(principal.regionCode) },
      };
    }
    // A UPT sees (read-only) the businesses of people whose case it manages: its former residents.
    if (principal.role === 'UPT_STAFF') {
      return {
        sql: `EXISTS (SELECT 1 FROM cases business_case WHERE business_case.person_id = ${alias}.person_id AND business_case.managing_organization_id = :businessOrganization)`,
        params: { businessOrganization: principal.organizationId },
      };
    }
    return { sql: 'FALSE', params: {} };
  }

  /** Where the caller may place a business: its province, or its regency for a regency office; null: nowhere. */
  villagePrefix(ctx: RequestContext): string | null {
    const principal = this.scope.principal(ctx);
    if (this.scope.isProvinceWide(principal)) return this.scope.provinceOf(principal);
    if (principal.role === 'REGENCY_OPERATOR') return regencyOf(principal.regionCode);
    return null;
  }
}

function regencyOf(regionCode: string): string {
  return regionCode.slice(0, 4);
}
