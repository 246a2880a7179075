import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { subscriptionRateKey } from '../names';
import { createRedis, RedisClient } from '../redis-connection';

/**
 * GCRA without burst on Redis's clock (microseconds), so every worker shares one clock: a delivery
 * may start once `interval` has passed since the previous one started; otherwise the reply is how
 * long to wait (nothing is reserved). Starts are thus at least 1/rate s apart, and any 1-second
 * window holds at most `rate` of them. TIME before a write is fine from Redis 5 (scripts replicate
 * their effects).
 */
const ADMIT_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local allowedAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if allowedAt > now then return allowedAt - now end
redis.call('SET', KEYS[1], string.format('%.0f', now + interval), 'PX', math.ceil(interval / 1000) + 1000)
return 0
`;

type AdmitCommand = (key: string, intervalMicros: number) => Promise<number>;

/**
 * The per-subscription rate limit (`rateLimit` deliveries per second) across workers. Only
 * deliveries of subscriptions with a rate limit ask it: the others make no Redis call.
 */
@Injectable()
export class SubscriptionRateLimiter implements OnModuleDestroy {
  private readonly redis: RedisClient;
  private readonly admitScript: AdmitCommand;
  private readonly prefix: string;

  constructor(@Inject(HOOKYARD_CONFIG) config: HookyardConfig) {
    // Concurrent deliveries' calls share a write.
    this.redis = createRedis(config.redis, { enableAutoPipelining: true, maxRetriesPerRequest: 3 });
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('admitDelivery', { lua: ADMIT_SCRIPT, numberOfKeys: 1 });
    this.admitScript = (this.redis as unknown as { admitDelivery: AdmitCommand }).admitDelivery.bind(
      this.redis,
    );
    this.prefix = config.redis.prefix;
  }

  /**
   * 0 when a delivery of the subscription may start now (counted); otherwise the milliseconds
   * until the next one may, when the caller asks again.
   */
  async admit(subscriptionId: string, perSecond: number): Promise<number> {
    const waitMicros = await this.admitScript(
      subscriptionRateKey(this.prefix, subscriptionId),
      Math.ceil(1_000_000 / perSecond),
    );
    return waitMicros > 0 ? Math.ceil(waitMicros / 1000) : 0;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

/**
 * How long a delivery over its subscription's rate waits before it asks again: the wait the
 * limiter gave, plus jitter over up to 20 intervals (at most a second), so the deliveries waiting
 * do not all ask at the same moment.
 */
export function rateLimitedDelayMs(
  waitMs: number,
  perSecond: number,
  random: () => number = Math.random,
): number {
  const spreadMs = Math.min(1000, Math.max(10, (20 * 1000) / perSecond));
  return waitMs + Math.round(random() * spreadMs);
}
