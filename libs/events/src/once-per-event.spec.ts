import { oncePerEvent } from './once-per-event';
import type { CanonicalEvent } from './canonical-event';

describe('oncePerEvent', () => {
  it('computes once per event object, again for another object', () => {
    const compute = jest.fn((event: CanonicalEvent) => `${event.id}!`);
    const render = oncePerEvent(compute);
    const event = { id: 'e1' } as CanonicalEvent;
    expect(render(event)).toBe('e1!');
    expect(render(event)).toBe('e1!');
    expect(compute).toHaveBeenCalledTimes(1);
    expect(render({ ...event })).toBe('e1!');
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it("keeps each function's results apart, undefined ones included", () => {
    const first = jest.fn(() => undefined);
    const second = oncePerEvent((event) => `${event.id}?`);
    const once = oncePerEvent(first);
    const event = { id: 'e1' } as CanonicalEvent;
    expect(once(event)).toBeUndefined();
    expect(second(event)).toBe('e1?');
    expect(once(event)).toBeUndefined();
    expect(first).toHaveBeenCalledTimes(1);
  });
});
