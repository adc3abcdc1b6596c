import { Global, Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';

/** Webhooks and bulk jobs; for now the outbox that other modules write to. */
@Global()
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class IntegrationModule {}
