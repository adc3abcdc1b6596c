import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { Organization, OrganizationType } from '../organizations/organization.entity';
import { ApiClient } from './api-client.entity';
import {
  ApiClientResponse,
  ApiClientWithSecretResponse,
  CreateApiClientDto,
  ListApiClientsQuery,
} from './dto/api-client.dto';
import { IdentityErrorCode } from './identity.errors';
import { ROLE_PERMISSIONS, Role } from './permissions';
import { ScopePolicy } from './scope-policy.service';
import { randomSecret, sha256 } from './secrets';

/** A machine account acts with the role of its organisation's kind, narrowed to the scopes it was given. */
export const CLIENT_ROLE_BY_ORGANIZATION_TYPE: Record<OrganizationType, Role> = {
  PROVINCIAL_OFFICE: Role.PROVINCE_OFFICER,
  REGENCY_OFFICE: Role.REGENCY_OPERATOR,
  UPT: Role.UPT_STAFF,
  NGO: Role.PARTNER,
  COMMUNITY_GROUP: Role.PARTNER,
  BUSINESS: Role.PARTNER,
  GOVERNMENT_OFFICE: Role.PARTNER,
  HEALTH_FACILITY: Role.PARTNER,
};

@Injectable()
export class ApiClientsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, dto: CreateApiClientDto): Promise<ApiClientWithSecretResponse> {
    return this.tx.run(ctx, async (em) => {
      const organization = await em.getRepository(Organization).findOne({ where: { id: dto.organizationId } });
      const principal = this.scope.principal(ctx);
      if (!organization || !organization.regionCode.startsWith(this.scope.provinceOf(principal))) {
        throw new AppException(IdentityErrorCode.UNKNOWN_ORGANIZATION, {
          id: dto.organizationId,
          field: 'organizationId',
        });
      }
      const role = CLIENT_ROLE_BY_ORGANIZATION_TYPE[organization.type];
      const notAllowed = dto.scopes.filter((s) => !ROLE_PERMISSIONS[role].includes(s));
      if (notAllowed.length > 0)
        throw new AppException(IdentityErrorCode.SCOPE_NOT_ALLOWED, { scopes: notAllowed.join(' '), role });
      const secret = randomSecret();
      const client = await em.getRepository(ApiClient).save(
        em.getRepository(ApiClient).create({
          clientId: `jjr_${randomSecret(12)}`,
          name: dto.name,
          organizationId: organization.id,
          role,
          scopes: [...dto.scopes].sort(),
          secretHash: sha256(secret),
          secretRotatedAt: new Date(),
          createdBy: principal.kind === 'user' ? principal.id : null,
        }),
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'api_client',
        resourceId: client.id,
        changedFields: ['name', 'organizationId', 'scopes'],
      });
      return { ...ApiClientResponse.of(client), client_secret: secret };
    });
  }

  async list(ctx: RequestContext, query: ListApiClientsQuery): Promise<Page<ApiClientResponse>> {
    const condition = this.scope.organizationMembers(ctx, 'c');
    const qb = this.tx
      .manager(ctx)
      .getRepository(ApiClient)
      .createQueryBuilder('c')
      .where(condition.sql, condition.params);
    if (query.organizationId) qb.andWhere('c.organization_id = :org', { org: query.organizationId });
    return paginate(
      qb,
      query,
      [
        // Milliseconds, as the cursor carries them: PostgreSQL keeps microseconds, which would repeat rows.
        {
          expression: "date_trunc('milliseconds', c.created_at)",
          value: (c) => c.createdAt.toISOString(),
          type: 'timestamp',
        },
        { expression: 'c.id', value: (c) => c.id, type: 'string' },
      ],
      ApiClientResponse.of,
    );
  }

  async get(ctx: RequestContext, id: string): Promise<ApiClientResponse> {
    return ApiClientResponse.of(await this.load(ctx, this.tx.manager(ctx), id));
  }

  /** Issues a new secret; the old one stops working at once. */
  async rotateSecret(ctx: RequestContext, id: string): Promise<ApiClientWithSecretResponse> {
    return this.tx.run(ctx, async (em) => {
      const client = await this.load(ctx, em, id, true);
      if (client.status !== 'ACTIVE') throw new AppException(IdentityErrorCode.API_CLIENT_REVOKED, { id });
      const secret = randomSecret();
      client.secretHash = sha256(secret);
      client.secretRotatedAt = new Date();
      await em.getRepository(ApiClient).save(client);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'api_client',
        resourceId: id,
        changedFields: ['secretHash'],
      });
      return { ...ApiClientResponse.of(client), client_secret: secret };
    });
  }

  async revoke(ctx: RequestContext, id: string): Promise<ApiClientResponse> {
    return this.tx.run(ctx, async (em) => {
      const client = await this.load(ctx, em, id, true);
      if (client.status === 'ACTIVE') {
        client.status = 'REVOKED';
        client.revokedAt = new Date();
        await em.getRepository(ApiClient).save(client);
        await this.audit.record(ctx, {
          action: 'UPDATE',
          resourceType: 'api_client',
          resourceId: id,
          changedFields: ['status'],
        });
      }
      return ApiClientResponse.of(client);
    });
  }

  private async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<ApiClient> {
    if (!isUuid(id)) throw new AppException(IdentityErrorCode.API_CLIENT_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.scope.organizationMembers(ctx, 'c');
    const qb = em
      .getRepository(ApiClient)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .andWhere(condition.sql, condition.params);
    if (lock) qb.setLock('pessimistic_write');
    const client = await qb.getOne();
    if (!client) throw new AppException(IdentityErrorCode.API_CLIENT_NOT_FOUND, { id });
    return client;
  }
}
