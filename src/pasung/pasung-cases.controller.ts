import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { IfMatch, IfMatchVersion, RequiresIfMatch, WithEtag } from '../common/http/etag';
import { Page, PageQuery } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { CreatePasungCaseDto, UpdatePasungCaseDto } from './dto/pasung-case-input.dto';
import {
  ListPasungCasesQuery,
  PasungCaseDetailResponse,
  PasungCasePage,
  PasungCaseResponse,
  PasungEventView,
  PasungStatsQuery,
  PasungStatsResponse,
  PasungTimelinePage,
} from './dto/pasung-case.response';
import { CreatePasungEventDto } from './dto/pasung-event.dto';
import { PasungCasesService } from './pasung-cases.service';
import { PasungStatsService } from './pasung-stats.service';
import { PasungTimelineService } from './pasung-timeline.service';

const PURPOSE = ApiHeader({
  name: 'X-Purpose',
  required: false,
  description: 'Why you read or change pasung data (recorded in the audit trail); PASUNG_CASE_VIEW otherwise',
});

@ApiTags('pasung-cases')
@Controller('pasung-cases')
export class PasungCasesController {
  constructor(
    private readonly cases: PasungCasesService,
    private readonly timelines: PasungTimelineService,
    private readonly statistics: PasungStatsService,
  ) {}

  @Post()
  @RequirePermissions(Permission.CASES_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @PURPOSE
  @ApiOperation({ summary: 'Register a person found in pasung; records the first event (MASIH_TERPASUNG by default)' })
  @ApiCreatedResponse({ type: PasungCaseDetailResponse })
  @ApiProblems(400, 401, 403, 409, 422)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreatePasungCaseDto): Promise<PasungCaseDetailResponse> {
    return this.cases.create(ctx, dto);
  }

  @Get()
  @RequirePermissions(Permission.CASES_READ)
  @PURPOSE
  @ApiOperation({ summary: 'Pasung cases in your scope, by current status and region where found (audited)' })
  @ApiOkResponse({ type: PasungCasePage })
  @ApiProblems(400, 401, 403, 422)
  list(@Ctx() ctx: RequestContext, @Query() query: ListPasungCasesQuery): Promise<Page<PasungCaseResponse>> {
    return this.cases.list(ctx, query);
  }

  @Get('stats')
  @RequirePermissions(Permission.CASES_READ)
  @ApiOperation({ summary: 'Counts per regency and current status, with ever-freed and ever-repasung (no names)' })
  @ApiOkResponse({ type: PasungStatsResponse })
  @ApiProblems(400, 401, 403, 422)
  stats(@Ctx() ctx: RequestContext, @Query() query: PasungStatsQuery): Promise<PasungStatsResponse> {
    return this.statistics.stats(ctx, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.CASES_READ)
  @WithEtag()
  @PURPOSE
  @ApiOperation({ summary: 'Read a pasung case with the event of its current status (audited)' })
  @ApiOkResponse({ type: PasungCaseDetailResponse })
  @ApiProblems(401, 403, 404, 409)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<PasungCaseDetailResponse> {
    return this.cases.get(ctx, id);
  }

  @Patch(':id')
  @RequirePermissions(Permission.CASES_WRITE)
  @WithEtag()
  @RequiresIfMatch()
  @PURPOSE
  @ApiOperation({ summary: 'Correct a pasung case or link its rehabilitation case (caseId); not its status' })
  @ApiOkResponse({ type: PasungCaseDetailResponse })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422, 428)
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @IfMatch() expected: IfMatchVersion,
    @Body() dto: UpdatePasungCaseDto,
  ): Promise<PasungCaseDetailResponse> {
    return this.cases.update(ctx, id, expected, dto);
  }

  @Post(':id/events')
  @RequirePermissions(Permission.CASES_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @PURPOSE
  @ApiOperation({ summary: 'Append a dated status event; answers the case with its new current status' })
  @ApiCreatedResponse({ type: PasungCaseDetailResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  addEvent(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: CreatePasungEventDto,
  ): Promise<PasungCaseDetailResponse> {
    return this.timelines.addEvent(ctx, id, dto);
  }

  @Get(':id/timeline')
  @RequirePermissions(Permission.CASES_READ)
  @PURPOSE
  @ApiOperation({ summary: 'The status timeline, oldest first (by date, ties by order of recording; audited)' })
  @ApiOkResponse({ type: PasungTimelinePage })
  @ApiProblems(400, 401, 403, 404, 409)
  timeline(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() query: PageQuery,
  ): Promise<Page<PasungEventView>> {
    return this.timelines.timeline(ctx, id, query);
  }
}
