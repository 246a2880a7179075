import type { CanonicalEvent } from '@hookyard/events';
import { activityStreamStores, UNSTORABLE_ESCAPE } from './storable-event';

const event = (contents: Record<string, unknown>): CanonicalEvent => ({
  id: 'e1',
  type: 'TAG_PUSH',
  occurredAt: '2026-12-01T00:00:00.000Z',
  source: 'native',
  contents,
});

/** The recorder's view of an event: the stream entry's JSON text. */
const textRefused = (value: CanonicalEvent) => UNSTORABLE_ESCAPE.test(JSON.stringify(value));

describe('what the activity stream stores', () => {
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['plain text', { tag: 'v1', labels: { team: 'ci' } }, true],
    ['a surrogate pair (emoji)', { tag: 'v1-\u{1F680}' }, true],
    ['NUL in a value', { tag: 'a\u0000b' }, false],
    ['NUL in a key', { labels: { 'a\u0000': 'x' } }, false],
    ['a lone high surrogate in an array', { layers: ['ok', 'x\ud800'] }, false],
    ['a lone low surrogate in a key', { labels: { '\udc00': 'x' } }, false],
    ['a low surrogate before a high one', { tag: '\udc00\ud800' }, false],
  ];

  it.each(cases)('%s: the worker and the recorder give the same answer', (_, contents, stores) => {
    expect(activityStreamStores(event(contents))).toBe(stores);
    expect(textRefused(event(contents))).toBe(!stores);
  });

  it('the text rule over-matches a backslash written before "u0000": the statement then stores it', () => {
    const literal = event({ tag: '\\u0000' });
    expect(activityStreamStores(literal)).toBe(true);
    expect(textRefused(literal)).toBe(true);
  });
});
