import { Injectable } from '@nestjs/common';
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { likePattern } from '../common/database/search';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { RegionsService } from '../regions/regions.service';
import {
  HSDS_DEFAULT_PER_PAGE,
  HsdsOrganization,
  HsdsOrganizationListItem,
  HsdsPage,
  HsdsPageQuery,
  HsdsService,
  HsdsServiceListItem,
  HsdsServicesQuery,
} from './dto/hsds.dto';
import {
  categoryTermId,
  organizationRegionCodes,
  toHsdsOrganization,
  toHsdsOrganizationListItem,
  toHsdsService,
  toHsdsServiceListItem,
} from './hsds.mapper';
import { Organization } from './organization.entity';
import { OrganizationErrorCode } from './organizations.errors';
import { Service } from './service.entity';
import { ServiceCategory } from './service-category.entity';
import { ServiceErrorCode } from './services.errors';

/**
 * The directory as an Open Referral HSDS 3.0 feed: active organisations and their active services, read-only.
 * Nothing in it is personal data of a client, so reads are not audited.
 */
@Injectable()
export class HsdsFeedService {
  constructor(
    private readonly tx: Tx,
    private readonly regions: RegionsService,
  ) {}

  async listOrganizations(ctx: RequestContext, query: HsdsPageQuery): Promise<HsdsPage<HsdsOrganizationListItem>> {
    const qb = this.tx.manager(ctx).getRepository(Organization).createQueryBuilder('o').where('o.active');
    if (query.search) qb.andWhere('search_key(o.name) LIKE search_key(:q)', { q: likePattern(query.search) });
    qb.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC');
    const page = await this.page(qb, query);
    const names = await this.regionNames(page.rows);
    return envelope(page, (o) => toHsdsOrganizationListItem(o, names));
  }

  async getOrganization(ctx: RequestContext, id: string): Promise<HsdsOrganization> {
    const em = this.tx.manager(ctx);
    const organization = isUuid(id)
      ? await em.getRepository(Organization).findOne({ where: { id, active: true } })
      : null;
    if (!organization) throw new AppException(OrganizationErrorCode.ORGANIZATION_NOT_FOUND, { id: id.slice(0, 40) });
    const services = await em
      .getRepository(Service)
      .find({ where: { organizationId: id, active: true }, order: { name: 'ASC', id: 'ASC' } });
    return toHsdsOrganization(organization, services, await this.regionNames([organization]));
  }

  async listServices(ctx: RequestContext, query: HsdsServicesQuery): Promise<HsdsPage<HsdsServiceListItem>> {
    const em = this.tx.manager(ctx);
    const qb = this.activeServices(em);
    if (query.search) qb.andWhere('search_key(s.name) LIKE search_key(:q)', { q: likePattern(query.search) });
    if (query.organization_id) qb.andWhere('s.organizationId = :org', { org: query.organization_id });
    if (query.taxonomy_term_id) {
      // Term ids are derived from category codes; an id that is no category's matches nothing, as a filter should.
      const categories = await em.getRepository(ServiceCategory).find();
      const code = categories.find((c) => categoryTermId(c.code) === query.taxonomy_term_id)?.code ?? null;
      qb.andWhere(code === null ? 'false' : 's.categoryCode = :category', { category: code });
    }
    qb.orderBy('s.name', 'ASC').addOrderBy('s.id', 'ASC');
    const page = await this.page(qb, query);
    const organizations = await this.organizations(em, page.rows);
    return envelope(page, (s) => toHsdsServiceListItem(s, organizations.get(s.organizationId)));
  }

  async getService(ctx: RequestContext, id: string): Promise<HsdsService> {
    const em = this.tx.manager(ctx);
    const service = isUuid(id)
      ? await this.activeServices(em).leftJoinAndSelect('s.areas', 'a').andWhere('s.id = :id', { id }).getOne()
      : null;
    if (!service) throw new AppException(ServiceErrorCode.SERVICE_NOT_FOUND, { id: id.slice(0, 40) });
    const category = await em.getRepository(ServiceCategory).findOneOrFail({ where: { code: service.categoryCode } });
    const organizations = await this.organizations(em, [service]);
    return toHsdsService(service, category, organizations.get(service.organizationId)!);
  }

  /** Active services of active organisations: what the public directory shows. */
  private activeServices(em: EntityManager): SelectQueryBuilder<Service> {
    return em
      .getRepository(Service)
      .createQueryBuilder('s')
      .where('s.active')
      .andWhere('EXISTS (SELECT 1 FROM organizations so WHERE so.id = s.organization_id AND so.active)');
  }

  private async page<E extends { id: string }>(
    qb: SelectQueryBuilder<E>,
    query: HsdsPageQuery,
  ): Promise<{ rows: E[]; total: number; pageNumber: number; perPage: number }> {
    const pageNumber = query.page ?? 1;
    const perPage = query.per_page ?? HSDS_DEFAULT_PER_PAGE;
    const [rows, total] = await qb
      .skip((pageNumber - 1) * perPage)
      .take(perPage)
      .getManyAndCount();
    return { rows, total, pageNumber, perPage };
  }

  /** The list form of the organisations of these services, in two queries whatever the page size. */
  private async organizations(em: EntityManager, services: Service[]): Promise<Map<string, HsdsOrganizationListItem>> {
    const ids = [...new Set(services.map((s) => s.organizationId))];
    if (ids.length === 0) return new Map();
    const rows = await em.getRepository(Organization).find({ where: { id: In(ids) } });
    const names = await this.regionNames(rows);
    return new Map(rows.map((o) => [o.id, toHsdsOrganizationListItem(o, names)]));
  }

  private async regionNames(organizations: Organization[]): Promise<Map<string, string>> {
    const codes = [...new Set(organizations.flatMap(organizationRegionCodes))];
    if (codes.length === 0) return new Map();
    return new Map((await this.regions.findByCodes(codes)).map((r) => [r.code, r.name]));
  }
}

function envelope<E, T>(
  page: { rows: E[]; total: number; pageNumber: number; perPage: number },
  map: (row: E) => T,
): HsdsPage<T> {
  const totalPages = Math.ceil(page.total / page.perPage);
  return {
    total_items: page.total,
    total_pages: totalPages,
    page_number: page.pageNumber,
    size: page.rows.length,
    first_page: page.pageNumber === 1,
    last_page: page.pageNumber >= totalPages,
    empty: page.rows.length === 0,
    contents: page.rows.map(map),
  };
}
