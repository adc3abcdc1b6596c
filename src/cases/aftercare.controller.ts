import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { Page, PageQuery } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { AftercareService } from './aftercare.service';
import { AssessmentsService } from './assessments.service';
import {
  AssessmentPage,
  AssessmentResponse,
  CreateAssessmentDto,
  CreateVisitDto,
  EscalationPage,
  EscalationResponse,
  FollowUpScheduleResponse,
  ListFollowUpsQuery,
  PendingFollowUpPage,
  PendingFollowUpView,
  ResolveEscalationDto,
  VisitPage,
  VisitResponse,
} from './dto/aftercare.dto';

const PURPOSE = ApiHeader({
  name: 'X-Purpose',
  required: false,
  description: 'Why you read or change this case (recorded in the audit trail); a default is recorded otherwise',
});

/** Assessments, after-care visits, the follow-up schedule and escalations of a case. */
@ApiTags('cases')
@Controller()
export class AftercareController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly aftercare: AftercareService,
  ) {}

  @Post('cases/:id/assessments')
  @RequirePermissions(Permission.CASES_WRITE)
  @ApiIdempotent()
  @PURPOSE
  @ApiOperation({ summary: 'Record an assessment (a SEVERITY one also sets the case severity)' })
  @ApiCreatedResponse({ type: AssessmentResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  createAssessment(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: CreateAssessmentDto,
  ): Promise<AssessmentResponse> {
    return this.assessments.create(ctx, id, dto);
  }

  @Get('cases/:id/assessments')
  @RequirePermissions(Permission.CASES_READ)
  @PURPOSE
  @ApiOperation({ summary: "A case's assessments by date (notes only for callers holding persons:pii)" })
  @ApiOkResponse({ type: AssessmentPage })
  @ApiProblems(400, 401, 403, 404)
  listAssessments(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() query: PageQuery,
  ): Promise<Page<AssessmentResponse>> {
    return this.assessments.list(ctx, id, query);
  }

  @Post('cases/:id/visits')
  @RequirePermissions(Permission.CASES_WRITE)
  @ApiIdempotent()
  @PURPOSE
  @ApiOperation({
    summary:
      'Record an after-care visit of a COMMUNITY case; it fulfils a follow-up, and a relapse opens an escalation',
  })
  @ApiCreatedResponse({ type: VisitResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  createVisit(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: CreateVisitDto,
  ): Promise<VisitResponse> {
    return this.aftercare.createVisit(ctx, id, dto);
  }

  @Get('cases/:id/visits')
  @RequirePermissions(Permission.CASES_READ)
  @PURPOSE
  @ApiOperation({ summary: "A case's after-care visits by date" })
  @ApiOkResponse({ type: VisitPage })
  @ApiProblems(400, 401, 403, 404)
  listVisits(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() query: PageQuery,
  ): Promise<Page<VisitResponse>> {
    return this.aftercare.listVisits(ctx, id, query);
  }

  @Get('cases/:id/follow-ups')
  @RequirePermissions(Permission.CASES_READ)
  @PURPOSE
  @ApiOperation({ summary: "A case's follow-up schedule: DONE, OVERDUE, DUE, SCHEDULED or CANCELLED on its local day" })
  @ApiOkResponse({ type: FollowUpScheduleResponse })
  @ApiProblems(401, 403, 404)
  caseFollowUps(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<FollowUpScheduleResponse> {
    return this.aftercare.caseFollowUps(ctx, id);
  }

  @Get('follow-ups')
  @RequirePermissions(Permission.CASES_READ)
  @PURPOSE
  @ApiOperation({ summary: 'Pending after-care visits in your scope by due day (WIB or WITA local day per region)' })
  @ApiOkResponse({ type: PendingFollowUpPage })
  @ApiProblems(400, 401, 403)
  listPendingFollowUps(
    @Ctx() ctx: RequestContext,
    @Query() query: ListFollowUpsQuery,
  ): Promise<Page<PendingFollowUpView>> {
    return this.aftercare.listPending(ctx, query);
  }

  @Get('cases/:id/escalations')
  @RequirePermissions(Permission.CASES_READ)
  @PURPOSE
  @ApiOperation({ summary: "A case's escalations (opened by relapses), oldest first" })
  @ApiOkResponse({ type: EscalationPage })
  @ApiProblems(400, 401, 403, 404)
  listEscalations(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() query: PageQuery,
  ): Promise<Page<EscalationResponse>> {
    return this.aftercare.listEscalations(ctx, id, query);
  }

  @Post('cases/:id/escalations/:escalationId/resolve')
  @RequirePermissions(Permission.CASES_WRITE)
  @HttpCode(200)
  @ApiIdempotent()
  @PURPOSE
  @ApiOperation({ summary: 'Resolve an open escalation without a referral' })
  @ApiOkResponse({ type: EscalationResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  resolveEscalation(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('escalationId') escalationId: string,
    @Body() dto: ResolveEscalationDto,
  ): Promise<EscalationResponse> {
    return this.aftercare.resolveEscalation(ctx, id, escalationId, dto);
  }
}
