import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { Page } from '../common/pagination/pagination';
import { ApiClientsService } from './api-clients.service';
import { RequirePermissions } from './decorators';
import {
  ApiClientPage,
  ApiClientResponse,
  ApiClientWithSecretResponse,
  CreateApiClientDto,
  ListApiClientsQuery,
} from './dto/api-client.dto';
import { Permission } from './permissions';

@ApiTags('api-clients')
@Controller('api-clients')
export class ApiClientsController {
  constructor(private readonly clients: ApiClientsService) {}

  @Post()
  @RequirePermissions(Permission.API_CLIENTS_WRITE)
  @ApiIdempotent()
  @ApiOperation({ summary: 'Create a machine account for an organisation; the secret is shown once' })
  @ApiCreatedResponse({ type: ApiClientWithSecretResponse })
  @ApiProblems(400, 401, 403, 422)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateApiClientDto): Promise<ApiClientWithSecretResponse> {
    return this.clients.create(ctx, dto);
  }

  @Get()
  @RequirePermissions(Permission.API_CLIENTS_READ)
  @ApiOperation({ summary: 'List API clients in your scope' })
  @ApiOkResponse({ type: ApiClientPage })
  @ApiProblems(400, 401, 403)
  list(@Ctx() ctx: RequestContext, @Query() query: ListApiClientsQuery): Promise<Page<ApiClientResponse>> {
    return this.clients.list(ctx, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.API_CLIENTS_READ)
  @ApiOperation({ summary: 'Get an API client (never its secret)' })
  @ApiOkResponse({ type: ApiClientResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ApiClientResponse> {
    return this.clients.get(ctx, id);
  }

  @Post(':id/rotate-secret')
  @RequirePermissions(Permission.API_CLIENTS_WRITE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a new secret; the old one stops working at once' })
  @ApiOkResponse({ type: ApiClientWithSecretResponse })
  @ApiProblems(401, 403, 404, 409)
  rotate(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ApiClientWithSecretResponse> {
    return this.clients.rotateSecret(ctx, id);
  }

  @Post(':id/revoke')
  @RequirePermissions(Permission.API_CLIENTS_WRITE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API client: it can get no new tokens' })
  @ApiOkResponse({ type: ApiClientResponse })
  @ApiProblems(401, 403, 404)
  revoke(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ApiClientResponse> {
    return this.clients.revoke(ctx, id);
  }
}
