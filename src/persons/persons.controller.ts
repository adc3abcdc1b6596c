import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { IfMatch, IfMatchVersion, RequiresIfMatch, WithEtag } from '../common/http/etag';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { CreatePersonDto, MergeDto, UpdatePersonDto, VerifyIdentityDto } from './dto/person-input.dto';
import {
  ListPersonsQuery,
  PersonCreatedResponse,
  PersonDetailResponse,
  PersonPage,
  PersonResponse,
  PossibleDuplicatesResponse,
} from './dto/person.response';
import { PersonsService } from './persons.service';
import { PersonMergeService } from './person-merge.service';

const PURPOSE = ApiHeader({
  name: 'X-Purpose',
  required: false,
  description: 'Why you read or change this person (recorded in the audit trail); a default is recorded otherwise',
});

@ApiTags('persons')
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly persons: PersonsService,
    private readonly merges: PersonMergeService,
  ) {}

  @Post()
  @RequirePermissions(Permission.PERSONS_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @PURPOSE
  @ApiOperation({ summary: 'Register a person; answers warnings[] (NIK mismatches) and possibleDuplicates[]' })
  @ApiCreatedResponse({ type: PersonCreatedResponse })
  @ApiProblems(400, 401, 403, 409, 422)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreatePersonDto): Promise<PersonCreatedResponse> {
    return this.persons.create(ctx, dto);
  }

  @Get()
  @RequirePermissions(Permission.PERSONS_READ)
  @PURPOSE
  @ApiOperation({ summary: 'Find people in your scope: fuzzy name (q), exact NIK, region, PPKS category, disability' })
  @ApiOkResponse({ type: PersonPage })
  @ApiProblems(400, 401, 403, 422)
  list(@Ctx() ctx: RequestContext, @Query() query: ListPersonsQuery): Promise<Page<PersonResponse>> {
    return this.persons.list(ctx, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.PERSONS_READ)
  @WithEtag()
  @PURPOSE
  @ApiOperation({ summary: 'Read a person (audited)' })
  @ApiOkResponse({ type: PersonDetailResponse })
  @ApiProblems(401, 403, 404, 409)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<PersonDetailResponse> {
    return this.persons.get(ctx, id);
  }

  @Patch(':id')
  @RequirePermissions(Permission.PERSONS_WRITE)
  @WithEtag()
  @RequiresIfMatch()
  @PURPOSE
  @ApiOperation({ summary: 'Change a person; a new domicile or KK closes the current one (history kept)' })
  @ApiOkResponse({ type: PersonDetailResponse })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422, 428)
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @IfMatch() expected: IfMatchVersion,
    @Body() dto: UpdatePersonDto,
  ): Promise<PersonDetailResponse> {
    return this.persons.update(ctx, id, expected, dto);
  }

  @Post(':id/verify-identity')
  @RequirePermissions(Permission.PERSONS_WRITE, Permission.PERSONS_PII)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Record that the NIK was verified (e.g. with Dukcapil)' })
  @ApiOkResponse({ type: PersonDetailResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  verifyIdentity(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: VerifyIdentityDto,
  ): Promise<PersonDetailResponse> {
    return this.persons.verifyIdentity(ctx, id, dto);
  }

  @Get(':id/possible-duplicates')
  @RequirePermissions(Permission.PERSONS_READ)
  @ApiOperation({ summary: 'People in your scope who may be the same person, ranked by score' })
  @ApiOkResponse({ type: PossibleDuplicatesResponse })
  @ApiProblems(401, 403, 404, 409)
  possibleDuplicates(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<PossibleDuplicatesResponse> {
    return this.merges.possibleDuplicates(ctx, id);
  }

  @Post(':id/merge')
  @RequirePermissions(Permission.PERSONS_WRITE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge a duplicate record into this person: every link moves here; undo with unmerge' })
  @ApiOkResponse({ type: PersonDetailResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  merge(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: MergeDto): Promise<PersonDetailResponse> {
    return this.merges.merge(ctx, id, dto.duplicateId);
  }

  @Post(':id/unmerge')
  @RequirePermissions(Permission.PERSONS_WRITE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo the merge of duplicateId into this person; answers the restored record' })
  @ApiOkResponse({ type: PersonDetailResponse })
  @ApiProblems(400, 401, 403, 404, 409)
  unmerge(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: MergeDto): Promise<PersonDetailResponse> {
    return this.merges.unmerge(ctx, id, dto.duplicateId);
  }
}
