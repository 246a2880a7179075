import type { CanonicalEvent } from '@hookyard/events';
import { DISPATCHER_GROUP, STREAM_EVENT_FIELD } from '@hookyard/queue';
import { eventually, tagPushEvent } from '@hookyard/testing';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { CANONICAL_EVENTS, RedisStreamServer } from './redis-stream.server';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Against the real Redis: what is acknowledged when, since the ack rides along with the next read. */
describe('RedisStreamServer', () => {
  const redis = new Redis(REDIS_URL);
  let streamKey: string;
  let server: RedisStreamServer;

  const start = async (handler: (events: CanonicalEvent[]) => Promise<void>, claimIdleMs = 30_000) => {
    server = new RedisStreamServer({ url: REDIS_URL, streamKey, blockMs: 100, claimIdleMs });
    server.addHandler(CANONICAL_EVENTS, handler, true);
    await new Promise<void>((done, fail) =>
      server.listen((error) => (error ? fail(error as Error) : done())),
    );
  };
  const append = (key: string) =>
    redis.xadd(streamKey, '*', STREAM_EVENT_FIELD, JSON.stringify(tagPushEvent(key)));
  const pending = async () => ((await redis.xpending(streamKey, DISPATCHER_GROUP)) as [number])[0];

  beforeEach(() => {
    streamKey = `hookyard-test-${randomBytes(4).toString('hex')}:events`;
  });
  afterEach(async () => {
    await server.close();
    await redis.del(streamKey);
  });
  afterAll(() => redis.quit());

  it('hands every event to the handler and acknowledges the batch once handled', async () => {
    const seen: string[] = [];
    await start(
      async (events) => void seen.push(...events.map((event) => `${event.namespace}/${event.repository}`)),
    );
    await append('acme/api');
    await append('acme/web');
    await eventually(async () => (seen.length === 2 ? true : undefined));
    expect(seen).toEqual(['acme/api', 'acme/web']);
    await eventually(async () => ((await pending()) === 0 ? true : undefined), 3000);
  });

  it('leaves a batch whose handler failed pending, and claims it again after claimIdleMs', async () => {
    let calls = 0;
    await start(async () => {
      calls += 1;
      if (calls === 1) throw new Error('PostgreSQL went away');
    }, 400);
    await append('acme/api');
    await eventually(async () => (calls === 1 ? true : undefined));
    expect(await pending()).toBe(1);
    await eventually(async () => (calls === 2 ? true : undefined), 5000);
    await eventually(async () => ((await pending()) === 0 ? true : undefined), 3000);
  });

  it('acknowledges the last batch when closed before the next read', async () => {
    let closing: Promise<void> | undefined;
    await start(async () => {
      // Closing from inside the handler: the loop ends right after it, with no read to carry the ack.
      closing = server.close();
    });
    await append('acme/api');
    await eventually(async () => (closing ? true : undefined));
    await closing;
    expect(await pending()).toBe(0);
  });
});
