import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PiiModule } from '../persons/pii/pii.module';
import { JobQueue } from './job-queue.service';
import { OutboxRetention } from './outbox-retention.service';
import { OutboxService } from './outbox.service';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhookSender } from './webhook-sender';
import { WebhookSubscription } from './webhook-subscription.entity';
import { WebhookSubscriptionsController } from './webhook-subscriptions.controller';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';
import { WebhookWake } from './webhook-wake';

/**
 * Integration with other systems: the transactional outbox other modules write to, webhook subscriptions and their
 * delivery by a pg-boss worker (docs/webhooks.md), and the job queue itself, which other background work may use.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebhookSubscription, WebhookDelivery]), PiiModule],
  controllers: [WebhookSubscriptionsController],
  providers: [
    OutboxService,
    OutboxRetention,
    JobQueue,
    WebhookSender,
    WebhookDispatcher,
    WebhookWake,
    WebhookSubscriptionsService,
  ],
  exports: [OutboxService, JobQueue, WebhookDispatcher, OutboxRetention],
})
export class IntegrationModule {}
