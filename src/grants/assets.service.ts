import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { ScopePolicy } from '../identity/scope-policy.service';
import { AssetResponse, AssetStatusDto, ListAssetsQuery } from './dto/grant.dto';
import { GrantAsset, GrantAssetEvent } from './grant.entities';
import { GrantScope } from './grant-scope';
import { GrantErrorCode } from './grants.errors';

/** The asset register: units handed over at a BAST, visible and changeable wherever their grant is. */
@Injectable()
export class AssetsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly grantScope: GrantScope,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext, query: ListAssetsQuery): Promise<Page<AssetResponse>> {
    const em = this.tx.manager(ctx);
    const qb = this.scoped(ctx, em);
    if (query.grantId) qb.andWhere('a.grant_id = :grantId', { grantId: query.grantId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'a.serialNumber', value: (a) => a.serialNumber, type: 'string' },
        { expression: 'a.id', value: (a) => a.id, type: 'string' },
      ],
      (a) => a,
    );
    return { data: await this.views(em, page.data), page: page.page };
  }

  async get(ctx: RequestContext, id: string): Promise<AssetResponse> {
    const em = this.tx.manager(ctx);
    return (await this.views(em, [await this.load(ctx, em, id)]))[0];
  }

  /** A new status, dated (not in the future, not before the current one), with a note; history is kept. */
  async changeStatus(ctx: RequestContext, id: string, dto: AssetStatusDto): Promise<AssetResponse> {
    return this.tx.run(ctx, async (em) => {
      const asset = await this.load(ctx, em, id, true);
      const [grant] = await em.query(`SELECT person_id, regency_code FROM grants WHERE id = $1`, [asset.grantId]);
      const { person_id: personId, regency_code: regencyCode } = grant as { person_id: string; regency_code: string };
      if (asset.status === dto.status)
        throw new AppException(GrantErrorCode.ASSET_STATUS_UNCHANGED, { status: dto.status });
      const today = todayIn(timeZoneOfRegion(regencyCode));
      const date = dto.date ?? today;
      const fail = (reason: { id: string; en: string }): never => {
        throw new AppException(GrantErrorCode.GRANT_DATE_INVALID, { field: 'date', reason }, [
          { field: 'date', message: reason },
        ]);
      };
      if (date > today) fail({ id: 'tidak boleh di masa depan', en: 'must not be in the future' });
      if (date < asset.statusOn)
        fail({ id: 'tidak boleh sebelum status terakhir', en: 'must not be before the current status' });
      await em.getRepository(GrantAssetEvent).insert({
        assetId: asset.id,
        status: dto.status,
        occurredOn: date,
        note: dto.note ?? null,
        recordedBy: this.scope.principal(ctx).id,
      });
      asset.status = dto.status;
      asset.statusOn = date;
      const saved = await em.getRepository(GrantAsset).save(asset);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'grant-asset',
        resourceId: asset.id,
        personId,
        changedFields: ['status'],
      });
      return (await this.views(em, [saved]))[0];
    });
  }

  private scoped(ctx: RequestContext, em: EntityManager) {
    const condition = this.grantScope.grants(ctx, 'g');
    return em
      .getRepository(GrantAsset)
      .createQueryBuilder('a')
      .innerJoin('grants', 'g', 'g.id = a.grant_id')
      .where(condition.sql, condition.params);
  }

  private async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<GrantAsset> {
    if (!isUuid(id)) throw new AppException(GrantErrorCode.ASSET_NOT_FOUND, { id: id.slice(0, 40) });
    const qb = this.scoped(ctx, em).andWhere('a.id = :id', { id });
    // Only the asset row: the grant row is not changed here.
    if (lock) qb.setLock('pessimistic_write', undefined, ['a']);
    const found = await qb.getOne();
    if (!found) throw new AppException(GrantErrorCode.ASSET_NOT_FOUND, { id });
    return found;
  }

  async views(em: EntityManager, assets: GrantAsset[]): Promise<AssetResponse[]> {
    if (assets.length === 0) return [];
    const events = await em
      .getRepository(GrantAssetEvent)
      .find({ where: { assetId: In(assets.map((a) => a.id)) }, order: { occurredOn: 'ASC', seq: 'ASC' } });
    return assets.map((a) => ({
      id: a.id,
      grantId: a.grantId,
      grantItemId: a.grantItemId,
      kind: a.kind,
      description: a.description,
      serialNumber: a.serialNumber,
      status: a.status,
      statusOn: a.statusOn,
      history: events
        .filter((e) => e.assetId === a.id)
        .map((e) => ({ status: e.status, date: e.occurredOn, note: e.note })),
      version: a.version,
    }));
  }
}
