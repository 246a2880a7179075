import 'reflect-metadata';
import { loadConfigOrExit } from '@hookyard/config';
import { eventStreamKey, SubscriptionChangesServer, subscriptionsVersionKey } from '@hookyard/queue';
import { startApp } from '@hookyard/observability';
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
        redis: config.redis,
        streamKey: eventStreamKey(config.redis.prefix),
        claimIdleMs: config.dispatcher.claimIdleMs,
        versionKey: subscriptionsVersionKey(config.redis.prefix),
      }),
    });
    app.connectMicroservice({ strategy: new SubscriptionChangesServer(config.redis) });
    // The subscription index must be loaded before the first event is read.
    await app.init();
    await app.startAllMicroservices();
  },
});
