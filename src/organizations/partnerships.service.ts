import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { assertVersion, IfMatchVersion } from '../common/http/etag';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { presentFields } from '../common/validation/present-fields';
import { IdentityErrorCode } from '../identity/identity.errors';
import { ScopePolicy } from '../identity/scope-policy.service';
import {
  CreatePartnershipDto,
  ListPartnershipsQuery,
  PartnershipResponse,
  PartnershipStatus,
  UpdatePartnershipDto,
} from './dto/partnership.dto';
import { Organization } from './organization.entity';
import { OrganizationErrorCode } from './organizations.errors';
import { Partnership } from './partnership.entity';
import { PartnershipErrorCode } from './partnerships.errors';

/** MoUs are signed by the provincial office and its partners in Jawa Timur, so their days are WIB days. */
export const PARTNERSHIP_TIME_ZONE = 'Asia/Jakarta';

/** UPCOMING before validFrom, EXPIRED after validTo, ACTIVE in between (both days included). */
export function partnershipStatus(p: { validFrom: string; validTo: string | null }, today: string): PartnershipStatus {
  if (p.validFrom > today) return 'UPCOMING';
  if (p.validTo !== null && p.validTo < today) return 'EXPIRED';
  return 'ACTIVE';
}

/**
 * Partnerships (MoU) between organisations. Like the rest of the directory they are readable by every authenticated
 * caller; a party writes its own partnerships, a province role those with a party in its province.
 */
@Injectable()
export class PartnershipsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<PartnershipResponse> {
    return toResponse(await this.load(this.tx.manager(ctx), id), todayIn(PARTNERSHIP_TIME_ZONE));
  }

  async list(ctx: RequestContext, query: ListPartnershipsQuery): Promise<Page<PartnershipResponse>> {
    const em = this.tx.manager(ctx);
    const qb = em.getRepository(Partnership).createQueryBuilder('p').leftJoinAndSelect('p.parties', 'party');
    if (query.organizationId) {
      if (!(await em.getRepository(Organization).exists({ where: { id: query.organizationId } })))
        throw new AppException(CommonErrorCode.REFERENCE_NOT_FOUND, { field: 'organizationId' });
      qb.andWhere(
        'EXISTS (SELECT 1 FROM partnership_parties pp WHERE pp.partnership_id = p.id AND pp.organization_id = :org)',
        { org: query.organizationId },
      );
    }
    const today = todayIn(PARTNERSHIP_TIME_ZONE);
    // The same rule as partnershipStatus, in SQL.
    if (query.status === 'UPCOMING') qb.andWhere('p.validFrom > :today', { today });
    if (query.status === 'EXPIRED') qb.andWhere('p.validTo < :today', { today });
    if (query.status === 'ACTIVE')
      qb.andWhere('p.validFrom <= :today AND (p.validTo IS NULL OR p.validTo >= :today)', { today });
    return paginate(
      qb,
      query,
      [
        { expression: 'p.validFrom', value: (p) => p.validFrom, type: 'string' },
        { expression: 'p.id', value: (p) => p.id, type: 'string' },
      ],
      (p) => toResponse(p, today),
    );
  }

  async create(ctx: RequestContext, dto: CreatePartnershipDto): Promise<PartnershipResponse> {
    assertPeriod(dto.validFrom, dto.validTo ?? null);
    return this.tx.run(ctx, async (em) => {
      const parties = await this.parties(em, dto.parties);
      this.assertCanWrite(ctx, parties);
      assertActive(parties);
      const repository = em.getRepository(Partnership);
      const saved = await repository.save(
        repository.create({
          scope: dto.scope,
          validFrom: dto.validFrom,
          validTo: dto.validTo ?? null,
          documentReference: dto.documentReference ?? null,
          parties,
        }),
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'partnership',
        resourceId: saved.id,
        changedFields: presentFields(dto),
      });
      return toResponse(await this.load(em, saved.id), todayIn(PARTNERSHIP_TIME_ZONE));
    });
  }

  async update(
    ctx: RequestContext,
    id: string,
    expected: IfMatchVersion,
    dto: UpdatePartnershipDto,
  ): Promise<PartnershipResponse> {
    return this.tx.run(ctx, async (em) => {
      const partnership = await this.load(em, id, true);
      this.assertCanWrite(ctx, partnership.parties);
      assertVersion(expected, partnership.version);
      const changed = presentFields(dto);
      const today = todayIn(PARTNERSHIP_TIME_ZONE);
      if (changed.length === 0) return toResponse(partnership, today);
      assertPeriod(
        dto.validFrom ?? partnership.validFrom,
        dto.validTo === undefined ? partnership.validTo : dto.validTo,
      );
      if (dto.parties !== undefined) {
        const parties = await this.parties(em, dto.parties);
        // The caller must stay able to write what it saves; only parties being added need to be active.
        this.assertCanWrite(ctx, parties);
        assertActive(parties.filter((p) => !partnership.parties.some((old) => old.id === p.id)));
        partnership.parties = parties;
      }
      if (dto.scope !== undefined) partnership.scope = dto.scope;
      if (dto.validFrom !== undefined) partnership.validFrom = dto.validFrom;
      if (dto.validTo !== undefined) partnership.validTo = dto.validTo;
      if (dto.documentReference !== undefined) partnership.documentReference = dto.documentReference;
      const before = partnership.version;
      await em.getRepository(Partnership).save(partnership);
      // Changing only the parties touches only the join table; the version (ETag) must still move.
      const [row] = await em.query<{ version: number }[]>(`SELECT version FROM partnerships WHERE id = $1`, [id]);
      if (row.version === before)
        await em.query(`UPDATE partnerships SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'partnership',
        resourceId: id,
        changedFields: changed,
      });
      return toResponse(await this.load(em, id), today);
    });
  }

  private async load(em: EntityManager, id: string, lock = false): Promise<Partnership> {
    if (!isUuid(id)) throw new AppException(PartnershipErrorCode.PARTNERSHIP_NOT_FOUND, { id: id.slice(0, 40) });
    const repository = em.getRepository(Partnership);
    if (lock) {
      // Serialise concurrent writes on the row, so the If-Match check sees the latest version.
      await repository.createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id', { id }).getOne();
    }
    const partnership = await repository.findOne({ where: { id }, relations: { parties: true } });
    if (!partnership) throw new AppException(PartnershipErrorCode.PARTNERSHIP_NOT_FOUND, { id });
    return partnership;
  }

  private async parties(em: EntityManager, ids: string[]): Promise<Organization[]> {
    const found = await em.getRepository(Organization).find({ where: { id: In(ids) } });
    const missing = ids.filter((id) => !found.some((o) => o.id === id));
    if (missing.length > 0)
      throw new AppException(PartnershipErrorCode.PARTNERSHIP_UNKNOWN_PARTIES, { ids: missing.join(', ') });
    return found;
  }

  /**
   * The organisation write rule (ScopePolicy.assertCanWriteOrganization) met by at least one party: a partner or
   * office must be a party itself; a province role needs a party in its province.
   */
  private assertCanWrite(ctx: RequestContext, parties: Organization[]): void {
    const principal = this.scope.principal(ctx);
    const province = this.scope.provinceOf(principal);
    const allowed = this.scope.isProvinceWide(principal)
      ? parties.some((p) => p.regionCode.startsWith(province))
      : parties.some((p) => p.id === principal.organizationId);
    if (!allowed) throw new AppException(IdentityErrorCode.OUTSIDE_WRITE_SCOPE);
  }
}

function assertPeriod(validFrom: string, validTo: string | null): void {
  if (validTo !== null && validTo < validFrom) {
    throw new AppException(PartnershipErrorCode.PARTNERSHIP_INVALID_PERIOD, { validFrom, validTo }, [
      { field: 'validTo', message: { id: 'tidak boleh sebelum validFrom', en: 'must not be before validFrom' } },
    ]);
  }
}

function assertActive(parties: Organization[]): void {
  const inactive = parties.find((p) => !p.active);
  if (inactive) throw new AppException(OrganizationErrorCode.ORGANIZATION_INACTIVE, { id: inactive.id });
}

function toResponse(p: Partnership, today: string): PartnershipResponse {
  return {
    id: p.id,
    parties: [...(p.parties ?? [])]
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
      .map((o) => ({ id: o.id, name: o.name, type: o.type, regionCode: o.regionCode })),
    scope: p.scope,
    validFrom: p.validFrom,
    validTo: p.validTo,
    documentReference: p.documentReference,
    status: partnershipStatus(p, today),
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
