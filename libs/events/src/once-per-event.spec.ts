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
});
