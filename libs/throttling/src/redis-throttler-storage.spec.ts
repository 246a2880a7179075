import { createRedis, keyOwners } from '@hookyard/queue';
import { REDIS_TOPOLOGIES, startRedisCluster, TestRedisCluster } from '@hookyard/testing';
import { randomBytes } from 'node:crypto';
import { RedisThrottlerStorage } from './redis-throttler-storage';

/**
 * Starting or stopping three redis-server processes and forming a cluster took over jest's 5 s
 * hook timeout once, while the unit suites ran in parallel on 2 cores.
 */
const CLUSTER_HOOK_TIMEOUT_MS = 60_000;

/** Against the machine's Redis and a Redis Cluster of its own, under a key prefix of its own. */
describe.each(REDIS_TOPOLOGIES)('RedisThrottlerStorage, %s Redis', (topology) => {
  const run = `hytest-${randomBytes(4).toString('hex')}`;
  const prefix = topology === 'cluster' ? `{${run}}` : run;
  let cluster: TestRedisCluster | undefined;
  let redis: ReturnType<typeof createRedis>;
  let storage: RedisThrottlerStorage;
  const keys = async (pattern: string) =>
    (await Promise.all(keyOwners(redis).map((server) => server.keys(pattern)))).flat();

  beforeAll(async () => {
    cluster = topology === 'cluster' ? await startRedisCluster() : undefined;
    redis = createRedis({
      url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      clusterNodes: cluster?.nodes,
      prefix,
    });
    storage = new RedisThrottlerStorage(redis, prefix);
  }, CLUSTER_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    if (!cluster) {
      const left = await keys(`${prefix}:*`);
      if (left.length > 0) await redis.del(...left);
    }
    redis.disconnect();
    await cluster?.stop();
  }, CLUSTER_HOOK_TIMEOUT_MS);

  it('counts hits in a window and blocks past the limit for the block duration', async () => {
    const hit = () => storage.increment('client-a', 60_000, 2, 30_000, 'logins');
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 30 });
    expect(await storage.blockedForMs([{ key: 'client-a', throttlerName: 'logins' }])).toBeGreaterThan(
      29_000,
    );
    // Other keys and other names are their own counts.
    expect(await storage.increment('client-b', 60_000, 2, 30_000, 'logins')).toMatchObject({ totalHits: 1 });
    expect(
      await storage.blockedForMs([
        { key: 'client-b', throttlerName: 'logins' },
        { key: 'client-a', throttlerName: 'tests' },
      ]),
    ).toBe(0);
    expect((await keys(`${prefix}:throttle:*`)).sort()).toEqual([
      `${prefix}:throttle:logins:client-a:blocked`,
      `${prefix}:throttle:logins:client-a:hits`,
      `${prefix}:throttle:logins:client-b:hits`,
    ]);
  });

  it('starts over once the window has passed', async () => {
    // A window long enough that two hits fall into it on a busy machine, short enough to wait out.
    const hit = () => storage.increment('client-c', 1500, 1, 1500, 'logins');
    await hit();
    expect(await hit()).toMatchObject({ isBlocked: true });
    await new Promise((r) => setTimeout(r, 1700));
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
