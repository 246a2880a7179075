import { EXAMPLE_CONTENTS, PRODUCED_EVENT_TYPES } from '@hookyard/events';
import { NativeEventsError, parseNativeEvents } from './native-event-parser';

const NOW = new Date('2026-11-23T10:00:00.000Z');

function problemsOf(body: unknown): string[] {
  try {
    parseNativeEvents(body, 'scanner', NOW);
  } catch (error) {
    if (error instanceof NativeEventsError) return error.problems;
    throw error;
  }
  throw new Error('expected a NativeEventsError');
}

describe('parseNativeEvents', () => {
  it('accepts the example contents of every event type producers send in one batch', () => {
    const events = parseNativeEvents(
      { events: PRODUCED_EVENT_TYPES.map((type) => ({ type, contents: EXAMPLE_CONTENTS[type] })) },
      'scanner',
      NOW,
    );
    expect(events.map((event) => event.type)).toEqual([...PRODUCED_EVENT_TYPES]);
    for (const event of events) {
      expect(event).toMatchObject({ source: 'scanner', occurredAt: NOW.toISOString() });
    }
    const scan = events.find((event) => event.type === 'SCAN_COMPLETED')!;
    expect(scan).toMatchObject({
      namespace: (EXAMPLE_CONTENTS.SCAN_COMPLETED as { namespace: string }).namespace,
    });
    expect(events.find((event) => event.type === 'SCANNER_UPDATE_COMPLETED')).not.toHaveProperty('namespace');
    // The stream stores the event as JSON in this key order; without a producer id, no dedupKey.
    expect(Object.keys(scan)).toEqual([
      'id',
      'type',
      'occurredAt',
      'source',
      'namespace',
      'repository',
      'contents',
    ]);
  });

  it("keeps a producer's occurredAt, normalized to ISO-8601 UTC", () => {
    const [event] = parseNativeEvents(
      {
        type: 'SCAN_FAILED',
        contents: EXAMPLE_CONTENTS.SCAN_FAILED,
        occurredAt: '2026-11-23T11:00:00+01:00',
      },
      'scanner',
      NOW,
    );
    expect(event.occurredAt).toBe('2026-11-23T10:00:00.000Z');
  });

  it('derives a stable id from the producer id (id or eventId) and a fresh one without', () => {
    const single = { type: 'SCAN_FAILED', contents: EXAMPLE_CONTENTS.SCAN_FAILED, id: 'scan-42' };
    const [first] = parseNativeEvents(single, 'scanner', NOW);
    const [again] = parseNativeEvents({ ...single, id: undefined, eventId: 'scan-42' }, 'scanner', NOW);
    expect(first.dedupKey).toBe('native:scanner:scan-42');
    expect(Object.keys(first).at(-1)).toBe('dedupKey');
    expect(again.id).toBe(first.id);
    const [otherProducer] = parseNativeEvents(single, 'ci', NOW);
    expect(otherProducer.id).not.toBe(first.id);
    const anonymous = { type: 'SCAN_FAILED', contents: EXAMPLE_CONTENTS.SCAN_FAILED };
    expect(parseNativeEvents(anonymous, 'scanner', NOW)[0].id).not.toBe(
      parseNativeEvents(anonymous, 'scanner', NOW)[0].id,
    );
    // Nothing could match a random key: the stream appends such an event without a dedup mark.
    expect(parseNativeEvents(anonymous, 'scanner', NOW)[0]).not.toHaveProperty('dedupKey');
  });

  it('names every bad field by its path', () => {
    const scan = EXAMPLE_CONTENTS.SCAN_COMPLETED as { scanSummary: object };
    expect(
      problemsOf({
        events: [
          { type: 'SCAN_COMPLETED', contents: EXAMPLE_CONTENTS.SCAN_COMPLETED },
          {
            type: 'SCAN_COMPLETED',
            contents: { ...scan, scanSummary: { ...scan.scanSummary, critical: -1 } },
          },
          { type: 'NOPE', contents: {} },
          'x',
          { type: 'TAG_PUSH', contents: EXAMPLE_CONTENTS.TAG_PUSH, occurredAt: 'yesterday', id: 'a b' },
        ],
      }),
    ).toEqual([
      'events[1].contents.scanSummary.critical must be an integer of at least 0',
      expect.stringMatching(/^events\[2\]\.type must be one of TAG_PUSH, /),
      'events[3] must be an object',
      'events[4].occurredAt must be an ISO-8601 timestamp',
      'events[4].id must be 1-200 printable characters without spaces',
    ]);
    // Producers cannot forge Hookyard's operational events.
    expect(problemsOf({ type: 'WEBHOOK_DISABLED', contents: EXAMPLE_CONTENTS.WEBHOOK_DISABLED })).toEqual([
      'type WEBHOOK_DISABLED is an operational event: Hookyard emits those itself',
    ]);
    expect(problemsOf({ type: 'NOPE', contents: {} })[0]).not.toMatch(/DELIVERY_EXHAUSTED/);
    expect(problemsOf({ type: 'REPO_CREATED', contents: { namespace: 'acme' } })).toEqual(
      expect.arrayContaining(['contents.repository must be a non-empty string']),
    );
    expect(problemsOf([])).toEqual(['body must be a JSON object']);
    expect(problemsOf({ events: [] })).toEqual(['events must be a non-empty array of events']);
    expect(
      problemsOf({ type: 'SCAN_FAILED', contents: EXAMPLE_CONTENTS.SCAN_FAILED, id: 'a', eventId: 'b' }),
    ).toEqual(['id and eventId must be the same when both are given']);
  });
});
