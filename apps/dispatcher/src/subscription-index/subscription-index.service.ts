import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { SubscriptionRepository } from '@hookyard/persistence';
import { createRedis, RedisClient, subscriptionsVersionKey } from '@hookyard/queue';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { IndexedSubscription, SubscriptionIndex } from './subscription-index';

/** A safety net besides the version check: the whole index is also reloaded on this period. */
const FULL_RELOAD_MS = 60_000;

/**
 * The active subscriptions, in memory. Change messages update single entries (the fast path);
 * before each batch of events the subscriptions version in Redis (read with the batch) is
 * compared with the one the index holds, and a missed or not-yet-arrived change triggers a full
 * reload first.
 */
@Injectable()
export class SubscriptionIndexService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SubscriptionIndexService.name);
  private readonly index = new SubscriptionIndex((id, error) =>
    this.logger.error(
      `subscription ${id} has a pattern that does not compile and matches nothing: ${error.message}`,
    ),
  );
  private readonly redis: RedisClient;
  private readonly versionKey: string;
  /** Every change up to this version is in the index. */
  private version = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    @Inject(HOOKYARD_CONFIG) config: HookyardConfig,
  ) {
    this.redis = createRedis(config.redis, { maxRetriesPerRequest: 3 });
    this.versionKey = subscriptionsVersionKey(config.redis.prefix);
  }

  async onModuleInit(): Promise<void> {
    await this.reloadAll();
    this.timer = setInterval(
      () => void this.reloadAll().catch((error) => this.logger.warn(error.message)),
      FULL_RELOAD_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.redis.disconnect();
  }

  /**
   * Call before matching a batch with the version read with it: reloads when a subscription
   * changed that the index has not seen.
   */
  async ensureCurrent(versionAtRead: string | null): Promise<void> {
    if (Number(versionAtRead ?? 0) > this.version) await this.reloadAll();
  }

  match(event: CanonicalEvent): IndexedSubscription[] {
    return this.index.match(event);
  }

  async reloadAll(): Promise<void> {
    // Read the version first: a change committed during the load bumps it again and is caught next time.
    const version = await this.currentVersion();
    this.index.replaceAll(await this.subscriptions.listActiveTargets());
    this.version = Math.max(this.version, version);
    this.logger.log(`subscription index loaded: ${this.index.size} active (version ${this.version})`);
  }

  /** One subscription changed; `version` is the change's own, so a gap means a message was missed. */
  async reload(id: string, version?: number): Promise<void> {
    const subscription = await this.subscriptions.findActiveTarget(id);
    if (!subscription) this.index.remove(id);
    else this.index.upsert(subscription);
    if (version === this.version + 1) this.version = version;
  }

  private async currentVersion(): Promise<number> {
    return Number((await this.redis.get(this.versionKey)) ?? 0);
  }
}
