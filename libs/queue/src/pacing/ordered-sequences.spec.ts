import type { HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { randomBytes } from 'node:crypto';
import { ORDERED_DELIVERIES_APPENDED } from '../names';
import { createRedis } from '../redis-connection';
import { OrderedSequences, SequenceHead, streamPosition } from './ordered-sequences';

const event = (id: string) => ({ id, type: 'TAG_PUSH' }) as CanonicalEvent;
const idsOf = async (sequences: OrderedSequences, subscriptionId: string, token: string) => {
  const ids: string[] = [];
  let head = await sequences.advance(subscriptionId, token);
  while (typeof head === 'object') {
    ids.push(head.event.id);
    head = await sequences.advance(subscriptionId, token, head);
  }
  return { ids, end: head };
};

/** Against the machine's Redis, under a key prefix of its own. */
describe('OrderedSequences', () => {
  const prefix = `hytest-${randomBytes(4).toString('hex')}`;
  const redisConfig = { url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix };
  // A dispatcher's and two workers'.
  const [dispatcher, worker, otherWorker] = [1, 2, 3].map(
    () => new OrderedSequences({ redis: redisConfig } as HookyardConfig),
  );

  afterAll(async () => {
    const redis = createRedis(redisConfig);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    for (const sequences of [dispatcher, worker, otherWorker]) sequences.onModuleDestroy();
  });

  it('sorts stream ids as text in stream order', () => {
    expect(streamPosition('1732950000000-5')).toBe('001732950000000-0000000005');
    expect(streamPosition('999-10') > streamPosition('999-9')).toBe(true);
    expect(streamPosition('1000-0') > streamPosition('999-99')).toBe(true);
  });

  it('gives deliveries back in stream order, once each, to the lease holder only, and leaves the due set when empty', async () => {
    await dispatcher.append([
      { event: event('e3'), streamId: '1000-2', subscriptionId: 'sub-a' },
      { event: event('e1'), streamId: '1000-0', subscriptionId: 'sub-a' },
      { event: event('x1'), streamId: '1000-0', subscriptionId: 'sub-b' },
    ]);
    // A batch read again after a dispatcher's crash: e1 is not added twice, e2 goes to its place.
    await dispatcher.append([
      { event: event('e1'), streamId: '1000-0', subscriptionId: 'sub-a' },
      { event: event('e2'), streamId: '1000-1', subscriptionId: 'sub-a' },
    ]);
    expect((await worker.due(Date.now(), 10)).sort()).toEqual(['sub-a', 'sub-b']);

    expect(await worker.lease('sub-a', 'w1', 30_000)).toBe(true);
    expect(await otherWorker.lease('sub-a', 'w2', 30_000)).toBe(false);
    expect(await otherWorker.advance('sub-a', 'w2')).toBe('lost');
    expect(await idsOf(worker, 'sub-a', 'w1')).toEqual({ ids: ['e1', 'e2', 'e3'], end: 'empty' });
    expect(await worker.due(Date.now(), 10)).toEqual(['sub-b']);
    await worker.release('sub-a', 'w1');
    expect(await otherWorker.lease('sub-a', 'w2', 30_000)).toBe(true);
  });

  it('postpones the whole sequence until the head is due again, with its attempts noted', async () => {
    expect(await worker.lease('sub-c', 'w1', 30_000)).toBe(true);
    await dispatcher.append([
      { event: event('c1'), streamId: '2000-0', subscriptionId: 'sub-c' },
      { event: event('c2'), streamId: '2000-1', subscriptionId: 'sub-c' },
    ]);
    const head = (await worker.advance('sub-c', 'w1')) as SequenceHead;
    expect(head).toMatchObject({ event: { id: 'c1' }, attemptsMade: 0 });
    const later = Date.now() + 60_000;
    expect(await worker.postpone('sub-c', 'w1', head, later, 1)).toBe(true);
    expect(await otherWorker.postpone('sub-c', 'w2', head, 0, 5)).toBe(false);
    await worker.release('sub-c', 'w1');
    // A new delivery does not make a postponed sequence due.
    await dispatcher.append([{ event: event('c3'), streamId: '2000-2', subscriptionId: 'sub-c' }]);
    expect(await worker.due(Date.now(), 10)).not.toContain('sub-c');
    expect(await worker.due(later, 10)).toContain('sub-c');

    expect(await otherWorker.lease('sub-c', 'w2', 30_000)).toBe(true);
    const again = (await otherWorker.advance('sub-c', 'w2')) as SequenceHead;
    expect(again).toMatchObject({ event: { id: 'c1' }, attemptsMade: 1 });
    // Waiting without an attempt (a rate limit) keeps the count.
    expect(await otherWorker.postpone('sub-c', 'w2', again, 0)).toBe(true);
    expect(await otherWorker.advance('sub-c', 'w2')).toMatchObject({ attemptsMade: 1 });
    const next = await otherWorker.advance('sub-c', 'w2', again);
    expect(next).toMatchObject({ event: { id: 'c2' }, attemptsMade: 0 });
  });

  it('answers the delivery after the one being sent, and stays due while that one is in the sequence', async () => {
    expect(await worker.lease('sub-d', 'w1', 30_000)).toBe(true);
    await dispatcher.append([
      { event: event('d1'), streamId: '3000-0', subscriptionId: 'sub-d' },
      { event: event('d2'), streamId: '3000-1', subscriptionId: 'sub-d' },
    ]);
    const first = (await worker.advance('sub-d', 'w1')) as SequenceHead;
    const second = (await worker.advance('sub-d', 'w1', undefined, first)) as SequenceHead;
    expect(second.event.id).toBe('d2');
    // d1 logged and done while d2 is sent: nothing else is waiting, but d2 still is.
    expect(await worker.advance('sub-d', 'w1', first, second)).toBe('empty');
    expect(await worker.due(Date.now(), 10)).toContain('sub-d');
    expect(await worker.advance('sub-d', 'w1', second)).toBe('empty');
    expect(await worker.due(Date.now(), 10)).not.toContain('sub-d');
  });

  it('tells the workers once deliveries are appended, and answers when the earliest sequence is due', async () => {
    const ownPrefix = `${prefix}-wake`;
    const sequences = new OrderedSequences({
      redis: { ...redisConfig, prefix: ownPrefix },
    } as HookyardConfig);
    const subscriber = createRedis(redisConfig);
    try {
      expect(await sequences.nextDueAt()).toBeUndefined();
      await subscriber.subscribe(ORDERED_DELIVERIES_APPENDED);
      const message = new Promise<string>((resolve) =>
        subscriber.once('message', (_channel, text) => resolve(text)),
      );
      await sequences.append([{ event: event('w1'), streamId: '4000-0', subscriptionId: 'sub-w' }]);
      // As @nestjs/microservices' Redis transport reads a message: its pattern and data.
      expect(JSON.parse(await message)).toEqual({
        pattern: ORDERED_DELIVERIES_APPENDED,
        data: { prefix: ownPrefix },
      });
      expect(await sequences.nextDueAt()).toBe(0);
    } finally {
      subscriber.disconnect();
      const cleaner = createRedis(redisConfig);
      const keys = await cleaner.keys(`${ownPrefix}:*`);
      if (keys.length > 0) await cleaner.del(...keys);
      cleaner.disconnect();
      sequences.onModuleDestroy();
    }
  });
});
