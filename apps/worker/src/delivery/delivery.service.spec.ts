import type { HookyardConfig } from '@hookyard/config';
import type { DeliveryClient, DeliveryResponse } from '@hookyard/delivery';
import type { CanonicalEvent } from '@hookyard/events';
import type { Subscription } from '@hookyard/persistence';
import type { Repository } from 'typeorm';
import { DeliveryService } from './delivery.service';
import type { SubscriptionCache } from './subscription-cache';

const subscription = {
  id: 'a'.repeat(64),
  api: 'dtr',
  endpoint: 'http://127.0.0.1:1/hook',
  secret: `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`,
  inactive: false,
  tlsCert: '',
  skipTlsVerification: false,
} as Subscription;
const event = {
  id: 'e1',
  type: 'TAG_PUSH',
  occurredAt: '2026-01-01T00:00:00Z',
  contents: {},
} as CanonicalEvent;

function service(statuses: number[]) {
  const update = jest.fn(async () => undefined);
  const client: DeliveryClient = {
    send: async () =>
      ({ status: statuses.shift()!, headers: {}, body: '', durationMs: 1 }) as DeliveryResponse,
    close: async () => undefined,
  };
  const deliveryService = new DeliveryService(
    { delivery: { timeoutMs: 1000 } } as HookyardConfig,
    client,
    { update } as unknown as Repository<Subscription>,
    { get: async () => subscription } as unknown as SubscriptionCache,
  );
  return { deliveryService, update };
}

describe('DeliveryService success recording', () => {
  it('writes lastSuccessfulAt once for a burst of deliveries to one subscription', async () => {
    const { deliveryService, update } = service([200, 200, 204]);
    for (let i = 0; i < 3; i++) {
      expect((await deliveryService.deliver({ event, subscriptionId: subscription.id })).kind).toBe(
        'delivered',
      );
    }
    expect(update).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledWith(subscription.id, {
      lastSuccessfulAt: expect.any(Date),
      consecutiveFailures: 0,
    });
  });

  it('writes the first success after a failure at once', async () => {
    const { deliveryService, update } = service([200, 500, 200]);
    const kinds = [];
    for (let i = 0; i < 3; i++)
      kinds.push((await deliveryService.deliver({ event, subscriptionId: subscription.id })).kind);
    expect(kinds).toEqual(['delivered', 'failed', 'delivered']);
    expect(update).toHaveBeenCalledTimes(2);
  });
});
