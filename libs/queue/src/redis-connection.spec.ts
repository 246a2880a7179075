import { Cluster } from 'ioredis';
import { bullConnection, createRedis } from './redis-connection';

describe('createRedis', () => {
  it('builds pipelines without a per-instance length accessor (patches/ioredis+5.11.1.patch)', () => {
    // ioredis defines `length` on each pipeline with a fresh getter closure. V8 gives each such
    // object a map of its own in the old generation, which keeps the pipeline, its commands and
    // their replies alive through young-generation GCs until a full GC: at a few hundred events/s
    // the dispatcher promoted ~1.8 MB per scavenge and paused ~7 ms per scavenge because of it.
    const redis = createRedis({ url: 'redis://127.0.0.1:6379', prefix: 'test' }, { lazyConnect: true });
    try {
      const pipeline = redis.pipeline();
      pipeline.get('a').get('b');
      expect(Object.getOwnPropertyDescriptor(pipeline, 'length')).toBeUndefined();
      expect(pipeline.length).toBe(2);
    } finally {
      redis.disconnect();
    }
  });

  it("connects to a cluster's seed nodes with REDIS_URL's credentials, splitting cluster and node options", () => {
    const redis = createRedis(
      {
        url: 'rediss://hook:s%40cret@ignored:1',
        clusterNodes: [{ host: '10.0.0.1', port: 7000 }],
        prefix: '{hookyard}',
      },
      { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 },
    );
    try {
      expect(redis).toBeInstanceOf(Cluster);
      const { options } = redis as Cluster;
      expect(options).toMatchObject({ lazyConnect: true, enableOfflineQueue: false });
      expect(options.redisOptions).toEqual({
        maxRetriesPerRequest: 0,
        username: 'hook',
        password: 's@cret',
        tls: {},
      });
    } finally {
      redis.disconnect();
    }
  });

  it('gives BullMQ options for one server and a shared Cluster client for a cluster', () => {
    expect(bullConnection({ url: 'redis://127.0.0.1:6380/2', prefix: 'p' })).toMatchObject({
      port: 6380,
      db: 2,
      maxRetriesPerRequest: null,
    });
    const cluster = bullConnection({
      url: 'redis://127.0.0.1:6379',
      clusterNodes: [{ host: '127.0.0.1', port: 7000 }],
      prefix: '{p}',
    }) as Cluster;
    try {
      expect(cluster.options.redisOptions?.maxRetriesPerRequest).toBeNull();
    } finally {
      cluster.disconnect();
    }
  });
});
