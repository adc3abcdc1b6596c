import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { ScopePolicy } from '../identity/scope-policy.service';
import { BudgetResponse, CreateBudgetDto, ListBudgetsQuery, TopUpDto } from './dto/grant.dto';
import { GrantBudget, GrantBudgetTopUp, MAX_BUDGET_IDR } from './grant.entities';
import { GrantScope } from './grant-scope';
import { GrantErrorCode } from './grants.errors';

/** UEP budgets: one per regency and year, grown by recorded top-ups, drawn on by grant approvals. */
@Injectable()
export class BudgetsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly grantScope: GrantScope,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, dto: CreateBudgetDto): Promise<BudgetResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const [regency] = await em.query(`SELECT code FROM regions WHERE code = $1 AND level = 'REGENCY'`, [
        dto.regencyCode,
      ]);
      // A regency of another province is as unknown to this caller as a code that does not exist.
      if (!regency || !this.grantScope.canWriteBudgetOf(ctx, dto.regencyCode)) {
        throw new AppException(GrantErrorCode.BUDGET_REGENCY_INVALID, { code: dto.regencyCode }, [
          {
            field: 'regencyCode',
            message: { id: 'bukan kabupaten/kota provinsi Anda', en: 'not a regency of your province' },
          },
        ]);
      }
      // ON CONFLICT instead of check-then-insert: two concurrent creations cannot both pass, and no 500 either.
      const inserted: { id: string }[] = await em.query(
        `INSERT INTO grant_budgets (regency_code, year, initial_idr, total_idr, created_by)
         VALUES ($1, $2, $3, $3, $4) ON CONFLICT ON CONSTRAINT uq_grant_budgets_regency_year DO NOTHING RETURNING id`,
        [dto.regencyCode, dto.year, dto.amountIdr, principal.id],
      );
      if (inserted.length === 0) {
        throw new AppException(GrantErrorCode.BUDGET_DUPLICATE, { code: dto.regencyCode, year: dto.year });
      }
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'grant-budget',
        resourceId: inserted[0].id,
        changedFields: ['regencyCode', 'year', 'amountIdr'],
      });
      return this.view(em, await this.load(ctx, em, inserted[0].id));
    });
  }

  async topUp(ctx: RequestContext, id: string, dto: TopUpDto): Promise<BudgetResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      // Locked like an approval, so a top-up and an approval never compute "available" from different totals.
      const budget = await this.load(ctx, em, id, true);
      if (!this.grantScope.canWriteBudgetOf(ctx, budget.regencyCode)) {
        throw new AppException(GrantErrorCode.BUDGET_NOT_FOUND, { id });
      }
      if (budget.totalIdr + dto.amountIdr > MAX_BUDGET_IDR) {
        throw new AppException(GrantErrorCode.BUDGET_TOO_LARGE, { max: MAX_BUDGET_IDR });
      }
      await em.getRepository(GrantBudgetTopUp).insert({
        budgetId: id,
        amountIdr: dto.amountIdr,
        note: dto.note ?? null,
        createdBy: principal.id,
      });
      await em.query(
        `UPDATE grant_budgets SET total_idr = total_idr + $2, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, dto.amountIdr],
      );
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'grant-budget',
        resourceId: id,
        changedFields: ['totalIdr', 'topUps'],
      });
      return this.view(em, await this.load(ctx, em, id));
    });
  }

  async get(ctx: RequestContext, id: string): Promise<BudgetResponse> {
    const em = this.tx.manager(ctx);
    return this.view(em, await this.load(ctx, em, id));
  }

  async list(ctx: RequestContext, query: ListBudgetsQuery): Promise<Page<BudgetResponse>> {
    const em = this.tx.manager(ctx);
    const condition = this.grantScope.budgets(ctx, 'b');
    const qb = em.getRepository(GrantBudget).createQueryBuilder('b').where(condition.sql, condition.params);
    if (query.year !== undefined) qb.andWhere('b.year = :year', { year: query.year });
    if (query.regencyCode !== undefined) qb.andWhere('b.regency_code = :code', { code: query.regencyCode });
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'b.year', value: (b) => b.year, type: 'number' },
        { expression: 'b.regencyCode', value: (b) => b.regencyCode, type: 'string' },
      ],
      (b) => b,
    );
    return { data: await this.views(em, page.data), page: page.page };
  }

  async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<GrantBudget> {
    if (!isUuid(id)) throw new AppException(GrantErrorCode.BUDGET_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.grantScope.budgets(ctx, 'b');
    const qb = em
      .getRepository(GrantBudget)
      .createQueryBuilder('b')
      .where('b.id = :id', { id })
      .andWhere(condition.sql, condition.params);
    if (lock) qb.setLock('pessimistic_write');
    const found = await qb.getOne();
    if (!found) throw new AppException(GrantErrorCode.BUDGET_NOT_FOUND, { id });
    return found;
  }

  async view(em: EntityManager, budget: GrantBudget): Promise<BudgetResponse> {
    return (await this.views(em, [budget]))[0];
  }

  private async views(em: EntityManager, budgets: GrantBudget[]): Promise<BudgetResponse[]> {
    if (budgets.length === 0) return [];
    const topUps = await em
      .getRepository(GrantBudgetTopUp)
      .find({ where: { budgetId: In(budgets.map((b) => b.id)) }, order: { createdAt: 'ASC' } });
    return budgets.map((b) => ({
      id: b.id,
      regencyCode: b.regencyCode,
      year: b.year,
      totalIdr: b.totalIdr,
      approvedIdr: b.committedIdr,
      disbursedIdr: b.disbursedIdr,
      availableIdr: b.totalIdr - b.committedIdr,
      topUps: topUps
        .filter((t) => t.budgetId === b.id)
        .map((t) => ({ id: t.id, amountIdr: t.amountIdr, note: t.note, createdAt: t.createdAt })),
      version: b.version,
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
    }));
  }
}
