import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { WithEtag } from '../common/http/etag';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { ConsentsService } from './consents.service';
import { ConsentPage, ConsentResponse, CreateConsentDto, ListConsentsQuery, RevokeConsentDto } from './dto/consent.dto';

const PURPOSE = ApiHeader({
  name: 'X-Purpose',
  required: false,
  description: 'Why you read or record consents (audit trail); a default is recorded otherwise',
});

@ApiTags('consents')
@Controller('persons/:id/consents')
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Post()
  @RequirePermissions(Permission.PERSONS_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @PURPOSE
  @ApiOperation({ summary: "Record a person's consent for a purpose and a recipient (or any), with its evidence" })
  @ApiCreatedResponse({ type: ConsentResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  create(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: CreateConsentDto): Promise<ConsentResponse> {
    return this.consents.create(ctx, id, dto);
  }

  @Get()
  @RequirePermissions(Permission.PERSONS_READ)
  @PURPOSE
  @ApiOperation({ summary: "A person's consents, by the day given; `active` says whether each holds today" })
  @ApiOkResponse({ type: ConsentPage })
  @ApiProblems(400, 401, 403, 404, 409)
  list(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() query: ListConsentsQuery,
  ): Promise<Page<ConsentResponse>> {
    return this.consents.list(ctx, id, query);
  }

  @Post(':consentId/revoke')
  @RequirePermissions(Permission.PERSONS_WRITE)
  @HttpCode(200)
  @WithEtag()
  @PURPOSE
  @ApiOperation({ summary: 'Revoke a consent (allowed while processing is restricted: it only narrows processing)' })
  @ApiOkResponse({ type: ConsentResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  revoke(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('consentId') consentId: string,
    @Body() dto: RevokeConsentDto,
  ): Promise<ConsentResponse> {
    return this.consents.revoke(ctx, id, consentId, dto);
  }
}
