import { presentFields } from '../common/validation/present-fields';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { likePattern } from '../common/database/search';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { assertVersion, IfMatchVersion } from '../common/http/etag';
import { Page, paginate } from '../common/pagination/pagination';
import { PpksCategory } from '../ppks/ppks.entities';
import { RegionsService } from '../regions/regions.service';
import { AuditService } from '../audit/audit.service';
import { ScopePolicy } from '../identity/scope-policy.service';
import {
  CreateOrganizationDto,
  ListOrganizationsQuery,
  OrganizationResponse,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { Organization } from './organization.entity';
import { OrganizationErrorCode } from './organizations.errors';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly tx: Tx,
    private readonly regions: RegionsService,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<OrganizationResponse> {
    return OrganizationResponse.of(await this.load(this.tx.manager(ctx), id));
  }

  async list(ctx: RequestContext, query: ListOrganizationsQuery): Promise<Page<OrganizationResponse>> {
    const qb = this.tx
      .manager(ctx)
      .getRepository(Organization)
      .createQueryBuilder('o')
      .leftJoinAndSelect('o.ppksCategories', 'ppks');
    if (!query.includeInactive) qb.andWhere('o.active');
    if (query.type) qb.andWhere('o.type = :type', { type: query.type });
    if (query.region) {
      await this.regions.assertExists(query.region, 'region');
      // Region codes nest by prefix, so "in regency 3571" is "code starts with 3571".
      qb.andWhere('o.regionCode LIKE :prefix', { prefix: `${query.region}%` });
    }
    if (query.q) qb.andWhere('search_key(o.name) LIKE search_key(:q)', { q: likePattern(query.q) });
    return paginate(
      qb,
      query,
      [
        { expression: 'o.name', value: (o) => o.name, type: 'string' },
        { expression: 'o.id', value: (o) => o.id, type: 'string' },
      ],
      OrganizationResponse.of,
    );
  }

  async create(ctx: RequestContext, dto: CreateOrganizationDto): Promise<OrganizationResponse> {
    return this.tx.run(ctx, async (em) => {
      await this.regions.assertExists(dto.regionCode, 'regionCode');
      // Only province roles create organisations, and only in their own province.
      this.scope.assertCanWriteOrganization(ctx, { id: '', regionCode: dto.regionCode });
      this.assertUptFields(dto.type, dto);
      if (dto.parentId) await this.assertParent(em, dto.parentId);
      if (dto.code) await this.assertCodeFree(em, dto.code);
      const repository = em.getRepository(Organization);
      const organization = repository.create({
        name: dto.name,
        type: dto.type,
        regionCode: dto.regionCode,
        code: dto.code ?? null,
        address: dto.address ?? null,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        parentId: dto.parentId ?? null,
        capacity: dto.capacity ?? null,
        ppksCategories: await this.ppksCategories(em, dto.ppksCategories ?? []),
      });
      const saved = await repository.save(organization);
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'organization',
        resourceId: saved.id,
        changedFields: presentFields(dto),
      });
      return OrganizationResponse.of(await this.load(em, saved.id));
    });
  }

  async update(
    ctx: RequestContext,
    id: string,
    expected: IfMatchVersion,
    dto: UpdateOrganizationDto,
  ): Promise<OrganizationResponse> {
    return this.tx.run(ctx, async (em) => {
      const organization = await this.load(em, id, true);
      this.scope.assertCanWriteOrganization(ctx, organization);
      assertVersion(expected, organization.version);
      if (dto.regionCode !== undefined && dto.regionCode !== null) {
        await this.regions.assertExists(dto.regionCode, 'regionCode');
        // Moving an organisation must keep it inside the caller's write scope too.
        this.scope.assertCanWriteOrganization(ctx, { id: organization.id, regionCode: dto.regionCode });
      }
      this.assertUptFields(organization.type, dto);
      if (dto.parentId) await this.assertParent(em, dto.parentId, organization.id);
      if (dto.code && dto.code !== organization.code) await this.assertCodeFree(em, dto.code);
      const { ppksCategories, ...fields } = dto;
      for (const [key, value] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
        if (value === undefined) continue;
        // name, type and regionCode cannot be cleared; the DTO allows null only for optional fields.
        if (value === null && (key === 'name' || key === 'regionCode')) continue;
        (organization as unknown as Record<string, unknown>)[key] = value;
      }
      if (ppksCategories !== undefined)
        organization.ppksCategories = await this.ppksCategories(em, ppksCategories ?? []);
      await em.getRepository(Organization).save(organization);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'organization',
        resourceId: id,
        changedFields: presentFields(dto),
      });
      return OrganizationResponse.of(await this.load(em, id));
    });
  }

  /** Deactivated organisations keep their history and links; they no longer appear in default lists. */
  async setActive(ctx: RequestContext, id: string, active: boolean): Promise<OrganizationResponse> {
    return this.tx.run(ctx, async (em) => {
      const organization = await this.load(em, id, true);
      this.scope.assertCanWriteOrganization(ctx, organization);
      if (organization.active !== active) {
        organization.active = active;
        organization.deactivatedAt = active ? null : new Date();
        await em.getRepository(Organization).save(organization);
        await this.audit.record(ctx, {
          action: 'UPDATE',
          resourceType: 'organization',
          resourceId: id,
          changedFields: ['active'],
        });
      }
      return OrganizationResponse.of(await this.load(em, id));
    });
  }

  async findByIds(ctx: RequestContext, ids: readonly string[]): Promise<Organization[]> {
    return this.tx
      .manager(ctx)
      .getRepository(Organization)
      .find({ where: { id: In([...ids]) }, relations: { ppksCategories: true } });
  }

  private async load(em: EntityManager, id: string, lock = false): Promise<Organization> {
    if (!isUuid(id)) throw new AppException(OrganizationErrorCode.ORGANIZATION_NOT_FOUND, { id: id.slice(0, 40) });
    const repository = em.getRepository(Organization);
    if (lock) {
      // Lock the row for the rest of the transaction so concurrent PATCHes serialise on the version check.
      await repository.createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
    }
    const organization = await repository.findOne({ where: { id }, relations: { ppksCategories: true } });
    if (!organization) throw new AppException(OrganizationErrorCode.ORGANIZATION_NOT_FOUND, { id });
    return organization;
  }

  private assertUptFields(type: string, dto: { capacity?: number | null; ppksCategories?: string[] }): void {
    if (type !== 'UPT' && ((dto.capacity ?? null) !== null || (dto.ppksCategories?.length ?? 0) > 0)) {
      throw new AppException(OrganizationErrorCode.CAPACITY_ONLY_FOR_UPT);
    }
  }

  private async assertParent(em: EntityManager, parentId: string, selfId?: string): Promise<void> {
    const exists = await em.getRepository(Organization).exists({ where: { id: parentId } });
    if (!exists) throw new AppException(OrganizationErrorCode.UNKNOWN_PARENT_ORGANIZATION, { id: parentId });
    if (!selfId) return;
    // Walk up from the new parent: meeting ourselves means the change would close a loop.
    const rows: { id: string }[] = await em.query(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM organizations WHERE id = $1
         UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id WHERE up.depth < 50)
       SELECT id FROM up WHERE id = $2 LIMIT 1`,
      [parentId, selfId],
    );
    if (rows.length > 0) throw new AppException(OrganizationErrorCode.PARENT_CYCLE);
  }

  private async assertCodeFree(em: EntityManager, code: string): Promise<void> {
    if (await em.getRepository(Organization).exists({ where: { code } })) {
      throw new AppException(OrganizationErrorCode.ORGANIZATION_CODE_TAKEN, { code });
    }
  }

  private async ppksCategories(em: EntityManager, codes: string[]): Promise<PpksCategory[]> {
    if (codes.length === 0) return [];
    const found = await em.getRepository(PpksCategory).find({ where: { code: In(codes) } });
    const missing = codes.filter((c) => !found.some((f) => f.code === c));
    if (missing.length > 0)
      throw new AppException(OrganizationErrorCode.UNKNOWN_PPKS_CATEGORY, { codes: missing.join(', ') });
    return found;
  }
}
