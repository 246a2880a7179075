import type { ThrottlerStorage } from '@nestjs/throttler';
import type { RedisClient } from '@hookyard/queue';

/** What @nestjs/throttler's guard reads back from a storage (times in seconds). */
export interface ThrottlerRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * One hit in a fixed window: counts it, starts the window with the first hit, and blocks the key
 * for `blockDuration` once the count passes the limit. Returns [hits, window ms left, block ms left].
 */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local windowLeft = redis.call('PTTL', KEYS[1])
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blockLeft = tonumber(ARGV[3])
end
return { hits, windowLeft, blockLeft }
`;

type HitCommand = (
  hitsKey: string,
  blockKey: string,
  ttlMs: number,
  limit: number,
  blockMs: number,
) => Promise<[number, number, number]>;

/**
 * @nestjs/throttler's storage in Redis, so every gateway replica counts the same hits, under the
 * install's key prefix (in a cluster its hash tag keeps a key's hits and block in one slot). Besides counting (`increment`), it can tell whether a key is blocked
 * without counting a hit (`blockedForMs`): a limiter of failed logins refuses a blocked client
 * before looking at its credentials, or a right guess would still get through.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly hit: HitCommand;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    redis.defineCommand('hookyardThrottleHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    this.hit = (redis as unknown as { hookyardThrottleHit: HitCommand }).hookyardThrottleHit.bind(redis);
  }

  private keys(key: string, throttlerName: string) {
    const base = `${this.prefix}:throttle:${throttlerName}:${key}`;
    return { hits: `${base}:hits`, block: `${base}:blocked` };
  }

  /** Counts one hit of `key`; `ttl` and `blockDuration` in milliseconds, as @nestjs/throttler passes them. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord> {
    const { hits, block } = this.keys(key, throttlerName);
    const [totalHits, windowLeftMs, blockLeftMs] = await this.hit(hits, block, ttl, limit, blockDuration);
    return {
      totalHits,
      timeToExpire: Math.ceil(Math.max(windowLeftMs, 0) / 1000),
      isBlocked: blockLeftMs > 0,
      timeToBlockExpire: Math.ceil(Math.max(blockLeftMs, 0) / 1000),
    };
  }

  /** How long the longest block of these keys lasts, in milliseconds; 0 when none is blocked. */
  async blockedForMs(entries: Array<{ key: string; throttlerName: string }>): Promise<number> {
    const pipeline = this.redis.pipeline();
    for (const { key, throttlerName } of entries) pipeline.pttl(this.keys(key, throttlerName).block);
    const results = (await pipeline.exec()) ?? [];
    let longest = 0;
    for (const [error, left] of results) {
      if (error) throw error;
      longest = Math.max(longest, Number(left));
    }
    return longest;
  }
}
