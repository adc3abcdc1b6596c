import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../webhook-events';
import { SUBSCRIPTION_STATUSES, SubscriptionStatus, WebhookSubscription } from '../webhook-subscription.entity';
import { trim } from '../../common/validation/transforms';

export class CreateWebhookSubscriptionDto {
  @ApiProperty({
    example: 'https://sim.yayasan-bina-jiwa.or.id/webhooks/jejaring',
    maxLength: 2000,
    description: 'http(s) only, no user name or password; must resolve to public addresses',
  })
  @Transform(trim)
  @IsString()
  @MinLength(8)
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['referral.created', 'referral.status_changed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events: WebhookEventType[];

  @ApiPropertyOptional({ maxLength: 500, example: 'Sistem informasi rujukan Yayasan Bina Jiwa' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "Defaults to the caller's organisation; province roles may name one in their province",
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class UpdateWebhookSubscriptionDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(8)
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: WebhookEventType[];

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

export class ListWebhookSubscriptionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATUSES })
  @IsOptional()
  @IsIn(SUBSCRIPTION_STATUSES)
  status?: SubscriptionStatus;
}

export class WebhookSubscriptionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events: string[];
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES }) status: SubscriptionStatus;
  @ApiProperty({ format: 'date-time' }) secretRotatedAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deactivatedAt: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Optimistic-lock version; the ETag' }) version: number;

  static of(s: WebhookSubscription): WebhookSubscriptionResponse {
    return {
      id: s.id,
      organizationId: s.organizationId,
      url: s.url,
      events: s.events,
      description: s.description,
      status: s.status,
      secretRotatedAt: s.secretRotatedAt,
      deactivatedAt: s.deactivatedAt,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      version: s.version,
    };
  }
}

export class WebhookSubscriptionWithSecretResponse extends WebhookSubscriptionResponse {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7z3Y/2Mf3hk=',
    description: 'Signing secret, shown only in this response: store it now',
  })
  secret: string;
}

export class WebhookSubscriptionPage extends PageOf(WebhookSubscriptionResponse) {}
