import { DeliverySlots } from './delivery-slots';

describe('DeliverySlots', () => {
  it('hands out at most `size` slots and passes released ones to waiters in order', async () => {
    const slots = new DeliverySlots(2);
    const first = await slots.acquire();
    await slots.acquire();
    const granted: string[] = [];
    const third = Promise.resolve(slots.acquire()).then((release) => (granted.push('third'), release));
    const fourth = Promise.resolve(slots.acquire()).then((release) => (granted.push('fourth'), release));
    await Promise.resolve();
    expect(granted).toEqual([]);

    first();
    first();
    await third;
    expect(granted).toEqual(['third']);

    (await third)();
    await fourth;
    expect(granted).toEqual(['third', 'fourth']);
  });

  it('gives a free slot at once, and a promise only when none is free', async () => {
    const slots = new DeliverySlots(1);
    const release = slots.acquire();
    expect(typeof release).toBe('function');
    const waiting = slots.acquire();
    expect(waiting).toBeInstanceOf(Promise);
    (release as () => void)();
    (await waiting)();
    expect(typeof slots.acquire()).toBe('function');
  });
});
