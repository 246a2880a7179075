import { Global, Module } from '@nestjs/common';
import { HookyardConfig, loadConfig } from './hookyard-config';

/** Injection token of the validated HookyardConfig. */
export const HOOKYARD_CONFIG = Symbol('HOOKYARD_CONFIG');

@Global()
@Module({
  providers: [{ provide: HOOKYARD_CONFIG, useFactory: (): HookyardConfig => loadConfig() }],
  exports: [HOOKYARD_CONFIG],
})
export class ConfigModule {}
