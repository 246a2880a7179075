import type { RedisConfig } from '@hookyard/config';
import { BaseRpcContext, ClientRedis, ReadPacket, ServerRedis } from '@nestjs/microservices';
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

  /**
   * Installs sharing a Redis see each other's messages: only those naming this install's prefix
   * (every message Hookyard publishes carries it) reach the handlers.
   */
  override handleEvent(pattern: string, packet: ReadPacket, context: BaseRpcContext): Promise<unknown> {
    const data = packet.data as { prefix?: unknown } | null | undefined;
    if (data?.prefix !== this.redis.prefix) return Promise.resolve();
    return super.handleEvent(pattern, packet, context);
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
