import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { WithEtag } from '../common/http/etag';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { DataSubjectRightsService } from './data-subject-rights.service';
import {
  CreateDataSubjectRequestDto,
  DataExportResponse,
  DataSubjectRequestPage,
  DataSubjectRequestResponse,
  EraseDto,
  LegalHoldDto,
  LiftRestrictionDto,
  ListDataSubjectRequestsQuery,
  PersonRightsStatusResponse,
  RecordCorrectionDto,
  ResolveDataSubjectRequestDto,
  RestrictDto,
} from './dto/data-subject-request.dto';
import { PersonRightsActions } from './person-rights-actions.service';

const PURPOSE = ApiHeader({
  name: 'X-Purpose',
  required: false,
  description: 'Why (recorded in the audit trail); a default is recorded otherwise',
});

/** Data-subject rights under UU PDP, for the data-protection officer (`persons:rights`). */
@ApiTags('data-subject-rights')
@Controller()
export class DataSubjectRightsController {
  constructor(
    private readonly requests: DataSubjectRightsService,
    private readonly actions: PersonRightsActions,
  ) {}

  @Post('persons/:id/data-subject-requests')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @WithEtag()
  @ApiIdempotent()
  @ApiOperation({ summary: 'Record a data-subject request; dueAt is receivedAt + 3×24 hours' })
  @ApiCreatedResponse({ type: DataSubjectRequestResponse })
  @ApiProblems(400, 401, 403, 404)
  create(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: CreateDataSubjectRequestDto,
  ): Promise<DataSubjectRequestResponse> {
    return this.requests.create(ctx, id, dto);
  }

  @Get('data-subject-requests')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @ApiOperation({ summary: 'Requests about people in your scope, by deadline (dueAt, then id); filter open/overdue' })
  @ApiOkResponse({ type: DataSubjectRequestPage })
  @ApiProblems(400, 401, 403)
  list(
    @Ctx() ctx: RequestContext,
    @Query() query: ListDataSubjectRequestsQuery,
  ): Promise<Page<DataSubjectRequestResponse>> {
    return this.requests.list(ctx, query);
  }

  @Get('data-subject-requests/:requestId')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @WithEtag()
  @ApiOperation({ summary: 'A data-subject request' })
  @ApiOkResponse({ type: DataSubjectRequestResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('requestId') requestId: string): Promise<DataSubjectRequestResponse> {
    return this.requests.get(ctx, requestId);
  }

  @Post('data-subject-requests/:requestId/complete')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Record that an open request was answered, and how' })
  @ApiOkResponse({ type: DataSubjectRequestResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  complete(
    @Ctx() ctx: RequestContext,
    @Param('requestId') requestId: string,
    @Body() dto: ResolveDataSubjectRequestDto,
  ): Promise<DataSubjectRequestResponse> {
    return this.requests.resolve(ctx, requestId, 'COMPLETED', dto.resolution);
  }

  @Post('data-subject-requests/:requestId/refuse')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Refuse an open request; the reason is required (e.g. it would endanger someone’s health)' })
  @ApiOkResponse({ type: DataSubjectRequestResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  refuse(
    @Ctx() ctx: RequestContext,
    @Param('requestId') requestId: string,
    @Body() dto: ResolveDataSubjectRequestDto,
  ): Promise<DataSubjectRequestResponse> {
    return this.requests.resolve(ctx, requestId, 'REFUSED', dto.resolution);
  }

  @Post('data-subject-requests/:requestId/corrections')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @HttpCode(200)
  @WithEtag()
  @PURPOSE
  @ApiOperation({ summary: 'Apply the corrections of an open CORRECTION request to the person and complete it' })
  @ApiOkResponse({ type: DataSubjectRequestResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  correct(
    @Ctx() ctx: RequestContext,
    @Param('requestId') requestId: string,
    @Body() dto: RecordCorrectionDto,
  ): Promise<DataSubjectRequestResponse> {
    return this.requests.correct(ctx, requestId, dto);
  }

  @Get('persons/:id/data-export')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @Header('Cache-Control', 'no-store')
  @PURPOSE
  @ApiOperation({ summary: 'Everything held about the person, with who accessed it, when and why (audited EXPORT)' })
  @ApiOkResponse({ type: DataExportResponse })
  @ApiProblems(401, 403, 404)
  export(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<DataExportResponse> {
    return this.requests.export(ctx, id);
  }

  @Post('persons/:id/erase')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @HttpCode(200)
  @WithEtag()
  @PURPOSE
  @ApiOperation({
    summary: 'Anonymise the person (aggregates stay true); 409 with the reason under a legal hold or open case',
  })
  @ApiOkResponse({ type: PersonRightsStatusResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  erase(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: EraseDto,
  ): Promise<PersonRightsStatusResponse> {
    return this.actions.erase(ctx, id, dto);
  }

  @Post('persons/:id/restrict')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @HttpCode(200)
  @WithEtag()
  @PURPOSE
  @ApiOperation({ summary: 'Restrict processing: the record is only stored until the restriction is lifted' })
  @ApiOkResponse({ type: PersonRightsStatusResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  restrict(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: RestrictDto,
  ): Promise<PersonRightsStatusResponse> {
    return this.actions.setRestricted(ctx, id, true, dto);
  }

  @Post('persons/:id/lift-restriction')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @HttpCode(200)
  @WithEtag()
  @PURPOSE
  @ApiOperation({ summary: 'Lift a restriction of processing' })
  @ApiOkResponse({ type: PersonRightsStatusResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  liftRestriction(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: LiftRestrictionDto,
  ): Promise<PersonRightsStatusResponse> {
    return this.actions.setRestricted(ctx, id, false, dto);
  }

  @Post('persons/:id/legal-hold')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Set a legal hold: the record may not be erased until it is released' })
  @ApiOkResponse({ type: PersonRightsStatusResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  legalHold(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: LegalHoldDto,
  ): Promise<PersonRightsStatusResponse> {
    return this.actions.setLegalHold(ctx, id, true, dto.reason);
  }

  @Post('persons/:id/release-legal-hold')
  @RequirePermissions(Permission.PERSONS_RIGHTS)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Release the legal hold' })
  @ApiOkResponse({ type: PersonRightsStatusResponse })
  @ApiProblems(401, 403, 404, 409)
  releaseLegalHold(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<PersonRightsStatusResponse> {
    return this.actions.setLegalHold(ctx, id, false);
  }
}
