import { createRedis } from './redis-connection';

describe('createRedis', () => {
  it('builds pipelines without a per-instance length accessor (patches/ioredis+5.11.1.patch)', () => {
    // ioredis defines `length` on each pipeline with a fresh getter closure. V8 gives each such
    // object a map of its own in the old generation, which keeps the pipeline, its commands and
    // their replies alive through young-generation GCs until a full GC: at a few hundred events/s
    // the dispatcher promoted ~1.8 MB per scavenge and paused ~7 ms per scavenge because of it.
    const redis = createRedis('redis://127.0.0.1:6379', { lazyConnect: true });
    try {
      const pipeline = redis.pipeline();
      pipeline.get('a').get('b');
      expect(Object.getOwnPropertyDescriptor(pipeline, 'length')).toBeUndefined();
      expect(pipeline.length).toBe(2);
    } finally {
      redis.disconnect();
    }
  });
});
