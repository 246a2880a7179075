import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { bullPrefix } from './names';
import { bullConnection } from './redis-connection';

/** BullMQ's connection for an app, under the install's key prefix. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [HOOKYARD_CONFIG],
      useFactory: (config: HookyardConfig) => ({
        connection: bullConnection(config.redis),
        prefix: bullPrefix(config.redis.prefix),
      }),
    }),
  ],
})
export class QueueModule {}
