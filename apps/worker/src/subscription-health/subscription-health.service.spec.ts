import type { HookyardConfig } from '@hookyard/config';
import type { Subscription } from '@hookyard/persistence';
import type { Repository } from 'typeorm';
import type { SubscriptionChangePublisher } from '@hookyard/queue';
import { SubscriptionHealthService } from './subscription-health.service';

function health() {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const query = jest.fn(async (sql: string, params: unknown[]) => {
    statements.push({ sql, params });
    return sql.includes('RETURNING')
      ? [[{ inactive: false, consecutive_failures: 1, just_disabled: false }], 1]
      : [];
  });
  const service = new SubscriptionHealthService(
    { delivery: { disableAfterFailures: 5 } } as HookyardConfig,
    { query } as unknown as Repository<Subscription>,
    { changed: jest.fn() } as unknown as SubscriptionChangePublisher,
  );
  const successWrites = () =>
    statements.filter((s) => s.sql.includes('last_successful_at')).map((s) => s.params[0]);
  const failureWrites = () => statements.filter((s) => s.sql.includes('RETURNING')).map((s) => s.params[0]);
  return { service, successWrites, failureWrites, statements };
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
    const { service, successWrites, failureWrites, statements } = health();
    await service.succeeded('s1');
    await service.deliveryFailed('s1');
    expect(statements.map((s) => (s.sql.includes('RETURNING') ? 'failure' : 'success'))).toEqual([
      'success',
      'failure',
    ]);
    await service.succeeded('s1');
    expect(successWrites()).toEqual([['s1'], ['s1']]);
    expect(failureWrites()).toEqual(['s1']);
    await service.flushSuccesses();
    expect(successWrites()).toHaveLength(2);
  });
});
