import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { IfMatch, IfMatchVersion, RequiresIfMatch, WithEtag } from '../common/http/etag';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { ListWebhookDeliveriesQuery, WebhookDeliveryPage, WebhookDeliveryResponse } from './dto/webhook-delivery.dto';
import {
  CreateWebhookSubscriptionDto,
  ListWebhookSubscriptionsQuery,
  UpdateWebhookSubscriptionDto,
  WebhookSubscriptionPage,
  WebhookSubscriptionResponse,
  WebhookSubscriptionWithSecretResponse,
} from './dto/webhook-subscription.dto';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

@ApiTags('webhooks')
@Controller('webhook-subscriptions')
export class WebhookSubscriptionsController {
  constructor(private readonly subscriptions: WebhookSubscriptionsService) {}

  @Post()
  @RequirePermissions(Permission.WEBHOOKS_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @ApiOperation({ summary: 'Subscribe a URL to events of an organisation; the signing secret is shown once' })
  @ApiCreatedResponse({ type: WebhookSubscriptionWithSecretResponse })
  @ApiProblems(400, 401, 403, 409, 422)
  create(
    @Ctx() ctx: RequestContext,
    @Body() dto: CreateWebhookSubscriptionDto,
  ): Promise<WebhookSubscriptionWithSecretResponse> {
    return this.subscriptions.create(ctx, dto);
  }

  @Get()
  @RequirePermissions(Permission.WEBHOOKS_READ)
  @ApiOperation({ summary: "List the webhook subscriptions of your organisation (province roles: your province's)" })
  @ApiOkResponse({ type: WebhookSubscriptionPage })
  @ApiProblems(400, 401, 403)
  list(
    @Ctx() ctx: RequestContext,
    @Query() query: ListWebhookSubscriptionsQuery,
  ): Promise<Page<WebhookSubscriptionResponse>> {
    return this.subscriptions.list(ctx, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.WEBHOOKS_READ)
  @WithEtag()
  @ApiOperation({ summary: 'Get a webhook subscription (never its secret)' })
  @ApiOkResponse({ type: WebhookSubscriptionResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<WebhookSubscriptionResponse> {
    return this.subscriptions.get(ctx, id);
  }

  @Patch(':id')
  @RequirePermissions(Permission.WEBHOOKS_WRITE)
  @WithEtag()
  @RequiresIfMatch()
  @ApiOperation({ summary: 'Change the URL, events or description (If-Match required)' })
  @ApiOkResponse({ type: WebhookSubscriptionResponse })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422, 428)
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @IfMatch() expected: IfMatchVersion,
    @Body() dto: UpdateWebhookSubscriptionDto,
  ): Promise<WebhookSubscriptionResponse> {
    return this.subscriptions.update(ctx, id, expected, dto);
  }

  @Post(':id/rotate-secret')
  @RequirePermissions(Permission.WEBHOOKS_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Issue a new signing secret (shown once); the old one also signs for 24 hours' })
  @ApiOkResponse({ type: WebhookSubscriptionWithSecretResponse })
  @ApiProblems(401, 403, 404, 409)
  rotateSecret(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<WebhookSubscriptionWithSecretResponse> {
    return this.subscriptions.rotateSecret(ctx, id);
  }

  @Post(':id/deactivate')
  @RequirePermissions(Permission.WEBHOOKS_WRITE)
  @HttpCode(200)
  @WithEtag()
  @ApiOperation({ summary: 'Stop a subscription for good; its pending deliveries are cancelled' })
  @ApiOkResponse({ type: WebhookSubscriptionResponse })
  @ApiProblems(401, 403, 404)
  deactivate(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<WebhookSubscriptionResponse> {
    return this.subscriptions.deactivate(ctx, id);
  }

  @Get(':id/deliveries')
  @RequirePermissions(Permission.WEBHOOKS_READ)
  @ApiOperation({ summary: 'Delivery log: every message, its attempts, last answer and next attempt' })
  @ApiOkResponse({ type: WebhookDeliveryPage })
  @ApiProblems(400, 401, 403, 404)
  listDeliveries(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() query: ListWebhookDeliveriesQuery,
  ): Promise<Page<WebhookDeliveryResponse>> {
    return this.subscriptions.listDeliveries(ctx, id, query);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @RequirePermissions(Permission.WEBHOOKS_WRITE)
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again (same webhook-id), with a fresh 24-hour retry window' })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse })
  @ApiProblems(401, 403, 404, 409)
  redeliver(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<WebhookDeliveryResponse> {
    return this.subscriptions.redeliver(ctx, id, deliveryId);
  }
}
