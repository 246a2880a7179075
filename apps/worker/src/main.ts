import 'reflect-metadata';
import { loadConfigOrExit } from '@hookyard/config';
import { redisOptions } from '@hookyard/queue';
import { startApp } from '@hookyard/observability';
import { RedisOptions, Transport } from '@nestjs/microservices';
import { AppModule } from './app.module';

void startApp({
  name: 'worker',
  config: loadConfigOrExit('worker'),
  module: AppModule,
  port: (config) => config.ports.worker,
  configure: async (app, config) => {
    // subscription-changed messages evict the worker's subscription cache.
    app.connectMicroservice<RedisOptions>({
      transport: Transport.REDIS,
      options: redisOptions(config.redis.url) as RedisOptions['options'],
    });
    await app.startAllMicroservices();
  },
});
