import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { streamPosition } from '../pacing/ordered-sequences';
import { trimAcknowledged } from './trim-acknowledged';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Redis's default stream-node-max-entries: `MINID ~` removes whole nodes of this many. */
const NODE_ENTRIES = 100;

/** Against the real Redis: the stream keeps every entry a consumer group may still need. */
describe('trimAcknowledged', () => {
  const redis = new Redis(REDIS_URL);
  let streamKey: string;
  let ids: string[];

  /** Reads `count` entries for `group` and acknowledges the first `acked` of them. */
  const consume = async (group: string, count: number, acked: number) => {
    await redis.xreadgroup('GROUP', group, 'c1', 'COUNT', count, 'STREAMS', streamKey, '>');
    if (acked > 0) await redis.xack(streamKey, group, ...ids.slice(0, acked));
  };
  const firstKept = async () => (await redis.xrange(streamKey, '-', '+', 'COUNT', 1))[0][0];

  beforeEach(async () => {
    streamKey = `hookyard-test-${randomBytes(4).toString('hex')}:events`;
    const appends = redis.pipeline();
    for (let i = 0; i < 250; i++) appends.xadd(streamKey, '*', 'event', `{"n":${i}}`);
    ids = (await appends.exec())!.map(([, id]) => id as string);
  });
  afterEach(() => redis.del(streamKey));
  afterAll(() => redis.quit());

  it('keeps the whole stream while no group reads it', async () => {
    expect(await trimAcknowledged(redis, streamKey)).toBe(0);
    expect(await redis.xlen(streamKey)).toBe(250);
  });

  it('stops at the oldest entry a group read but has not acknowledged', async () => {
    await redis.xgroup('CREATE', streamKey, 'dispatchers', '0');
    await redis.xgroup('CREATE', streamKey, 'activity', '0');
    await consume('dispatchers', 250, 250);
    await consume('activity', 250, 120);
    expect(await trimAcknowledged(redis, streamKey)).toBe(NODE_ENTRIES);
    expect(streamPosition(await firstKept()) <= streamPosition(ids[120])).toBe(true);
    const pending = (await redis.xpending(streamKey, 'activity', '-', '+', 1000)) as [string][];
    const kept = new Set((await redis.xrange(streamKey, '-', '+')).map(([id]) => id));
    expect(pending.map(([id]) => id).every((id) => kept.has(id))).toBe(true);
  });

  it("stops at the last entry delivered to a group that is behind, and at a group's start", async () => {
    await redis.xgroup('CREATE', streamKey, 'dispatchers', '0');
    await consume('dispatchers', 150, 150);
    expect(await trimAcknowledged(redis, streamKey)).toBe(NODE_ENTRIES);
    expect(streamPosition(await firstKept()) <= streamPosition(ids[150])).toBe(true);

    await redis.xgroup('CREATE', streamKey, 'activity', '0');
    await consume('dispatchers', 100, 250);
    expect(await trimAcknowledged(redis, streamKey)).toBe(0);
    expect(await redis.xlen(streamKey)).toBe(150);
  });

  it('empties the stream down to its last node once every group acknowledged everything', async () => {
    await redis.xgroup('CREATE', streamKey, 'dispatchers', '0');
    await consume('dispatchers', 250, 250);
    expect(await trimAcknowledged(redis, streamKey)).toBe(2 * NODE_ENTRIES);
    expect(await redis.xlen(streamKey)).toBe(250 - 2 * NODE_ENTRIES);
  });
});
