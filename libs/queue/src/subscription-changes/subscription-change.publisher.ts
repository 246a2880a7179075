import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { SubscriptionChangedMessage } from '../delivery-job';
import { SUBSCRIPTION_CHANGED, subscriptionsVersionKey } from '../names';
import { createRedis, RedisClient } from '../redis-connection';

export const SUBSCRIPTION_EVENTS_CLIENT = Symbol('SUBSCRIPTION_EVENTS_CLIENT');

/**
 * Tells dispatchers (and workers' caches) that a committed subscription changed. The version
 * counter is bumped before the call returns, so a dispatcher that reads an event appended after
 * it sees a newer version and reloads: no event misses a subscription created before it. The
 * pub/sub message is the fast path that usually makes that reload unnecessary.
 */
@Injectable()
export class SubscriptionChangePublisher implements OnModuleDestroy {
  private readonly logger = new Logger(SubscriptionChangePublisher.name);
  private readonly redis: RedisClient;

  constructor(
    @Inject(SUBSCRIPTION_EVENTS_CLIENT) private readonly client: ClientProxy,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {
    this.redis = createRedis(config.redis, { maxRetriesPerRequest: 3 });
  }

  async changed(subscriptionId: string): Promise<void> {
    try {
      const version = await this.redis.incr(subscriptionsVersionKey(this.config.redis.prefix));
      const message: SubscriptionChangedMessage = {
        prefix: this.config.redis.prefix,
        subscriptionId,
        version,
      };
      await lastValueFrom(this.client.emit(SUBSCRIPTION_CHANGED, message), { defaultValue: undefined });
    } catch (error) {
      // The change is committed; dispatchers also reload their whole index periodically.
      this.logger.warn(`could not publish change of ${subscriptionId}: ${(error as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
