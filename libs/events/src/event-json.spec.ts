import type { CanonicalEvent } from './canonical-event';
import { eventJson, parseEventJson } from './event-json';

describe('eventJson', () => {
  it("is JSON.stringify's text, made once per event object", () => {
    const event = { id: 'e1', type: 'TAG_PUSH', contents: { tag: '1.0' } } as unknown as CanonicalEvent;
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      expect(eventJson(event)).toBe(JSON.stringify(event));
      expect(eventJson(event)).toBe(JSON.stringify(event));
      expect(stringify.mock.calls.filter(([value]) => value === event)).toHaveLength(3);
    } finally {
      stringify.mockRestore();
    }
  });

  it('of an event parsed from its text is that text, not made again', () => {
    const text = JSON.stringify({ id: 'e1', type: 'TAG_PUSH', contents: { tag: '1.0' } });
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const event = parseEventJson(text);
      expect(event).toEqual({ id: 'e1', type: 'TAG_PUSH', contents: { tag: '1.0' } });
      expect(eventJson(event)).toBe(text);
      expect(stringify).not.toHaveBeenCalled();
    } finally {
      stringify.mockRestore();
    }
  });

  it.each([
    ['escapes and non-ASCII', { id: 'e"1\\', type: 'TAG_PUSH', contents: { tag: 'ü\n\t\u2028💥', x: '\u0000' } }],
    ['an unpaired surrogate', { id: 'e1', contents: { tag: 'a\ud800b' } }],
    ['numbers', { id: 'e1', contents: { n: 1e21, m: 0.1, k: -0, big: 2 ** 70, small: 5e-7 } }],
    ['integer-like keys', { id: 'e1', contents: { b: 1, 2: 'two', a: { 10: 'x', 1: 'y' } } }],
    ['nesting, arrays and nulls', { id: 'e1', contents: { a: [1, [2, { b: null }], ''], c: {}, d: [] } }],
  ])(
    'is, for an event parsed from JSON.stringify text (%s), that text and JSON.stringify of the event',
    (_, value) => {
      const text = JSON.stringify(value);
      const event = parseEventJson(text);
      expect(eventJson(event)).toBe(text);
      expect(JSON.stringify(event)).toBe(text);
    },
  );
});
