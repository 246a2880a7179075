import { EXAMPLE_CONTENTS, eventJson, parseEventJson, type CanonicalEvent } from '@hookyard/events';
import { hash } from 'node:crypto';
import {
  batchMatches,
  deliveryBatchJobId,
  deliveryIdFor,
  deliveryJobId,
  jobEvent,
  matchedEventJson,
  redeliveryOf,
  type DeliveryBatchJobData,
} from './delivery-job';
import { streamEntry } from './event-stream/event-stream-appender';

describe('delivery ids', () => {
  it('derive the same values on every release (logged deliveries and receivers depend on them)', () => {
    expect(deliveryJobId('e1', 's1')).toBe('e1.s1');
    expect(deliveryIdFor('e1.s1')).toBe('1e5e5236-8cb3-16cc-50ea-3df7769bb0e7');
    const event = (id: string) => ({ id }) as CanonicalEvent;
    expect(deliveryBatchJobId([{ event: event('e1'), subscriptionIds: ['s1', 's2'] }])).toBe(
      'e1.batch-660060ec61ddf748',
    );
    expect(
      deliveryBatchJobId([
        { event: event('e1'), subscriptionIds: ['s1'] },
        { event: event('e2'), subscriptionIds: ['s1'] },
      ]),
    ).toBe(`e1.batch-${hash('sha256', 'e1:s1;e2:s1', 'hex').slice(0, 16)}`);
  });

  it('give a redelivery its own job and log row, the same for the same nonce', () => {
    const redelivery = redeliveryOf('e1', 's1', 'r1');
    expect(redelivery).toEqual({
      jobId: 'e1.s1.redelivery-r1',
      deliveryId: deliveryIdFor('e1.s1.redelivery-r1'),
    });
    expect(redeliveryOf('e1', 's1', 'r1')).toEqual(redelivery);
    expect(redeliveryOf('e1', 's1', 'r2').deliveryId).not.toBe(redelivery.deliveryId);
    expect(redelivery.deliveryId).not.toBe(deliveryIdFor(deliveryJobId('e1', 's1')));
  });
});

describe('batch jobs', () => {
  const events: CanonicalEvent[] = [
    {
      id: 'native-1-abc',
      type: 'TAG_PUSH',
      occurredAt: '2026-12-01T03:00:00.000Z',
      source: 'bench',
      namespace: 'bench',
      repository: 'app',
      contents: { ...EXAMPLE_CONTENTS.TAG_PUSH, tag: 'v1' },
      dedupKey: 'native:bench:native-1-abc',
    },
    {
      id: 'e"2\\',
      type: 'TAG_PUSH',
      occurredAt: '2026-12-01T03:00:00.000Z',
      source: 'ü💥\u2028',
      contents: { tag: 'a\ud800b\u0000', 2: 'two', n: 1e21, m: 0.1, nested: { 10: [null, {}, []], 1: '' } },
      dedupKey: 'k',
    },
  ];
  /** A job's data as BullMQ stores and reads it. */
  const throughRedis = <T>(data: T): T => JSON.parse(JSON.stringify(data)) as T;

  it("carry each event as the stream entry's text, and the worker's event JSON is what it made before, byte for byte", () => {
    const entries = events.map((event) => streamEntry(event, '2026-12-01T03:00:00.123Z'));
    // The dispatcher: events parsed from the stream entries, the batch job's data made from them.
    const read = entries.map(parseEventJson);
    const matches = read.map((event) => ({ event, subscriptionIds: ['s1'] }));
    const queued = throughRedis<DeliveryBatchJobData>({ matches: matches.map(matchedEventJson) });
    expect(queued).toEqual({ matches: entries.map((eventJson) => ({ eventJson, subscriptionIds: ['s1'] })) });
    // Before: the events themselves in the job, the log's event JSON stringified by the worker.
    const before = throughRedis<DeliveryBatchJobData>({ matches });
    const stored = batchMatches(before).map(({ event }) => JSON.stringify(event));
    expect(stored).toEqual(entries);
    // Now: the worker parses each text and logs that text.
    const worked = batchMatches(queued);
    expect(worked.map(({ event }) => event)).toEqual(batchMatches(before).map(({ event }) => event));
    expect(worked.map(({ event }) => eventJson(event))).toEqual(stored);
    expect(worked.map(({ subscriptionIds }) => subscriptionIds)).toEqual([['s1'], ['s1']]);
    expect(jobEvent(queued)).toEqual(read[0]);
  });

  it('queued before events were carried as text are still read, with the same event JSON', () => {
    const [event] = events;
    const old = throughRedis<DeliveryBatchJobData>({ matches: [{ event, subscriptionIds: ['s1', 's2'] }] });
    const [match] = batchMatches(old);
    expect(match).toEqual({ event, subscriptionIds: ['s1', 's2'] });
    expect(eventJson(match.event)).toBe(JSON.stringify(event));
    expect(jobEvent(old)).toEqual(event);
    expect(batchMatches({ event, subscriptionIds: ['s1'] })).toEqual([{ event, subscriptionIds: ['s1'] }]);
  });
});
