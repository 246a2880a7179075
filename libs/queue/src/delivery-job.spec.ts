import type { CanonicalEvent } from '@hookyard/events';
import { hash } from 'node:crypto';
import { deliveryBatchJobId, deliveryIdFor, deliveryJobId, redeliveryOf } from './delivery-job';

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
