import { presentFields } from '../common/validation/present-fields';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { isUuid, seededOrganizationId } from '../common/ids';
import { assertVersion, IfMatchVersion } from '../common/http/etag';
import { Page, paginate } from '../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { Organization, OrganizationType } from '../organizations/organization.entity';
import {
  ChangePasswordDto,
  CreateUserDto,
  ListUsersQuery,
  MeResponse,
  UpdateUserDto,
  UserResponse,
} from './dto/user.dto';
import { IdentityErrorCode } from './identity.errors';
import { Role } from './permissions';
import { ScopePolicy } from './scope-policy.service';
import { hashPassword, verifyPassword } from './secrets';
import { User } from './user.entity';

/** Which organisations a role can belong to: a role is a job in a kind of office. */
export const ROLE_ORGANIZATION_TYPES: Record<Role, readonly OrganizationType[]> = {
  [Role.PROVINCE_ADMIN]: ['PROVINCIAL_OFFICE'],
  [Role.PROVINCE_OFFICER]: ['PROVINCIAL_OFFICE'],
  [Role.ANALYST]: ['PROVINCIAL_OFFICE'],
  [Role.AUDITOR]: ['PROVINCIAL_OFFICE'],
  [Role.UPT_STAFF]: ['UPT'],
  [Role.REGENCY_OPERATOR]: ['REGENCY_OFFICE'],
  [Role.PARTNER]: ['NGO', 'COMMUNITY_GROUP', 'BUSINESS', 'GOVERNMENT_OFFICE', 'HEALTH_FACILITY'],
};

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, dto: CreateUserDto): Promise<UserResponse> {
    return this.tx.run(ctx, async (em) => {
      await this.assertOrganizationFits(ctx, em, dto.organizationId, dto.role, 'organizationId');
      if (await em.getRepository(User).exists({ where: { username: dto.username } })) {
        throw new AppException(IdentityErrorCode.USERNAME_TAKEN, { username: dto.username });
      }
      const user = await em.getRepository(User).save(
        em.getRepository(User).create({
          username: dto.username,
          displayName: dto.displayName,
          role: dto.role,
          organizationId: dto.organizationId,
          passwordHash: await hashPassword(dto.password),
          passwordChangedAt: new Date(),
        }),
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'user',
        resourceId: user.id,
        changedFields: presentFields(dto),
      });
      return UserResponse.of(user);
    });
  }

  async list(ctx: RequestContext, query: ListUsersQuery): Promise<Page<UserResponse>> {
    const condition = this.scope.organizationMembers(ctx, 'u');
    const qb = this.tx.manager(ctx).getRepository(User).createQueryBuilder('u').where(condition.sql, condition.params);
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.organizationId) qb.andWhere('u.organization_id = :org', { org: query.organizationId });
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    return paginate(
      qb,
      query,
      [{ expression: 'u.username', value: (u) => u.username, type: 'string' }],
      UserResponse.of,
    );
  }

  async get(ctx: RequestContext, id: string): Promise<UserResponse> {
    return UserResponse.of(await this.load(ctx, this.tx.manager(ctx), id));
  }

  async update(ctx: RequestContext, id: string, expected: IfMatchVersion, dto: UpdateUserDto): Promise<UserResponse> {
    return this.tx.run(ctx, async (em) => {
      const user = await this.load(ctx, em, id, true);
      assertVersion(expected, user.version);
      const role = dto.role ?? user.role;
      const organizationId = dto.organizationId ?? user.organizationId;
      if (dto.role || dto.organizationId)
        await this.assertOrganizationFits(ctx, em, organizationId, role, 'organizationId');
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      user.role = role;
      user.organizationId = organizationId;
      if (dto.status) user.status = dto.status;
      if (dto.password) {
        user.passwordHash = await hashPassword(dto.password);
        user.passwordChangedAt = new Date();
      }
      await em.getRepository(User).save(user);
      // A disabled user, a new password or a new role ends every session: their refresh tokens stop working.
      if (dto.status === 'DISABLED' || dto.password || dto.role || dto.organizationId)
        await this.revokeSessions(em, user.id);
      const changed = presentFields(dto).map((k) => (k === 'password' ? 'passwordHash' : k));
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'user',
        resourceId: user.id,
        changedFields: changed,
      });
      return UserResponse.of(await this.load(ctx, em, id));
    });
  }

  async me(ctx: RequestContext): Promise<MeResponse> {
    const principal = this.scope.principal(ctx);
    const me: MeResponse = {
      kind: principal.kind,
      id: principal.id,
      name: principal.name,
      role: principal.role,
      organizationId: principal.organizationId,
      permissions: [...principal.permissions].sort(),
    };
    if (principal.kind === 'user') {
      const user = await this.tx
        .manager(ctx)
        .getRepository(User)
        .findOne({ where: { id: principal.id } });
      if (user) me.user = UserResponse.of(user);
    }
    return me;
  }

  async changePassword(ctx: RequestContext, dto: ChangePasswordDto): Promise<void> {
    const principal = this.scope.principal(ctx);
    if (principal.kind !== 'user') throw new AppException(IdentityErrorCode.USER_NOT_FOUND, { id: principal.id });
    await this.tx.run(ctx, async (em) => {
      const user = await em
        .getRepository(User)
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .setLock('pessimistic_write')
        .where('u.id = :id', { id: principal.id })
        .getOne();
      if (!user) throw new AppException(IdentityErrorCode.USER_NOT_FOUND, { id: principal.id });
      if (!(await verifyPassword(dto.currentPassword, user.passwordHash))) {
        throw new AppException(IdentityErrorCode.WRONG_CURRENT_PASSWORD);
      }
      user.passwordHash = await hashPassword(dto.newPassword);
      user.passwordChangedAt = new Date();
      await em.getRepository(User).save(user);
      await this.revokeSessions(em, user.id);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'user',
        resourceId: user.id,
        changedFields: ['passwordHash'],
      });
    });
  }

  /** With BOOTSTRAP_ADMIN_PASSWORD set and no users, creates `admin` (PROVINCE_ADMIN of Dinsos Jawa Timur). */
  async bootstrapAdmin(password: string): Promise<boolean> {
    const ctx = RequestContext.system('bootstrap');
    return this.tx.run(ctx, async (em) => {
      // Serialise concurrent first starts of several nodes.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('jejaring:bootstrap-admin'))`);
      if ((await em.getRepository(User).count()) > 0) return false;
      const user = await em.getRepository(User).save(
        em.getRepository(User).create({
          username: 'admin',
          displayName: 'Administrator',
          role: Role.PROVINCE_ADMIN,
          organizationId: seededOrganizationId('DINSOS-35'),
          passwordHash: await hashPassword(password),
          passwordChangedAt: new Date(),
        }),
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'user',
        resourceId: user.id,
        changedFields: ['username', 'role'],
      });
      this.logger.log('created bootstrap user admin');
      return true;
    });
  }

  private async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<User> {
    if (!isUuid(id)) throw new AppException(IdentityErrorCode.USER_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.scope.organizationMembers(ctx, 'u');
    const qb = em
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.id = :id', { id })
      .andWhere(condition.sql, condition.params);
    if (lock) qb.setLock('pessimistic_write');
    const user = await qb.getOne();
    if (!user) throw new AppException(IdentityErrorCode.USER_NOT_FOUND, { id });
    return user;
  }

  private async assertOrganizationFits(
    ctx: RequestContext,
    em: EntityManager,
    organizationId: string,
    role: Role,
    field: string,
  ): Promise<void> {
    const organization = await em.getRepository(Organization).findOne({ where: { id: organizationId } });
    // An organisation outside the caller's province is reported as unknown, like one that does not exist.
    const principal = this.scope.principal(ctx);
    const visible =
      organization &&
      (!this.scope.isProvinceWide(principal) || organization.regionCode.startsWith(this.scope.provinceOf(principal)));
    if (!organization || !visible)
      throw new AppException(IdentityErrorCode.UNKNOWN_ORGANIZATION, { id: organizationId, field });
    if (!ROLE_ORGANIZATION_TYPES[role].includes(organization.type)) {
      throw new AppException(IdentityErrorCode.ROLE_NOT_ALLOWED_FOR_ORGANIZATION, { role, type: organization.type });
    }
  }

  private async revokeSessions(em: EntityManager, userId: string): Promise<void> {
    await em.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
