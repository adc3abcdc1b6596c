import { Injectable } from '@nestjs/common';
import { Principal, RequestContext } from '../common/context/request-context';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IdentityErrorCode } from './identity.errors';
import { PROVINCE_ROLES } from './permissions';

/** A SQL condition (with named parameters) to AND into a query. */
export interface ScopeCondition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * Turns the caller into SQL conditions per resource type (DESIGN.md §5): province roles see their province,
 * an office or UPT its own organisation, a partner only what involves it. Every list and get of a scoped resource
 * ANDs one of these in, so a foreign record is simply not found (404), never a hint that it exists.
 * Later modules add their resource types here.
 */
@Injectable()
export class ScopePolicy {
  principal(ctx: RequestContext): Principal {
    if (!ctx.principal) throw new AppException(CommonErrorCode.UNAUTHENTICATED);
    return ctx.principal;
  }

  isProvinceWide(principal: Principal): boolean {
    return PROVINCE_ROLES.has(principal.role);
  }

  provinceOf(principal: Principal): string {
    return principal.regionCode.slice(0, 2);
  }

  /**
   * Organisations the caller may change: province roles every organisation in their province; everyone else
   * only their own organisation. (Reading the directory is open to every authenticated caller: it is public.)
   */
  organizationWrite(ctx: RequestContext, alias: string): ScopeCondition {
    const principal = this.principal(ctx);
    if (this.isProvinceWide(principal)) {
      return {
        sql: `${alias}.region_code LIKE :scopeProvince`,
        params: { scopeProvince: `${this.provinceOf(principal)}%` },
      };
    }
    return { sql: `${alias}.id = :scopeOrganization`, params: { scopeOrganization: principal.organizationId } };
  }

  /** Same rule as {@link organizationWrite}, for a row already loaded; 403 because the directory is visible. */
  assertCanWriteOrganization(ctx: RequestContext, organization: { id: string; regionCode: string }): void {
    const principal = this.principal(ctx);
    const allowed = this.isProvinceWide(principal)
      ? organization.regionCode.startsWith(this.provinceOf(principal))
      : organization.id === principal.organizationId;
    if (!allowed) throw new AppException(IdentityErrorCode.OUTSIDE_WRITE_SCOPE);
  }

  /**
   * Persons (DESIGN.md §5): province roles see people living, or registered, in their province; a regency office
   * sees people whose domicile is in its regency and those it registered; a UPT or partner those it registered.
   * (The cases and referrals issues widen the last two through the cases they manage and referrals they take part in.)
   */
  persons(ctx: RequestContext, alias: string): ScopeCondition {
    const principal = this.principal(ctx);
    if (this.isProvinceWide(principal)) {
      return {
        sql: `(${alias}.domicile_regency_code LIKE :scopeProvince OR ${alias}.registered_by_organization_id IN (SELECT id FROM organizations WHERE region_code LIKE :scopeProvince))`,
        params: { scopeProvince: `${this.provinceOf(principal)}%` },
      };
    }
    // The people of the cases an office or UPT manages are theirs to see too, and so are the people of the live
    // referrals it receives (a referral adds the receiver as a participant).
    const managed = `(EXISTS (SELECT 1 FROM cases sc WHERE sc.person_id = ${alias}.id AND sc.managing_organization_id = :scopeOrganization)
      OR EXISTS (SELECT 1 FROM referrals sr WHERE sr.person_id = ${alias}.id AND sr.to_organization_id = :scopeOrganization
        AND sr.status IN ('REQUESTED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD')))`;
    if (principal.role === 'REGENCY_OPERATOR') {
      return {
        sql: `(${alias}.domicile_regency_code = :scopeRegency OR ${alias}.registered_by_organization_id = :scopeOrganization OR ${managed})`,
        params: { scopeRegency: principal.regionCode.slice(0, 4), scopeOrganization: principal.organizationId },
      };
    }
    return {
      sql: `(${alias}.registered_by_organization_id = :scopeOrganization OR ${managed})`,
      params: { scopeOrganization: principal.organizationId },
    };
  }

  /**
   * Cases: province roles see every case managed in their province; a UPT its own cases; a regency office the
   * cases it manages and those of people whose domicile is in its regency; partners none (they hold no cases:read
   * and see a case only through a referral).
   */
  cases(ctx: RequestContext, alias: string): ScopeCondition {
    const principal = this.principal(ctx);
    if (this.isProvinceWide(principal)) {
      return {
        sql: `${alias}.managing_organization_id IN (SELECT id FROM organizations WHERE region_code LIKE :scopeProvince)`,
        params: { scopeProvince: `${this.provinceOf(principal)}%` },
      };
    }
    if (principal.role === 'REGENCY_OPERATOR') {
      return {
        sql: `(${alias}.managing_organization_id = :scopeOrganization OR EXISTS (SELECT 1 FROM persons sp WHERE sp.id = ${alias}.person_id AND sp.domicile_regency_code = :scopeRegency))`,
        params: { scopeOrganization: principal.organizationId, scopeRegency: principal.regionCode.slice(0, 4) },
      };
    }
    return {
      sql: `${alias}.managing_organization_id = :scopeOrganization`,
      params: { scopeOrganization: principal.organizationId },
    };
  }

  /**
   * Referrals: the sender and the receiver see them; province roles those sent or received in their province.
   */
  referrals(ctx: RequestContext, alias: string): ScopeCondition {
    const principal = this.principal(ctx);
    if (this.isProvinceWide(principal)) {
      return {
        sql: `(${alias}.from_organization_id IN (SELECT id FROM organizations WHERE region_code LIKE :scopeProvince) OR ${alias}.to_organization_id IN (SELECT id FROM organizations WHERE region_code LIKE :scopeProvince))`,
        params: { scopeProvince: `${this.provinceOf(principal)}%` },
      };
    }
    return {
      sql: `(${alias}.from_organization_id = :scopeOrganization OR ${alias}.to_organization_id = :scopeOrganization)`,
      params: { scopeOrganization: principal.organizationId },
    };
  }

  /**
   * Audit events: those of actors in the caller's province, plus events no organisation owns (anonymous login
   * attempts, system work), which every province's auditors need to see an attack. Others: their own organisation's.
   */
  auditEvents(ctx: RequestContext, alias: string): ScopeCondition {
    const principal = this.principal(ctx);
    if (!this.isProvinceWide(principal)) return this.organizationMembers(ctx, alias);
    return {
      sql: `(${alias}.organization_id IS NULL OR ${alias}.organization_id IN (SELECT id FROM organizations WHERE region_code LIKE :scopeProvince))`,
      params: { scopeProvince: `${this.provinceOf(principal)}%` },
    };
  }

  /** Users and API clients: province roles see those of organisations in their province; others their own. */
  organizationMembers(ctx: RequestContext, alias: string): ScopeCondition {
    const principal = this.principal(ctx);
    if (this.isProvinceWide(principal)) {
      return {
        sql: `${alias}.organization_id IN (SELECT id FROM organizations WHERE region_code LIKE :scopeProvince)`,
        params: { scopeProvince: `${this.provinceOf(principal)}%` },
      };
    }
    return {
      sql: `${alias}.organization_id = :scopeOrganization`,
      params: { scopeOrganization: principal.organizationId },
    };
  }
}
