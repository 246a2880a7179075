import type { HookyardConfig } from '@hookyard/config';
import type { Subscription } from '@hookyard/persistence';
import type { Repository } from 'typeorm';
import type { SubscriptionChangePublisher } from '@hookyard/queue';
import { SubscriptionHealthService } from './subscription-health.service';

function health() {
  const update = jest.fn(async () => ({ affected: 1 }));
  const query = jest.fn(async () => [
    [{ inactive: false, consecutive_failures: 1, just_disabled: false }],
    1,
  ]);
  const service = new SubscriptionHealthService(
    { delivery: { disableAfterFailures: 5 } } as HookyardConfig,
    { update, query } as unknown as Repository<Subscription>,
    { changed: jest.fn() } as unknown as SubscriptionChangePublisher,
  );
  return { service, update, query };
}

describe('SubscriptionHealthService success recording', () => {
  it('writes lastSuccessfulAt once for a burst of successes to one subscription', async () => {
    const { service, update } = health();
    for (let i = 0; i < 3; i++) await service.succeeded('s1');
    await service.succeeded('s2');
    expect(update).toHaveBeenCalledTimes(2);
    expect(update).toHaveBeenCalledWith('s1', { lastSuccessfulAt: expect.any(Date), consecutiveFailures: 0 });
  });

  it('writes the first success after a failed delivery at once, so the failure run resets', async () => {
    const { service, update, query } = health();
    await service.succeeded('s1');
    await service.deliveryFailed('s1');
    await service.succeeded('s1');
    expect(query).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledTimes(2);
  });
});
