import 'reflect-metadata';
import { loadConfigOrExit } from '@hookyard/config';
import { eventStreamKey, redisOptions, subscriptionsVersionKey } from '@hookyard/queue';
import { startApp } from '@hookyard/observability';
import { RedisOptions, Transport } from '@nestjs/microservices';
import { AppModule } from './app.module';
import { RedisStreamServer } from './event-stream/redis-stream.server';

void startApp({
  name: 'dispatcher',
  config: loadConfigOrExit('dispatcher'),
  module: AppModule,
  port: (config) => config.ports.dispatcher,
  configure: async (app, config) => {
    app.connectMicroservice({
      strategy: new RedisStreamServer({
        url: config.redis.url,
        streamKey: eventStreamKey(config.redis.prefix),
        claimIdleMs: config.dispatcher.claimIdleMs,
        versionKey: subscriptionsVersionKey(config.redis.prefix),
      }),
    });
    app.connectMicroservice<RedisOptions>({
      transport: Transport.REDIS,
      options: redisOptions(config.redis.url) as RedisOptions['options'],
    });
    // The subscription index must be loaded before the first event is read.
    await app.init();
    await app.startAllMicroservices();
  },
});
