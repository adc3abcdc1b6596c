import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiProblems } from '../common/http/api-docs';
import { Public, RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import {
  CreateSurveyDto,
  OrganizationSurveyResultsResponse,
  QuestionnaireResponse,
  SubmitSurveyResponseDto,
  SubmittedResponse,
  SurveyList,
  SurveyResponse,
  SurveyResultsResponse,
} from './dto/survey.dto';
import { SurveysService } from './surveys.service';

@ApiTags('surveys')
@Controller()
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Post('services/:serviceId/surveys')
  @RequirePermissions(Permission.SURVEYS_WRITE)
  @ApiOperation({ summary: 'Open a satisfaction survey (SKM) for a service; answers its public link' })
  @ApiCreatedResponse({ type: SurveyResponse })
  @ApiProblems(400, 401, 403, 404, 409, 415)
  create(
    @Ctx() ctx: RequestContext,
    @Param('serviceId') serviceId: string,
    @Body() dto: CreateSurveyDto,
  ): Promise<SurveyResponse> {
    return this.surveys.create(ctx, serviceId, dto);
  }

  @Get('services/:serviceId/surveys')
  @RequirePermissions(Permission.SURVEYS_READ)
  @ApiOperation({ summary: 'The satisfaction surveys of a service, newest first' })
  @ApiOkResponse({ type: SurveyList })
  @ApiProblems(401, 403, 404)
  list(@Ctx() ctx: RequestContext, @Param('serviceId') serviceId: string): Promise<SurveyList> {
    return this.surveys.listOfService(ctx, serviceId);
  }

  @Post('surveys/:id/close')
  @RequirePermissions(Permission.SURVEYS_WRITE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a survey: its link stops accepting answers; results stay' })
  @ApiOkResponse({ type: SurveyResponse })
  @ApiProblems(401, 403, 404)
  close(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<SurveyResponse> {
    return this.surveys.close(ctx, id);
  }

  @Get('surveys/:id/results')
  @RequirePermissions(Permission.SURVEYS_READ)
  @ApiOperation({ summary: 'SKM results of a survey: averages per element, IKM, quality category, distribution' })
  @ApiOkResponse({ type: SurveyResultsResponse })
  @ApiProblems(401, 403, 404)
  results(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<SurveyResultsResponse> {
    return this.surveys.results(ctx, id);
  }

  @Get('organizations/:id/survey-results')
  @RequirePermissions(Permission.SURVEYS_READ)
  @ApiOperation({ summary: "SKM results over all surveys of an organisation's services, overall and per service" })
  @ApiOkResponse({ type: OrganizationSurveyResultsResponse })
  @ApiProblems(401, 403, 404)
  organizationResults(
    @Ctx() ctx: RequestContext,
    @Param('id') organizationId: string,
  ): Promise<OrganizationSurveyResultsResponse> {
    return this.surveys.organizationResults(ctx, organizationId);
  }
}

/** The anonymous side: the questionnaire behind a survey link (or QR code), and answering it. */
@ApiTags('surveys')
@Public()
@Controller('public/surveys')
export class PublicSurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Get(':token')
  @ApiOperation({ summary: 'The questionnaire of an open survey (nine elements, 1–4 scale), for a link or QR page' })
  @ApiOkResponse({ type: QuestionnaireResponse })
  @ApiProblems(404)
  questionnaire(@Ctx() ctx: RequestContext, @Param('token') token: string): Promise<QuestionnaireResponse> {
    return this.surveys.questionnaire(ctx, token);
  }

  @Post(':token/responses')
  @ApiOperation({ summary: 'Answer a survey anonymously (rate-limited per IP address and per survey)' })
  @ApiCreatedResponse({ type: SubmittedResponse })
  @ApiProblems(400, 404, 415, 429)
  async submit(
    @Ctx() ctx: RequestContext,
    @Param('token') token: string,
    @Body() dto: SubmitSurveyResponseDto,
  ): Promise<SubmittedResponse> {
    await this.surveys.submit(ctx, token, dto);
    return { received: true };
  }
}
