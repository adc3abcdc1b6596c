import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { WithEtag } from '../common/http/etag';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { AssetsService } from './assets.service';
import { BudgetsService } from './budgets.service';
import {
  ApproveDto,
  AssetPage,
  AssetResponse,
  AssetStatusDto,
  BudgetPage,
  BudgetResponse,
  CloseDto,
  CreateBudgetDto,
  CreateGrantDto,
  DisburseDto,
  GrantPage,
  GrantResponse,
  ListAssetsQuery,
  ListBudgetsQuery,
  ListGrantsQuery,
  OptionalReasonDto,
  ReasonDto,
  TopUpDto,
} from './dto/grant.dto';
import { GrantsService } from './grants.service';

@ApiTags('grants')
@Controller()
export class GrantsController {
  constructor(
    private readonly budgets: BudgetsService,
    private readonly grants: GrantsService,
    private readonly assets: AssetsService,
  ) {}

  @Post('grant-budgets')
  @RequirePermissions(Permission.BUDGETS_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @ApiOperation({ summary: 'A regency’s UEP budget for a year, in whole Rupiah (one per regency and year)' })
  @ApiCreatedResponse({ type: BudgetResponse })
  @ApiProblems(400, 401, 403, 409, 422)
  createBudget(@Ctx() ctx: RequestContext, @Body() dto: CreateBudgetDto): Promise<BudgetResponse> {
    return this.budgets.create(ctx, dto);
  }

  @Get('grant-budgets')
  @RequirePermissions(Permission.GRANTS_READ)
  @ApiOperation({ summary: 'Budgets in your scope: total, approved (committed), disbursed, available' })
  @ApiOkResponse({ type: BudgetPage })
  @ApiProblems(400, 401, 403)
  listBudgets(@Ctx() ctx: RequestContext, @Query() query: ListBudgetsQuery): Promise<Page<BudgetResponse>> {
    return this.budgets.list(ctx, query);
  }

  @Get('grant-budgets/:id')
  @RequirePermissions(Permission.GRANTS_READ)
  @WithEtag()
  @ApiOperation({ summary: 'A budget with its top-ups' })
  @ApiOkResponse({ type: BudgetResponse })
  @ApiProblems(401, 403, 404)
  getBudget(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<BudgetResponse> {
    return this.budgets.get(ctx, id);
  }

  @Post('grant-budgets/:id/top-ups')
  @RequirePermissions(Permission.BUDGETS_WRITE)
  @WithEtag()
  @ApiOperation({ summary: 'Add to a budget; the top-up is recorded' })
  @ApiCreatedResponse({ type: BudgetResponse })
  @ApiProblems(400, 401, 403, 404, 422)
  topUp(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: TopUpDto): Promise<BudgetResponse> {
    return this.budgets.topUp(ctx, id, dto);
  }

  @Post('grants')
  @RequirePermissions(Permission.GRANTS_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @ApiOperation({ summary: 'Propose a grant (SUBMITTED); the criteria are checked and stored with their reasons' })
  @ApiCreatedResponse({ type: GrantResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateGrantDto): Promise<GrantResponse> {
    return this.grants.create(ctx, dto);
  }

  @Get('grants')
  @RequirePermissions(Permission.GRANTS_READ)
  @ApiOperation({ summary: 'Grants in your scope, by status, person or year' })
  @ApiOkResponse({ type: GrantPage })
  @ApiProblems(400, 401, 403)
  list(@Ctx() ctx: RequestContext, @Query() query: ListGrantsQuery): Promise<Page<GrantResponse>> {
    return this.grants.list(ctx, query);
  }

  @Get('grants/:id')
  @RequirePermissions(Permission.GRANTS_READ)
  @WithEtag()
  @ApiOperation({ summary: 'A grant with items, criteria, BAST and history (audited)' })
  @ApiOkResponse({ type: GrantResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<GrantResponse> {
    return this.grants.get(ctx, id);
  }

  @Post('grants/:id/approve')
  @RequirePermissions(Permission.GRANTS_APPROVE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'SUBMITTED → APPROVED, drawing on the regency budget (never beyond it: 409)' })
  @ApiOkResponse({ type: GrantResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  approve(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: ApproveDto): Promise<GrantResponse> {
    return this.grants.approve(ctx, id, dto);
  }

  @Post('grants/:id/reject')
  @RequirePermissions(Permission.GRANTS_APPROVE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'SUBMITTED → REJECTED, with a reason' })
  @ApiOkResponse({ type: GrantResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  reject(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: ReasonDto): Promise<GrantResponse> {
    return this.grants.reject(ctx, id, dto);
  }

  @Post('grants/:id/withdraw')
  @RequirePermissions(Permission.GRANTS_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'SUBMITTED → WITHDRAWN, by the proposing organisation' })
  @ApiOkResponse({ type: GrantResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  withdraw(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: OptionalReasonDto,
  ): Promise<GrantResponse> {
    return this.grants.withdraw(ctx, id, dto);
  }

  @Post('grants/:id/undo-approval')
  @RequirePermissions(Permission.GRANTS_APPROVE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'APPROVED → SUBMITTED before disbursement; the amount returns to the budget' })
  @ApiOkResponse({ type: GrantResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  undoApproval(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: OptionalReasonDto,
  ): Promise<GrantResponse> {
    return this.grants.undoApproval(ctx, id, dto);
  }

  @Post('grants/:id/disburse')
  @RequirePermissions(Permission.GRANTS_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'APPROVED → DISBURSED: the BAST handover; in-kind items become assets' })
  @ApiOkResponse({ type: GrantResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  disburse(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: DisburseDto): Promise<GrantResponse> {
    return this.grants.disburse(ctx, id, dto);
  }

  @Post('grants/:id/close')
  @RequirePermissions(Permission.GRANTS_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'DISBURSED → CLOSED' })
  @ApiOkResponse({ type: GrantResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  close(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: CloseDto): Promise<GrantResponse> {
    return this.grants.close(ctx, id, dto);
  }

  @Get('assets')
  @RequirePermissions(Permission.GRANTS_READ)
  @ApiOperation({ summary: 'Assets of grants in your scope, by grant or status' })
  @ApiOkResponse({ type: AssetPage })
  @ApiProblems(400, 401, 403)
  listAssets(@Ctx() ctx: RequestContext, @Query() query: ListAssetsQuery): Promise<Page<AssetResponse>> {
    return this.assets.list(ctx, query);
  }

  @Get('assets/:id')
  @RequirePermissions(Permission.GRANTS_READ)
  @WithEtag()
  @ApiOperation({ summary: 'An asset with its status history' })
  @ApiOkResponse({ type: AssetResponse })
  @ApiProblems(401, 403, 404)
  getAsset(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<AssetResponse> {
    return this.assets.get(ctx, id);
  }

  @Post('assets/:id/status')
  @RequirePermissions(Permission.GRANTS_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Record a status: IN_USE, SOLD, BROKEN, MOVED or LOST, dated, with a note' })
  @ApiOkResponse({ type: AssetResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  assetStatus(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: AssetStatusDto,
  ): Promise<AssetResponse> {
    return this.assets.changeStatus(ctx, id, dto);
  }
}
