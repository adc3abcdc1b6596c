import { FactoryProvider, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { assertNoInterruptedRotation } from './embedded-keys';
import { PiiCipher } from './pii-cipher';

/** Injects {@link PiiCipher} by its class, built once from the validated config. */
export const PII_CIPHER_PROVIDER: FactoryProvider<PiiCipher> = {
  provide: PiiCipher,
  inject: [AppConfig],
  useFactory: (config: AppConfig): PiiCipher => {
    // Fail at boot, not on the first read of a value the half-done rotation already moved.
    assertNoInterruptedRotation(config);
    return PiiCipher.fromConfig(config);
  },
};

@Module({ providers: [PII_CIPHER_PROVIDER], exports: [PiiCipher] })
export class PiiModule {}
