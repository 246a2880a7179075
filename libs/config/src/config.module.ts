import { DynamicModule, Module } from '@nestjs/common';
import type { HookyardConfig } from './hookyard-config';

/** Injection token of the validated HookyardConfig. */
export const HOOKYARD_CONFIG = Symbol('HOOKYARD_CONFIG');

/** Provides the configuration main.ts read to every module of the app. */
@Module({})
export class ConfigModule {
  static forRoot(config: HookyardConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: HOOKYARD_CONFIG, useValue: config }],
      exports: [HOOKYARD_CONFIG],
    };
  }
}
