import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { createRedis, RedisClient } from '@hookyard/queue';
import { Inject, Injectable, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';

/** The registry sends the tag events of one DELETE within seconds of the manifest event. */
const TTL_SECONDS = 600;

/**
 * `DELETE /v2/<repo>/manifests/<digest>` makes Distribution send a delete-by-digest event and then,
 * in a later envelope, one delete event per tag that pointed at it — without the digest. Both carry
 * the same request id; remembering the digest under it (in Redis, so any ingest replica can answer)
 * gives TAG_DELETE its digest.
 */
@Injectable()
export class DeletedDigests implements OnModuleDestroy {
  private readonly redis: RedisClient;
  private readonly prefix: string;

  constructor(@Inject(HOOKYARD_CONFIG) config: HookyardConfig) {
    this.redis = createRedis(config.redis, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.redis.on('error', () => undefined);
    this.prefix = `${config.redis.prefix}:deleted-digest:`;
  }

  async remember(requestId: string, repository: string, digest: string): Promise<void> {
    try {
      await this.redis.set(this.key(requestId, repository), digest, 'EX', TTL_SECONDS);
    } catch (error) {
      throw new ServiceUnavailableException(
        `event store unavailable, retry later: ${(error as Error).message}`,
      );
    }
  }

  /** The digest, or undefined when unknown (an old or foreign request); the event still goes out. */
  async recall(requestId: string, repository: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.key(requestId, repository))) ?? undefined;
    } catch (error) {
      throw new ServiceUnavailableException(
        `event store unavailable, retry later: ${(error as Error).message}`,
      );
    }
  }

  private key(requestId: string, repository: string): string {
    return `${this.prefix}${repository}:${requestId}`;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
