import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import {
  CreateReferralDto,
  ListReferralsQuery,
  ReferEscalationDto,
  ReferralActionDto,
  ReferralHistoryResponse,
  ReferralPage,
  ReferralResponse,
  RejectionReasonList,
} from './dto/referral.dto';
import { REFERRAL_ACTIONS, ReferralAction } from './referral-lifecycle';
import { ReferralEscalations } from './referral-escalations.service';
import { ReferralsService } from './referrals.service';

@ApiTags('referrals')
@Controller()
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly escalations: ReferralEscalations,
  ) {}

  @Post('referrals')
  @RequirePermissions(Permission.REFERRALS_WRITE)
  @ApiIdempotent()
  @ApiOperation({
    summary:
      "Refer a person from the caller's organisation (needs a REFERRAL consent covering the receiver, or an override)",
  })
  @ApiCreatedResponse({ type: ReferralResponse })
  @ApiProblems(400, 401, 403, 404, 422)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateReferralDto): Promise<ReferralResponse> {
    return this.referrals.create(ctx, dto);
  }

  @Get('referrals')
  @RequirePermissions(Permission.REFERRALS_READ)
  @ApiOperation({ summary: 'Referrals to or from your organisation (incoming/outgoing), by status' })
  @ApiOkResponse({ type: ReferralPage })
  @ApiProblems(400, 401, 403)
  list(@Ctx() ctx: RequestContext, @Query() query: ListReferralsQuery): Promise<Page<ReferralResponse>> {
    return this.referrals.list(ctx, query);
  }

  @Get('referral-rejection-reasons')
  @RequirePermissions(Permission.REFERRALS_READ)
  @ApiOperation({ summary: 'The published reason codes a rejection must give' })
  @ApiOkResponse({ type: RejectionReasonList })
  @ApiProblems(401, 403)
  rejectionReasons(@Ctx() ctx: RequestContext): RejectionReasonList {
    return this.referrals.rejectionReasons(ctx);
  }

  @Get('referrals/:id')
  @RequirePermissions(Permission.REFERRALS_READ)
  @ApiOperation({ summary: 'A referral (audited)' })
  @ApiOkResponse({ type: ReferralResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ReferralResponse> {
    return this.referrals.get(ctx, id);
  }

  @Get('referrals/:id/history')
  @RequirePermissions(Permission.REFERRALS_READ)
  @ApiOperation({ summary: 'Every status change of the referral, oldest first' })
  @ApiOkResponse({ type: ReferralHistoryResponse })
  @ApiProblems(401, 403, 404)
  history(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ReferralHistoryResponse> {
    return this.referrals.history(ctx, id);
  }

  @Post('referrals/:id/:action')
  @RequirePermissions(Permission.REFERRALS_WRITE)
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: REFERRAL_ACTIONS })
  @ApiOperation({
    summary:
      'accept | reject (reasonCode + note) | cancel | start | hold | resume | complete (note) | fail (note) | entered-in-error',
  })
  @ApiOkResponse({ type: ReferralResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  act(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param(
      'action',
      new ParseEnumPipe(Object.fromEntries(REFERRAL_ACTIONS.map((a) => [a, a])), {
        exceptionFactory: () =>
          new AppException(CommonErrorCode.ROUTE_NOT_FOUND, { method: 'POST', path: 'referrals/{id}/{action}' }),
      }),
    )
    action: ReferralAction,
    @Body() dto: ReferralActionDto,
  ): Promise<ReferralResponse> {
    return this.referrals.act(ctx, id, action, dto);
  }

  @Post('cases/:caseId/escalations/:escalationId/refer')
  @RequirePermissions(Permission.REFERRALS_WRITE, Permission.CASES_WRITE)
  @ApiOperation({ summary: 'Turn a relapse escalation into a referral in one call' })
  @ApiCreatedResponse({ type: ReferralResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  refer(
    @Ctx() ctx: RequestContext,
    @Param('caseId') caseId: string,
    @Param('escalationId') escalationId: string,
    @Body() dto: ReferEscalationDto,
  ): Promise<ReferralResponse> {
    return this.escalations.refer(ctx, caseId, escalationId, dto);
  }
}
