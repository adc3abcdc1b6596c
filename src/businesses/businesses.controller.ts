import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { IfMatch, IfMatchVersion, RequiresIfMatch, WithEtag } from '../common/http/etag';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { BusinessGraduationService } from './business-graduation.service';
import { BusinessReportsService } from './business-reports.service';
import { BusinessesService } from './businesses.service';
import {
  BusinessPage,
  BusinessResponse,
  CorrectReportDto,
  CreateBusinessDto,
  CreateReportDto,
  GraduateDto,
  ListBusinessesQuery,
  NeedsInterventionResponse,
  ReportList,
  ReportResponse,
  UpdateBusinessDto,
} from './dto/business.dto';

@ApiTags('businesses')
@Controller()
export class BusinessesController {
  constructor(
    private readonly businesses: BusinessesService,
    private readonly reports: BusinessReportsService,
    private readonly graduation: BusinessGraduationService,
  ) {}

  @Post('businesses')
  @RequirePermissions(Permission.BUSINESSES_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @ApiOperation({ summary: "Register a person's business (in a village of your area)" })
  @ApiCreatedResponse({ type: BusinessResponse })
  @ApiProblems(400, 401, 403, 422)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateBusinessDto): Promise<BusinessResponse> {
    return this.businesses.create(ctx, dto);
  }

  @Get('businesses')
  @RequirePermissions(Permission.BUSINESSES_READ)
  @ApiOperation({ summary: 'Businesses in your scope with their derived growth status' })
  @ApiOkResponse({ type: BusinessPage })
  @ApiProblems(400, 401, 403)
  list(@Ctx() ctx: RequestContext, @Query() query: ListBusinessesQuery): Promise<Page<BusinessResponse>> {
    return this.businesses.list(ctx, query);
  }

  // Declared before businesses/:id so the literal path wins.
  @Get('businesses/needs-intervention')
  @RequirePermissions(Permission.BUSINESSES_READ)
  @ApiOperation({ summary: 'Closed, declining, silent and stagnant businesses in your scope, worst first' })
  @ApiOkResponse({ type: NeedsInterventionResponse })
  @ApiProblems(401, 403)
  needsIntervention(@Ctx() ctx: RequestContext): Promise<NeedsInterventionResponse> {
    return this.businesses.needsIntervention(ctx);
  }

  @Get('businesses/:id')
  @RequirePermissions(Permission.BUSINESSES_READ)
  @WithEtag()
  @ApiOperation({ summary: 'A business, its growth status with the inputs used, and the graduation proposal' })
  @ApiOkResponse({ type: BusinessResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<BusinessResponse> {
    return this.businesses.get(ctx, id);
  }

  @Patch('businesses/:id')
  @RequirePermissions(Permission.BUSINESSES_WRITE)
  @WithEtag()
  @RequiresIfMatch()
  @ApiOperation({ summary: 'Change name, sector, village, workers or grant' })
  @ApiOkResponse({ type: BusinessResponse })
  @ApiProblems(400, 401, 403, 404, 412, 422, 428)
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @IfMatch() expected: IfMatchVersion,
    @Body() dto: UpdateBusinessDto,
  ): Promise<BusinessResponse> {
    return this.businesses.update(ctx, id, expected, dto);
  }

  @Post('businesses/:id/reports')
  @RequirePermissions(Permission.BUSINESSES_WRITE)
  @ApiIdempotent()
  @ApiOperation({ summary: 'Add the monthly report of a period (one per period)' })
  @ApiCreatedResponse({ type: ReportResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  addReport(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: CreateReportDto,
  ): Promise<ReportResponse> {
    return this.reports.create(ctx, id, dto);
  }

  @Get('businesses/:id/reports')
  @RequirePermissions(Permission.BUSINESSES_READ)
  @ApiOperation({ summary: 'Monthly reports, newest first, each with its replaced versions' })
  @ApiOkResponse({ type: ReportList })
  @ApiProblems(401, 403, 404)
  listReports(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ReportList> {
    return this.reports.list(ctx, id);
  }

  @Put('businesses/:id/reports/:period')
  @RequirePermissions(Permission.BUSINESSES_WRITE)
  @ApiOperation({ summary: 'Correct a report; the replaced version is kept with the reason' })
  @ApiOkResponse({ type: ReportResponse })
  @ApiProblems(400, 401, 403, 404)
  correctReport(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('period') period: string,
    @Body() dto: CorrectReportDto,
  ): Promise<ReportResponse> {
    return this.reports.correct(ctx, id, period, dto);
  }

  @Post('businesses/:id/graduate')
  @RequirePermissions(Permission.BUSINESSES_GRADUATE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: "Confirm graduation: close the owner's community cases MANDIRI, end their PPKS status" })
  @ApiOkResponse({ type: BusinessResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  graduate(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: GraduateDto): Promise<BusinessResponse> {
    return this.graduation.graduate(ctx, id, dto);
  }
}
