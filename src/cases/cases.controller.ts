import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { IfMatch, IfMatchVersion, RequiresIfMatch, WithEtag } from '../common/http/etag';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { CaseQueries } from './case-queries.service';
import { CasesService } from './cases.service';
import {
  AdmitDto,
  CasePage,
  CaseResponse,
  CloseCaseDto,
  CreateCaseDto,
  DischargeDto,
  DischargeResponse,
  ListCasesQuery,
  MoveStageDto,
  OccupancyResponse,
  TimelineResponse,
  UpdateCaseDto,
} from './dto/case.dto';
import { ResidenceService } from './residence.service';

@ApiTags('cases')
@Controller()
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly residence: ResidenceService,
    private readonly queries: CaseQueries,
  ) {}

  @Post('cases')
  @RequirePermissions(Permission.CASES_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @ApiOperation({ summary: 'Open a case: RESIDENTIAL at a UPT, COMMUNITY at a regency office' })
  @ApiCreatedResponse({ type: CaseResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateCaseDto): Promise<CaseResponse> {
    return this.cases.create(ctx, dto);
  }

  @Get('cases')
  @RequirePermissions(Permission.CASES_READ)
  @ApiOperation({ summary: 'Cases in your scope, by person, organisation, kind, status, stage or long stay' })
  @ApiOkResponse({ type: CasePage })
  @ApiProblems(400, 401, 403)
  list(@Ctx() ctx: RequestContext, @Query() query: ListCasesQuery): Promise<Page<CaseResponse>> {
    return this.cases.list(ctx, query);
  }

  @Get('cases/:id')
  @RequirePermissions(Permission.CASES_READ)
  @WithEtag()
  @ApiOperation({ summary: 'A case (audited)' })
  @ApiOkResponse({ type: CaseResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<CaseResponse> {
    return this.cases.get(ctx, id);
  }

  @Patch('cases/:id')
  @RequirePermissions(Permission.CASES_WRITE)
  @WithEtag()
  @RequiresIfMatch()
  @ApiOperation({ summary: 'Change PPKS category, severity or assigned workers' })
  @ApiOkResponse({ type: CaseResponse })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422, 428)
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @IfMatch() expected: IfMatchVersion,
    @Body() dto: UpdateCaseDto,
  ): Promise<CaseResponse> {
    return this.cases.update(ctx, id, expected, dto);
  }

  @Post('cases/:id/stage')
  @RequirePermissions(Permission.CASES_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Move one stage forward or back, with a note (a jump is 409 listing the allowed stages)' })
  @ApiOkResponse({ type: CaseResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  moveStage(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: MoveStageDto): Promise<CaseResponse> {
    return this.cases.moveStage(ctx, id, dto);
  }

  @Post('cases/:id/close')
  @RequirePermissions(Permission.CASES_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Close with an outcome (a resident must be discharged first)' })
  @ApiOkResponse({ type: CaseResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  close(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: CloseCaseDto): Promise<CaseResponse> {
    return this.cases.close(ctx, id, dto);
  }

  @Post('cases/:id/admit')
  @RequirePermissions(Permission.CASES_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: "Admit to the case's UPT, within its capacity (full → 409)" })
  @ApiOkResponse({ type: CaseResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  admit(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: AdmitDto): Promise<CaseResponse> {
    return this.residence.admit(ctx, id, dto);
  }

  @Post('cases/:id/discharge')
  @RequirePermissions(Permission.CASES_WRITE)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Discharge to a village and hand over to its regency office (opens a COMMUNITY case with after-care visits)',
  })
  @ApiOkResponse({ type: DischargeResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  discharge(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: DischargeDto,
  ): Promise<DischargeResponse> {
    return this.residence.discharge(ctx, id, dto);
  }

  @Get('cases/:id/timeline')
  @RequirePermissions(Permission.CASES_READ)
  @ApiOperation({ summary: 'Every change of the case, oldest first' })
  @ApiOkResponse({ type: TimelineResponse })
  @ApiProblems(401, 403, 404)
  timeline(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<TimelineResponse> {
    return this.queries.timeline(ctx, id);
  }

  @Get('organizations/:id/occupancy')
  @RequirePermissions(Permission.CASES_READ)
  @ApiOperation({ summary: "A UPT's capacity and residents, by severity and sex, with long stays (> 12 months)" })
  @ApiOkResponse({ type: OccupancyResponse })
  @ApiProblems(401, 403, 404)
  occupancy(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OccupancyResponse> {
    return this.residence.occupancy(ctx, id);
  }
}
