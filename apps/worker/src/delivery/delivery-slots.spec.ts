import { DeliverySlots } from './delivery-slots';

describe('DeliverySlots', () => {
  it('hands out at most `size` slots and passes released ones to waiters in order', async () => {
    const slots = new DeliverySlots(2);
    const first = await slots.acquire();
    await slots.acquire();
    const granted: string[] = [];
    const third = slots.acquire().then((release) => (granted.push('third'), release));
    const fourth = slots.acquire().then((release) => (granted.push('fourth'), release));
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

  it('frees a slot when nobody waits', async () => {
    const slots = new DeliverySlots(1);
    (await slots.acquire())();
    let acquired = false;
    void slots.acquire().then(() => (acquired = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(acquired).toBe(true);
  });
});
