import type { HookyardConfig } from '@hookyard/config';
import type { SubscriptionRepository } from '@hookyard/persistence';
import type { SubscriptionChangePublisher } from '@hookyard/queue';
import { SubscriptionHealthService } from './subscription-health.service';

/** The service over a repository that records its writes in order (their SQL: subscription.repository.spec). */
function health() {
  const writes: Array<{ kind: 'success' | 'failure'; ids: string[] | string }> = [];
  const subscriptions = {
    recordSuccesses: jest.fn(async (ids: string[]) => void writes.push({ kind: 'success', ids })),
    recordFailure: jest.fn(async (id: string) => {
      writes.push({ kind: 'failure', ids: id });
      return { consecutiveFailures: 1, justDisabled: false };
    }),
  };
  const service = new SubscriptionHealthService(
    { delivery: { disableAfterFailures: 5 } } as HookyardConfig,
    subscriptions as unknown as SubscriptionRepository,
    { changed: jest.fn() } as unknown as SubscriptionChangePublisher,
  );
  const successWrites = () => writes.filter((w) => w.kind === 'success').map((w) => w.ids);
  const failureWrites = () => writes.filter((w) => w.kind === 'failure').map((w) => w.ids);
  return { service, successWrites, failureWrites, writes };
}

describe('SubscriptionHealthService success recording', () => {
  afterEach(() => jest.useRealTimers());

  it('writes the successes of many subscriptions in one statement per interval', async () => {
    jest.useFakeTimers();
    const { service, successWrites } = health();
    for (let i = 0; i < 3; i++) await service.succeeded('s1');
    await service.succeeded('s2');
    expect(successWrites()).toEqual([]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(successWrites()).toEqual([['s1', 's2']]);
    await service.succeeded('s1');
    await service.flushSuccesses();
    expect(successWrites()).toEqual([['s1', 's2'], ['s1']]);
  });

  it('writes a pending success before a failure, and the first success after it at once', async () => {
    const { service, successWrites, failureWrites, writes } = health();
    await service.succeeded('s1');
    await service.deliveryFailed('s1');
    expect(writes.map((w) => w.kind)).toEqual(['success', 'failure']);
    await service.succeeded('s1');
    expect(successWrites()).toEqual([['s1'], ['s1']]);
    expect(failureWrites()).toEqual(['s1']);
    await service.flushSuccesses();
    expect(successWrites()).toHaveLength(2);
  });
});
