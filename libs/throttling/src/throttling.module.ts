import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { createRedis, RedisClient } from '@hookyard/queue';
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { RedisThrottlerStorage } from './redis-throttler-storage';
import { ThrottledActionName } from './throttled-action';
import { THROTTLE_REDIS } from './tokens';

/** The Redis storage of every limit, with its own connection. */
@Module({
  providers: [
    {
      provide: THROTTLE_REDIS,
      inject: [HOOKYARD_CONFIG],
      // Fails fast when Redis is down: the limiters then let requests through (see AuthFailureLimiter).
      useFactory: (config: HookyardConfig) =>
        createRedis(config.redis, { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
    },
    {
      provide: RedisThrottlerStorage,
      inject: [THROTTLE_REDIS, HOOKYARD_CONFIG],
      useFactory: (redis: RedisClient, config: HookyardConfig) =>
        new RedisThrottlerStorage(redis, config.redis.prefix),
    },
  ],
  exports: [THROTTLE_REDIS, RedisThrottlerStorage],
})
class ThrottlerStorageModule implements OnApplicationShutdown {
  constructor(@Inject(THROTTLE_REDIS) private readonly redis: RedisClient) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/**
 * Abuse limits of the gateway, counted in Redis so that replicas share them: failed
 * authentications (AuthFailureLimiter, used by AuthenticatedGuard) and, per account, the actions
 * marked @ThrottledAction (test sends, redeliveries).
 */
@Global()
@Module({
  imports: [
    ThrottlerStorageModule,
    ThrottlerModule.forRootAsync({
      imports: [ThrottlerStorageModule],
      inject: [HOOKYARD_CONFIG, RedisThrottlerStorage],
      useFactory: (config: HookyardConfig, storage: RedisThrottlerStorage) => {
        const limits: Record<ThrottledActionName, { limit: number; windowMs: number }> = {
          'test-sends': config.throttle.testSends,
          redeliveries: config.throttle.redeliveries,
        };
        return {
          storage,
          // One count per action and account, across the routes of the action (DTR and Quay test sends).
          generateKey: (_context, tracker) => tracker,
          throttlers: Object.entries(limits).map(([name, { limit, windowMs }]) => ({
            name,
            limit,
            ttl: windowMs,
            blockDuration: windowMs,
          })),
        };
      },
    }),
  ],
  providers: [AuthFailureLimiter],
  exports: [AuthFailureLimiter],
})
export class ThrottlingModule {}
