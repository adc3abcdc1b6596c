import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { WithEtag } from '../common/http/etag';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import {
  AddSessionDto,
  AttendanceResponse,
  CancelSessionDto,
  CreateTrainingDto,
  EnrolDto,
  EnrolmentResponse,
  ListTrainingsQuery,
  ParticipantList,
  RecordAttendanceDto,
  SessionResponse,
  SkillList,
  TrainingPage,
  TrainingResponse,
} from './dto/training.dto';
import { EnrolmentsService } from './enrolments.service';
import { TrainingsService } from './trainings.service';

@ApiTags('trainings')
@Controller()
export class TrainingsController {
  constructor(
    private readonly trainings: TrainingsService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  @Get('training-skills')
  @RequirePermissions(Permission.TRAININGS_READ)
  @ApiOperation({ summary: 'Skills a training can teach (reference data)' })
  @ApiOkResponse({ type: SkillList })
  @ApiProblems(401, 403)
  skills(@Ctx() ctx: RequestContext): Promise<SkillList> {
    return this.trainings.skills(ctx);
  }

  @Post('trainings')
  @RequirePermissions(Permission.TRAININGS_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @ApiOperation({ summary: 'Create a training; its sessions are generated from the weekdays of the period' })
  @ApiCreatedResponse({ type: TrainingResponse })
  @ApiProblems(400, 401, 403, 422)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateTrainingDto): Promise<TrainingResponse> {
    return this.trainings.create(ctx, dto);
  }

  @Get('trainings')
  @RequirePermissions(Permission.TRAININGS_READ)
  @ApiOperation({ summary: 'Trainings in your scope' })
  @ApiOkResponse({ type: TrainingPage })
  @ApiProblems(400, 401, 403)
  list(@Ctx() ctx: RequestContext, @Query() query: ListTrainingsQuery): Promise<Page<TrainingResponse>> {
    return this.trainings.list(ctx, query);
  }

  @Get('trainings/:id')
  @RequirePermissions(Permission.TRAININGS_READ)
  @WithEtag()
  @ApiOperation({ summary: 'A training with its sessions' })
  @ApiOkResponse({ type: TrainingResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<TrainingResponse> {
    return this.trainings.get(ctx, id);
  }

  @Post('trainings/:id/sessions')
  @RequirePermissions(Permission.TRAININGS_WRITE)
  @ApiOperation({ summary: 'Add a session within the period (one per day)' })
  @ApiCreatedResponse({ type: SessionResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  addSession(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: AddSessionDto,
  ): Promise<SessionResponse> {
    return this.trainings.addSession(ctx, id, dto);
  }

  @Post('trainings/:id/sessions/:sessionId/cancel')
  @RequirePermissions(Permission.TRAININGS_WRITE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a session: it no longer counts as held' })
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  cancelSession(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('sessionId') sessionId: string,
    @Body() dto: CancelSessionDto,
  ): Promise<SessionResponse> {
    return this.trainings.cancelSession(ctx, id, sessionId, dto);
  }

  @Post('trainings/:id/sessions/:sessionId/attendance')
  @RequirePermissions(Permission.TRAININGS_WRITE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Record presence of many participants at one session (upsert)' })
  @ApiOkResponse({ type: AttendanceResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  attendance(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('sessionId') sessionId: string,
    @Body() dto: RecordAttendanceDto,
  ): Promise<AttendanceResponse> {
    return this.enrolments.recordAttendance(ctx, id, sessionId, dto);
  }

  @Post('trainings/:id/enrolments')
  @RequirePermissions(Permission.TRAININGS_WRITE)
  @ApiIdempotent()
  @ApiOperation({
    summary: 'Enrol a person you can see: eligibility (open case, recent STABLE assessment) or an override; capacity',
  })
  @ApiCreatedResponse({ type: EnrolmentResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  enrol(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: EnrolDto): Promise<EnrolmentResponse> {
    return this.enrolments.enrol(ctx, id, dto);
  }

  @Get('trainings/:id/participants')
  @RequirePermissions(Permission.TRAININGS_READ)
  @ApiOperation({ summary: 'Every participant with computed progress, completion and certificate (audited)' })
  @ApiOkResponse({ type: ParticipantList })
  @ApiProblems(401, 403, 404)
  participants(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ParticipantList> {
    return this.enrolments.participants(ctx, id);
  }

  @Get('trainings/:id/enrolments/:enrolmentId')
  @RequirePermissions(Permission.TRAININGS_READ)
  @ApiOperation({ summary: 'One enrolment with its progress (audited)' })
  @ApiOkResponse({ type: EnrolmentResponse })
  @ApiProblems(401, 403, 404)
  enrolment(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('enrolmentId') enrolmentId: string,
  ): Promise<EnrolmentResponse> {
    return this.enrolments.get(ctx, id, enrolmentId);
  }
}
