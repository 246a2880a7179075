import 'reflect-metadata';
import { loadConfigOrExit } from '@hookyard/config';
import {
  ACTIVITY_GROUP,
  eventStreamKey,
  SubscriptionChangesServer,
  subscriptionsVersionKey,
} from '@hookyard/queue';
import { startApp } from '@hookyard/observability';
import { AppModule } from './app.module';
import { ACTIVITY_EVENTS, RedisStreamServer } from './event-stream/redis-stream.server';

/** How often the delivery group's consumers trim the event stream of acknowledged entries. */
const STREAM_TRIM_EVERY_MS = 10_000;

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
        // The stream keeps only what a group may still need: accepted events don't pile up in Redis.
        trimEveryMs: STREAM_TRIM_EVERY_MS,
      }),
    });
    app.connectMicroservice({ strategy: new SubscriptionChangesServer(config.redis) });
    if (config.eventLog.retentionMs > 0) {
      // The activity stream reads the same events as a consumer group of its own: delivery never
      // waits for it. Reads a quarter second apart make few large inserts (PostgreSQL's CPU per
      // recorded event falls with the batch), yet none so large that recording it stalls the
      // deliveries beside it: a second apart, the accept→receipt p99 at half rate doubled
      // (bench/README.md, "The activity stream's cost" and "Half-rate latency's tail").
      app.connectMicroservice({
        strategy: new RedisStreamServer({
          redis: config.redis,
          streamKey: eventStreamKey(config.redis.prefix),
          group: ACTIVITY_GROUP,
          pattern: ACTIVITY_EVENTS,
          raw: true,
          batchSize: 2000,
          readIntervalMs: 250,
          claimIdleMs: config.dispatcher.claimIdleMs,
        }),
      });
    }
    // The subscription index must be loaded before the first event is read.
    await app.init();
    await app.startAllMicroservices();
  },
});
