import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { DELIVERY_STATUSES, DeliveryStatus, WebhookDelivery } from '../webhook-delivery.entity';

export class ListWebhookDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid', description: 'The message id: the webhook-id header, the same on every attempt' })
  id: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId: string;
  @ApiProperty({ format: 'uuid', description: 'The event (outbox message) this delivery carries' }) eventId: string;
  @ApiProperty({ example: 'referral.created' }) eventType: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty() attemptCount: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastAttemptAt: Date | null;
  @ApiProperty({ nullable: true, type: Number, description: 'HTTP status of the last answer' })
  lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'HTTP 503' }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When PENDING' })
  nextAttemptAt: Date | null;
  @ApiProperty({ format: 'date-time', description: 'Retries stop after a failed attempt past this time' })
  retryUntil: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;

  static of(d: WebhookDelivery): WebhookDeliveryResponse {
    return {
      id: d.id,
      subscriptionId: d.subscriptionId,
      eventId: d.outboxEventId,
      eventType: d.eventType,
      status: d.status,
      attemptCount: d.attemptCount,
      lastAttemptAt: d.lastAttemptAt,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      nextAttemptAt: d.nextAttemptAt,
      retryUntil: d.giveUpAt,
      deliveredAt: d.deliveredAt,
      createdAt: d.createdAt,
    };
  }
}

export class WebhookDeliveryPage extends PageOf(WebhookDeliveryResponse) {}
