import type { HookyardConfig } from '@hookyard/config';
import { randomBytes } from 'node:crypto';
import { createRedis } from '../redis-connection';
import { rateLimitedDelayMs, SubscriptionRateLimiter } from './subscription-rate-limiter';

/** Against the machine's Redis, under a key prefix of its own. */
describe('SubscriptionRateLimiter', () => {
  const prefix = `hytest-${randomBytes(4).toString('hex')}`;
  const redisConfig = { url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix };
  const config = { redis: redisConfig } as HookyardConfig;
  // Two workers' limiters.
  const first = new SubscriptionRateLimiter(config);
  const second = new SubscriptionRateLimiter(config);

  afterAll(async () => {
    const redis = createRedis(redisConfig);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    first.onModuleDestroy();
    second.onModuleDestroy();
  });

  it('admits one delivery per interval, across workers, and tells the others how long to wait', async () => {
    expect(await first.admit('sub-a', 1)).toBe(0);
    const wait = await second.admit('sub-a', 1);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1000);
    expect(await first.admit('sub-a', 1)).toBeGreaterThan(0);
    // Another subscription has its own limit.
    expect(await second.admit('sub-b', 1)).toBe(0);
  });

  it('never admits more than the rate within one interval, however many ask at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? first : second).admit('sub-c', 1)),
    );
    expect(answers.filter((wait) => wait === 0)).toHaveLength(1);
  });

  it('spreads the waiting deliveries over up to 20 intervals, at most a second', () => {
    expect(rateLimitedDelayMs(30, 20, () => 0)).toBe(30);
    expect(rateLimitedDelayMs(30, 20, () => 1)).toBe(1030);
    expect(rateLimitedDelayMs(0, 10_000, () => 1)).toBe(10);
    expect(rateLimitedDelayMs(0, 1, () => 1)).toBe(1000);
  });
});
