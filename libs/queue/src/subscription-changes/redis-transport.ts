import type { RedisConfig } from '@hookyard/config';
import { ClientRedis, ServerRedis } from '@nestjs/microservices';
import { createRedis, RedisClient } from '../redis-connection';

/**
 * Nest's Redis pub/sub transport on Hookyard's Redis, one server or a cluster (ioredis's Cluster
 * subscribes through one node and moves to another when it fails; a PUBLISH reaches every node).
 * Its connections reconnect like every other Hookyard connection: Nest's own give up when Redis
 * restarts unless told a number of attempts.
 */
export class SubscriptionChangesServer extends ServerRedis {
  constructor(private readonly redis: RedisConfig) {
    super({});
  }

  override createRedisClient(): RedisClient {
    return createRedis(this.redis, { lazyConnect: true });
  }
}

/** The publishing side of SubscriptionChangesServer, for ClientsModule's `customClass`. */
export class SubscriptionChangesClient extends ClientRedis {
  constructor(private readonly redis: RedisConfig) {
    super({});
  }

  override createClient(): RedisClient {
    return createRedis(this.redis, { lazyConnect: true });
  }
}
