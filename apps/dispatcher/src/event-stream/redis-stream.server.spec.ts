import { DISPATCHER_GROUP, STREAM_EVENT_FIELD } from '@hookyard/queue';
import { eventually, tagPushEvent } from '@hookyard/testing';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import {
  ACTIVITY_EVENTS,
  CANONICAL_EVENTS,
  CanonicalEventBatch,
  DEFAULT_BATCH_SIZE,
  RawEventBatch,
  RedisStreamServer,
  RedisStreamServerOptions,
} from './redis-stream.server';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Against the real Redis: what is acknowledged when, since the ack rides along with the next read,
 * and when the version read with a batch is taken.
 */
describe('RedisStreamServer', () => {
  const redis = new Redis(REDIS_URL);
  let streamKey: string;
  let versionKey: string;
  let server: RedisStreamServer;

  const start = async (
    handler: (batch: CanonicalEventBatch) => Promise<void>,
    { claimIdleMs = 30_000, blockMs = 100, trimEveryMs = 0 } = {},
  ) => {
    server = new RedisStreamServer({
      redis: { url: REDIS_URL, prefix: 'unused' },
      streamKey,
      versionKey,
      blockMs,
      claimIdleMs,
      trimEveryMs,
    });
    server.addHandler(CANONICAL_EVENTS, handler, true);
    await new Promise<void>((done, fail) =>
      server.listen((error) => (error ? fail(error as Error) : done())),
    );
  };
  const append = (key: string) =>
    redis.xadd(streamKey, '*', STREAM_EVENT_FIELD, JSON.stringify(tagPushEvent(key)));
  const pending = async () => ((await redis.xpending(streamKey, DISPATCHER_GROUP)) as [number])[0];
  /** A server of the activity group, raw, listening; each batch's repositories go to `recorded`. */
  const startActivity = async (recorded: string[][], options: Partial<RedisStreamServerOptions>) => {
    const activity = new RedisStreamServer({
      redis: { url: REDIS_URL, prefix: 'unused' },
      streamKey,
      group: 'activity',
      pattern: ACTIVITY_EVENTS,
      raw: true,
      blockMs: 100,
      ...options,
    });
    activity.addHandler(
      ACTIVITY_EVENTS,
      async (batch: RawEventBatch) => {
        expect(Object.keys(batch)).toEqual(['json']);
        recorded.push(batch.json.map((json) => (JSON.parse(json) as { repository: string }).repository));
      },
      true,
    );
    await new Promise<void>((done, fail) =>
      activity.listen((error) => (error ? fail(error as Error) : done())),
    );
    return activity;
  };

  beforeEach(() => {
    const prefix = `hookyard-test-${randomBytes(4).toString('hex')}`;
    streamKey = `${prefix}:events`;
    versionKey = `${prefix}:subscriptions-version`;
  });
  afterEach(async () => {
    await server.close();
    await redis.del(streamKey, versionKey);
  });
  afterAll(() => redis.quit());

  it('hands every event to the handler and acknowledges the batch once handled', async () => {
    const seen: string[] = [];
    await start(async ({ events }) => {
      seen.push(...events.map((event) => `${event.namespace}/${event.repository}`));
    });
    await append('acme/api');
    await append('acme/web');
    await eventually(async () => (seen.length === 2 ? true : undefined));
    expect(seen).toEqual(['acme/api', 'acme/web']);
    await eventually(async () => ((await pending()) === 0 ? true : undefined), 3000);
  });

  it('reads up to DEFAULT_BATCH_SIZE waiting events at once, and the rest with the next read', async () => {
    const waiting = DEFAULT_BATCH_SIZE + 200;
    const appends = redis.pipeline();
    for (let i = 0; i < waiting; i++) {
      appends.xadd(streamKey, '*', STREAM_EVENT_FIELD, JSON.stringify(tagPushEvent(`acme/r${i}`)));
    }
    await appends.exec();
    const batches: string[][] = [];
    await start(async ({ events }) => void batches.push(events.map((event) => event.repository!)));
    await eventually(async () => (batches.flat().length === waiting ? true : undefined));
    expect(batches.map((batch) => batch.length)).toEqual([DEFAULT_BATCH_SIZE, 200]);
    expect(batches.flat()).toEqual(Array.from({ length: waiting }, (_, i) => `r${i}`));
  });

  it('with trimEveryMs, deletes the entries every group acknowledged, and keeps those a group still needs', async () => {
    const recorded: string[][] = [];
    const activity = await startActivity(recorded, {});
    await activity.close();
    const appends = redis.pipeline();
    for (let i = 0; i < 300; i++)
      appends.xadd(streamKey, '*', STREAM_EVENT_FIELD, JSON.stringify(tagPushEvent(`acme/r${i}`)));
    await appends.exec();
    let handled = 0;
    await start(async ({ events }) => void (handled += events.length), { trimEveryMs: 50 });
    await eventually(async () => (handled === 300 ? true : undefined));
    // The activity group, stopped, has read nothing: the stream stays whole for it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await redis.xlen(streamKey)).toBe(300);
    const resumed = await startActivity(recorded, {});
    await eventually(async () => (recorded.flat().length === 300 ? true : undefined));
    await eventually(async () => ((await redis.xlen(streamKey)) < 100 ? true : undefined), 3000);
    await resumed.close();
  });

  it('leaves a batch whose handler failed pending, and claims it again after claimIdleMs', async () => {
    let calls = 0;
    await start(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('PostgreSQL went away');
      },
      { claimIdleMs: 400 },
    );
    await append('acme/api');
    await eventually(async () => (calls === 1 ? true : undefined));
    expect(await pending()).toBe(1);
    await eventually(async () => (calls === 2 ? true : undefined), 5000);
    await eventually(async () => ((await pending()) === 0 ? true : undefined), 3000);
  });

  it('reads the version after the events: a change counted before an append is in its batch', async () => {
    const versions: Array<string | null> = [];
    await start(async ({ version }) => void versions.push(version), { blockMs: 2000 });
    await append('acme/api');
    await eventually(async () => (versions.length === 1 ? true : undefined));
    // The server is now blocked in its next read; the change and the event come while it waits.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await redis.incr(versionKey);
    await append('acme/web');
    await eventually(async () => (versions.length === 2 ? true : undefined));
    expect(versions).toEqual([null, '1']);
  });

  it('serves a second consumer group of its own: its own pattern, the entries as read, no version, spaced reads', async () => {
    const delivered: string[] = [];
    await start(async ({ events }) => void delivered.push(...events.map((event) => event.repository!)));
    const recorded: string[][] = [];
    const activity = await startActivity(recorded, { readIntervalMs: 1500 });
    try {
      await append('acme/api');
      await eventually(async () => (recorded.length === 1 ? true : undefined));
      // Appended within the read interval: the next read takes both at once.
      await append('acme/web');
      await append('acme/db');
      await eventually(async () => (recorded.length === 2 ? true : undefined));
      expect(recorded).toEqual([['api'], ['web', 'db']]);
      await eventually(async () => (delivered.length === 3 ? true : undefined));
      const groupPending = async (group: string) => ((await redis.xpending(streamKey, group)) as [number])[0];
      await eventually(async () => ((await groupPending('activity')) === 0 ? true : undefined), 3000);
      expect(await groupPending(DISPATCHER_GROUP)).toBe(0);
    } finally {
      await activity.close();
    }
  });

  it('reads again at once after a full batch, not a read interval later', async () => {
    await start(async () => undefined);
    await append('acme/api');
    await append('acme/web');
    await append('acme/db');
    const recorded: string[][] = [];
    const activity = await startActivity(recorded, { batchSize: 2, readIntervalMs: 3000 });
    try {
      // Well within the read interval: the full first batch did not wait for it.
      await eventually(async () => (recorded.length === 2 ? true : undefined), 1500);
      expect(recorded).toEqual([['api', 'web'], ['db']]);
    } finally {
      await activity.close();
    }
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
