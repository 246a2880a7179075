import type { HookyardConfig } from '@hookyard/config';
import { type CanonicalEvent, EXAMPLE_CONTENTS } from '@hookyard/events';
import { randomBytes } from 'node:crypto';
import { eventStreamKey, STREAM_EVENT_FIELD } from '../names';
import { createRedis } from '../redis-connection';
import { EventStreamAppender, streamEntry } from './event-stream-appender';

const ACCEPTED_AT = '2026-11-30T12:00:00.000Z';

const event: CanonicalEvent = {
  id: '7e5b1c2d-3a4f-5e6d-8c7b-9a0f1e2d3c4b',
  type: 'TAG_PUSH',
  occurredAt: '2026-11-30T11:59:59.000Z',
  source: 'scanner',
  namespace: 'foo',
  repository: 'bar',
  contents: EXAMPLE_CONTENTS.TAG_PUSH as unknown as Record<string, unknown>,
  dedupKey: 'native:scanner:42',
};

describe('streamEntry', () => {
  it.each([
    ['a new event', event],
    ['an event without scope', { ...event, namespace: undefined, repository: undefined }],
    ['an event stamped before', { ...event, acceptedAt: '2026-11-30T11:00:00.000Z' }],
    ['an event with an unset stamp', { ...event, acceptedAt: undefined }],
    ['an event of nothing JSON shows', { id: undefined } as unknown as CanonicalEvent],
  ])('writes %s as the stamped copy would be written', (_what, given) => {
    expect(streamEntry(given, ACCEPTED_AT)).toBe(JSON.stringify({ ...given, acceptedAt: ACCEPTED_AT }));
  });
});

/** Against the machine's Redis, under a key prefix of its own. */
describe('EventStreamAppender', () => {
  const prefix = `hytest-${randomBytes(4).toString('hex')}`;
  const redisConfig = { url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix };
  const appender = new EventStreamAppender({ redis: redisConfig } as HookyardConfig);
  const redis = createRedis(redisConfig);
  const streamIds = async () =>
    (await redis.xrange(eventStreamKey(prefix), '-', '+')).map(
      ([, fields]) => (JSON.parse(fields[fields.indexOf(STREAM_EVENT_FIELD) + 1]) as CanonicalEvent).id,
    );
  const dedupKeys = async () => (await redis.keys(`${prefix}:dedup:*`)).sort();

  beforeAll(async () => {
    // The appender has no offline queue: wait for its connection (a DEL of no key until it works).
    for (;;) {
      try {
        return await appender.forgetDedupKeys(['none']);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  });

  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  afterAll(() => {
    appender.onModuleDestroy();
    redis.disconnect();
  });

  it('appends an event without a dedup key each time it is sent, and marks nothing', async () => {
    const anonymous = { ...event, id: 'anonymous', dedupKey: undefined };
    expect(await appender.append([anonymous])).toEqual([anonymous]);
    expect(await appender.append([anonymous, anonymous])).toEqual([anonymous, anonymous]);
    expect(await streamIds()).toEqual(['anonymous', 'anonymous', 'anonymous']);
    expect(await dedupKeys()).toEqual([]);
  });

  it('appends a keyed event once, in a batch and across batches, beside events without a key', async () => {
    const a = { ...event, id: 'a', dedupKey: 'native:scanner:a' };
    const b = { ...event, id: 'b', dedupKey: 'native:scanner:b' };
    const anonymous = { ...event, id: 'anonymous', dedupKey: undefined };
    expect(await appender.append([a, anonymous, a, b])).toEqual([a, anonymous, b]);
    expect(await appender.append([b, anonymous, a])).toEqual([anonymous]);
    expect(await streamIds()).toEqual(['a', 'anonymous', 'b', 'anonymous']);
    expect(await dedupKeys()).toEqual([
      `${prefix}:dedup:native:scanner:a`,
      `${prefix}:dedup:native:scanner:b`,
    ]);
    const ttl = await redis.ttl(`${prefix}:dedup:native:scanner:a`);
    expect(ttl).toBeGreaterThan(7 * 24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600);

    await appender.forgetDedupKeys(['native:scanner:a']);
    expect(await appender.append([a, b])).toEqual([a]);
  });
});
