import { type CanonicalEvent, EXAMPLE_CONTENTS } from '@hookyard/events';
import { streamEntry } from './event-stream-appender';

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
