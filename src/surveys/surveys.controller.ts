import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
  SurveyPeriodQuery,
  SurveyResponse,
  SurveyResultsResponse,
} from './dto/survey.dto';
import { QrCode, SurveysService } from './surveys.service';

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

  @Get('surveys/:id/qr.svg')
  @RequirePermissions(Permission.SURVEYS_READ)
  @ApiOperation({ summary: "QR code (SVG) of an open survey's absolute public link, to print at the service" })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'The QR code; the `Link` header names the URL it encodes' })
  @ApiProblems(401, 403, 404, 409)
  async qrSvg(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    return send(reply, await this.surveys.qrCode(ctx, id, 'svg', baseOf(request)));
  }

  @Get('surveys/:id/qr.png')
  @RequirePermissions(Permission.SURVEYS_READ)
  @ApiOperation({ summary: "QR code (PNG, 512 px) of an open survey's absolute public link" })
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'The QR code; the `Link` header names the URL it encodes' })
  @ApiProblems(401, 403, 404, 409)
  async qrPng(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    return send(reply, await this.surveys.qrCode(ctx, id, 'png', baseOf(request)));
  }

  @Get('surveys/:id/results')
  @RequirePermissions(Permission.SURVEYS_READ)
  @ApiOperation({ summary: 'SKM results of a survey: averages per element, IKM, quality category, distribution' })
  @ApiOkResponse({ type: SurveyResultsResponse })
  @ApiProblems(400, 401, 403, 404)
  results(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() period: SurveyPeriodQuery,
  ): Promise<SurveyResultsResponse> {
    return this.surveys.results(ctx, id, period);
  }

  @Get('organizations/:id/survey-results')
  @RequirePermissions(Permission.SURVEYS_READ)
  @ApiOperation({ summary: "SKM results over all surveys of an organisation's services, overall and per service" })
  @ApiOkResponse({ type: OrganizationSurveyResultsResponse })
  @ApiProblems(400, 401, 403, 404)
  organizationResults(
    @Ctx() ctx: RequestContext,
    @Param('id') organizationId: string,
    @Query() period: SurveyPeriodQuery,
  ): Promise<OrganizationSurveyResultsResponse> {
    return this.surveys.organizationResults(ctx, organizationId, period);
  }
}

/** The address the caller reached us at; Fastify reads X-Forwarded-Proto/Host only when TRUST_PROXY is on. */
function baseOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function send(reply: FastifyReply, qr: QrCode): string | Buffer {
  // The link is the survey's only key: keep it out of shared caches.
  void reply.header('content-type', qr.contentType).header('cache-control', 'private, no-store');
  void reply.header('link', `<${qr.url}>; rel="describes"`);
  return qr.body;
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
