import { Global, Module } from '@nestjs/common';
import { Tx } from './database/tx.service';
import { IdempotencyService } from './idempotency/idempotency.service';

/** Shared mechanisms every module uses: request transactions and idempotency. */
@Global()
@Module({
  providers: [Tx, IdempotencyService],
  exports: [Tx, IdempotencyService],
})
export class CommonModule {}
