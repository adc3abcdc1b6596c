import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { likePattern } from '../common/database/search';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { assertVersion, IfMatchVersion } from '../common/http/etag';
import { isUuid } from '../common/ids';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { presentFields } from '../common/validation/present-fields';
import { ScopePolicy } from '../identity/scope-policy.service';
import { ancestorCodes, Region } from '../regions/region.entity';
import { RegionErrorCode } from '../regions/regions.errors';
import { RegionsService } from '../regions/regions.service';
import {
  CreateServiceDto,
  ListOrganizationServicesQuery,
  ListServicesQuery,
  ServiceCategoryResponse,
  ServiceContactInput,
  ServiceResponse,
  UpdateServiceDto,
} from './dto/service.dto';
import { Organization } from './organization.entity';
import { OrganizationErrorCode } from './organizations.errors';
import { CapacityStatus, Service } from './service.entity';
import { ServiceCategory } from './service-category.entity';
import { ServiceErrorCode } from './services.errors';

/**
 * The services organisations offer (the directory). Reading is open to every authenticated caller, as the directory
 * is public information; writing is for whoever may write the organisation (a partner its own services, province
 * roles those of organisations in their province).
 */
@Injectable()
export class ServicesService {
  constructor(
    private readonly tx: Tx,
    private readonly regions: RegionsService,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
  ) {}

  async listCategories(ctx: RequestContext, query: PageQuery): Promise<Page<ServiceCategoryResponse>> {
    const qb = this.tx.manager(ctx).getRepository(ServiceCategory).createQueryBuilder('c');
    return paginate(
      qb,
      query,
      [
        { expression: 'c.sortOrder', value: (c) => c.sortOrder, type: 'number' },
        { expression: 'c.code', value: (c) => c.code, type: 'string' },
      ],
      ServiceCategoryResponse.of,
    );
  }

  async get(ctx: RequestContext, id: string): Promise<ServiceResponse> {
    return ServiceResponse.of(await this.load(this.tx.manager(ctx), id));
  }

  async listOfOrganization(
    ctx: RequestContext,
    organizationId: string,
    query: ListOrganizationServicesQuery,
  ): Promise<Page<ServiceResponse>> {
    await this.organization(this.tx.manager(ctx), organizationId);
    return this.search(ctx, { ...query, organizationId }, true);
  }

  async list(ctx: RequestContext, query: ListServicesQuery): Promise<Page<ServiceResponse>> {
    return this.search(ctx, query, false);
  }

  private async search(
    ctx: RequestContext,
    query: ListServicesQuery,
    ownList: boolean,
  ): Promise<Page<ServiceResponse>> {
    const em = this.tx.manager(ctx);
    const qb = em.getRepository(Service).createQueryBuilder('s').leftJoinAndSelect('s.areas', 'a');
    if (!query.includeInactive) {
      qb.andWhere('s.active');
      // The directory hides the services of deactivated organisations; an organisation's own list shows them.
      if (!ownList)
        qb.andWhere('EXISTS (SELECT 1 FROM organizations so WHERE so.id = s.organization_id AND so.active)');
    }
    if (query.organizationId) {
      if (!ownList && !(await em.getRepository(Organization).exists({ where: { id: query.organizationId } })))
        throw new AppException(CommonErrorCode.REFERENCE_NOT_FOUND, { field: 'organizationId' });
      qb.andWhere('s.organizationId = :organizationId', { organizationId: query.organizationId });
    }
    if (query.category) {
      await this.category(em, query.category, 'category', false);
      qb.andWhere('s.categoryCode = :category', { category: query.category });
    }
    if (query.capacityStatus) qb.andWhere('s.capacityStatus = :capacity', { capacity: query.capacityStatus });
    if (query.region) {
      await this.regions.assertExists(query.region, 'region');
      // Available in a region: an area that covers it (the region itself or an ancestor) or lies inside it.
      qb.andWhere(
        `EXISTS (SELECT 1 FROM service_areas sa WHERE sa.service_id = s.id
           AND (sa.region_code IN (:...covering) OR sa.region_code LIKE :inside))`,
        { covering: [query.region, ...ancestorCodes(query.region)], inside: `${query.region}%` },
      );
    }
    if (query.q) qb.andWhere('search_key(s.name) LIKE search_key(:q)', { q: likePattern(query.q) });
    return paginate(
      qb,
      query,
      [
        { expression: 's.name', value: (s) => s.name, type: 'string' },
        { expression: 's.id', value: (s) => s.id, type: 'string' },
      ],
      ServiceResponse.of,
    );
  }

  async create(ctx: RequestContext, organizationId: string, dto: CreateServiceDto): Promise<ServiceResponse> {
    return this.tx.run(ctx, async (em) => {
      const organization = await this.organization(em, organizationId);
      this.scope.assertCanWriteOrganization(ctx, organization);
      if (!organization.active)
        throw new AppException(OrganizationErrorCode.ORGANIZATION_INACTIVE, { id: organizationId });
      await this.category(em, dto.category, 'category', true);
      const repository = em.getRepository(Service);
      const saved = await repository.save(
        repository.create({
          organizationId,
          name: dto.name,
          description: dto.description ?? null,
          categoryCode: dto.category,
          eligibility: dto.eligibility ?? null,
          schedule: dto.schedule ?? null,
          ...contactColumns(dto.contact),
          capacityStatus: dto.capacityStatus ?? 'ACCEPTING',
          capacityUpdatedAt: new Date(),
          active: true,
          deactivatedAt: null,
          areas: await this.areas(dto.serviceArea),
        }),
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'service',
        resourceId: saved.id,
        changedFields: presentFields(dto),
      });
      return ServiceResponse.of(await this.load(em, saved.id));
    });
  }

  async update(
    ctx: RequestContext,
    id: string,
    expected: IfMatchVersion,
    dto: UpdateServiceDto,
  ): Promise<ServiceResponse> {
    return this.tx.run(ctx, async (em) => {
      const service = await this.load(em, id, true);
      await this.assertCanWrite(ctx, em, service);
      assertVersion(expected, service.version);
      const changed = presentFields(dto);
      if (changed.length === 0) return ServiceResponse.of(service);
      if (dto.name !== undefined) service.name = dto.name;
      if (dto.description !== undefined) service.description = dto.description;
      if (dto.category !== undefined && dto.category !== service.categoryCode) {
        await this.category(em, dto.category, 'category', true);
        service.categoryCode = dto.category;
      }
      if (dto.eligibility !== undefined) service.eligibility = dto.eligibility;
      if (dto.schedule !== undefined) service.schedule = dto.schedule;
      if (dto.contact !== undefined) Object.assign(service, contactColumns(dto.contact));
      if (dto.serviceArea !== undefined) service.areas = await this.areas(dto.serviceArea);
      if (dto.capacityStatus !== undefined) setCapacity(service, dto.capacityStatus);
      await this.save(em, service);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'service',
        resourceId: id,
        changedFields: changed,
      });
      return ServiceResponse.of(await this.load(em, id));
    });
  }

  /** The quick update partner apps make when they fill up or free places. */
  async setCapacity(ctx: RequestContext, id: string, status: CapacityStatus): Promise<ServiceResponse> {
    return this.tx.run(ctx, async (em) => {
      const service = await this.load(em, id, true);
      await this.assertCanWrite(ctx, em, service);
      if (service.capacityStatus === status) return ServiceResponse.of(service);
      setCapacity(service, status);
      await this.save(em, service);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'service',
        resourceId: id,
        changedFields: ['capacityStatus'],
      });
      return ServiceResponse.of(await this.load(em, id));
    });
  }

  /** Deactivated services keep their history (referrals point at them); they leave the directory. */
  async setActive(ctx: RequestContext, id: string, active: boolean): Promise<ServiceResponse> {
    return this.tx.run(ctx, async (em) => {
      const service = await this.load(em, id, true);
      await this.assertCanWrite(ctx, em, service);
      if (service.active === active) return ServiceResponse.of(service);
      service.active = active;
      service.deactivatedAt = active ? null : new Date();
      await this.save(em, service);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'service',
        resourceId: id,
        changedFields: ['active'],
      });
      return ServiceResponse.of(await this.load(em, id));
    });
  }

  private async load(em: EntityManager, id: string, lock = false): Promise<Service> {
    if (!isUuid(id)) throw new AppException(ServiceErrorCode.SERVICE_NOT_FOUND, { id: id.slice(0, 40) });
    const repository = em.getRepository(Service);
    if (lock) {
      // Serialise concurrent writes of one service on its row, so the If-Match check sees the latest version.
      await repository.createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
    }
    const service = await repository.findOne({ where: { id }, relations: { areas: true } });
    if (!service) throw new AppException(ServiceErrorCode.SERVICE_NOT_FOUND, { id });
    return service;
  }

  /**
   * Saves the row and makes sure its version moves: a change of the service area alone touches only the join
   * table, which TypeORM does not count as a change of the row, and the ETag must change with the representation.
   */
  private async save(em: EntityManager, service: Service): Promise<void> {
    const before = service.version;
    await em.getRepository(Service).save(service);
    const [row] = await em.query<{ version: number }[]>(`SELECT version FROM services WHERE id = $1`, [service.id]);
    if (row.version === before)
      await em.query(`UPDATE services SET version = version + 1, updated_at = now() WHERE id = $1`, [service.id]);
  }

  private async assertCanWrite(ctx: RequestContext, em: EntityManager, service: Service): Promise<void> {
    this.scope.assertCanWriteOrganization(ctx, await this.organization(em, service.organizationId));
  }

  private async organization(em: EntityManager, id: string): Promise<Organization> {
    const organization = isUuid(id) ? await em.getRepository(Organization).findOne({ where: { id } }) : null;
    if (!organization) throw new AppException(OrganizationErrorCode.ORGANIZATION_NOT_FOUND, { id: id.slice(0, 40) });
    return organization;
  }

  /** A known category; writes need one still in use, filters accept retired ones (old services carry them). */
  private async category(em: EntityManager, code: string, field: string, activeOnly: boolean): Promise<void> {
    const category = await em.getRepository(ServiceCategory).findOne({ where: { code } });
    if (!category || (activeOnly && !category.active))
      throw new AppException(ServiceErrorCode.UNKNOWN_SERVICE_CATEGORY, { code, field });
  }

  private async areas(codes: string[]): Promise<Region[]> {
    const found = await this.regions.findByCodes(codes);
    const missing = codes.find((code) => !found.some((r) => r.code === code));
    if (missing !== undefined)
      throw new AppException(RegionErrorCode.UNKNOWN_REGION, { code: missing, field: 'serviceArea' });
    return found;
  }
}

/** The contact's columns; a new contact replaces the old one whole, and null removes it. */
function contactColumns(
  contact: ServiceContactInput | null | undefined,
): Pick<Service, 'contactName' | 'contactPhone' | 'contactEmail'> {
  return {
    contactName: contact?.name ?? null,
    contactPhone: contact?.phone ?? null,
    contactEmail: contact?.email ?? null,
  };
}

function setCapacity(service: Service, status: CapacityStatus): void {
  if (service.capacityStatus === status) return;
  service.capacityStatus = status;
  service.capacityUpdatedAt = new Date();
}
