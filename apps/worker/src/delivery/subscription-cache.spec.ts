import type { Subscription, SubscriptionRepository } from '@hookyard/persistence';
import type { HookyardConfig } from '@hookyard/config';
import { HeaderCipher } from '@hookyard/delivery';
import { SUBSCRIPTION_CHANGED, SubscriptionChangedMessage, SubscriptionChangesServer } from '@hookyard/queue';
import { RedisContext } from '@nestjs/microservices';
import { randomBytes } from 'node:crypto';
import { SUBSCRIPTION_CACHE_MAX, SUBSCRIPTION_CACHE_TTL_MS, SubscriptionCache } from './subscription-cache';
import { QuayScanThresholds } from './quay-scan-thresholds';
import { SubscriptionChangesController } from './subscription-changes.controller';

function fakeRepository(rows: Record<string, Partial<Subscription>>) {
  const findById = jest.fn(async (id: string) => (rows[id] as Subscription) ?? null);
  return { repository: { findById } as unknown as SubscriptionRepository, findById };
}

const key = randomBytes(32);
const config = { secrets: { encryptionKey: key } } as HookyardConfig;

describe('SubscriptionCache', () => {
  afterEach(() => jest.useRealTimers());

  it('reads a subscription once for concurrent and repeated deliveries within the TTL', async () => {
    const { repository, findById } = fakeRepository({ a: { id: 'a', endpoint: 'http://one' } });
    const cache = new SubscriptionCache(repository, config);
    const reads = await Promise.all([cache.get('a'), cache.get('a'), cache.get('a')]);
    expect(reads.map((s) => s?.endpoint)).toEqual(['http://one', 'http://one', 'http://one']);
    expect(await cache.get('missing')).toBeNull();
    expect(await cache.get('missing')).toBeNull();
    expect(findById).toHaveBeenCalledTimes(2);
  });

  it('reads again after the TTL', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const { repository, findById } = fakeRepository({ a: { id: 'a' } });
    const cache = new SubscriptionCache(repository, config);
    await cache.get('a');
    jest.setSystemTime(1_000_000 + SUBSCRIPTION_CACHE_TTL_MS + 1);
    await cache.get('a');
    expect(findById).toHaveBeenCalledTimes(2);
  });

  it('keeps at most SUBSCRIPTION_CACHE_MAX subscriptions, dropping the least recently used', async () => {
    const { repository, findById } = fakeRepository({});
    const cache = new SubscriptionCache(repository, config);
    for (let i = 0; i <= SUBSCRIPTION_CACHE_MAX; i++) await cache.get(`s${i}`);
    expect(findById).toHaveBeenCalledTimes(SUBSCRIPTION_CACHE_MAX + 1);
    await cache.get(`s${SUBSCRIPTION_CACHE_MAX}`);
    expect(findById).toHaveBeenCalledTimes(SUBSCRIPTION_CACHE_MAX + 1);
    await cache.get('s0');
    expect(findById).toHaveBeenCalledTimes(SUBSCRIPTION_CACHE_MAX + 2);
  });

  it('does not keep a failed read', async () => {
    const findById = jest.fn().mockRejectedValueOnce(new Error('db down')).mockResolvedValue({ id: 'a' });
    const cache = new SubscriptionCache({ findById } as unknown as SubscriptionRepository, config);
    await expect(cache.get('a')).rejects.toThrow('db down');
    expect(await cache.get('a')).toEqual({ id: 'a' });
  });

  it('is evicted by a subscription-changed message of its own install only', async () => {
    const rows: Record<string, Partial<Subscription>> = { a: { id: 'a', endpoint: 'http://old' } };
    const { repository, findById } = fakeRepository(rows);
    const cache = new SubscriptionCache(repository, config);
    const thresholds = new QuayScanThresholds({} as SubscriptionRepository);
    const cleared = jest.spyOn(thresholds, 'clear');
    const controller = new SubscriptionChangesController(cache, thresholds);
    // Through the transport, which passes on the messages of its own install only.
    const server = new SubscriptionChangesServer({ url: 'redis://127.0.0.1:6379', prefix: 'mine' });
    server.addHandler(SUBSCRIPTION_CHANGED, async (message) => controller.changed(message), true);
    const changed = (data: SubscriptionChangedMessage) =>
      server.handleEvent(
        SUBSCRIPTION_CHANGED,
        { pattern: SUBSCRIPTION_CHANGED, data },
        new RedisContext(['']),
      );
    await cache.get('a');
    rows.a = { id: 'a', endpoint: 'http://new' };
    await changed({ prefix: 'other', subscriptionId: 'a', version: 1 });
    expect((await cache.get('a'))?.endpoint).toBe('http://old');
    await changed({ prefix: 'mine', subscriptionId: 'a', version: 1 });
    expect((await cache.get('a'))?.endpoint).toBe('http://new');
    expect(findById).toHaveBeenCalledTimes(2);
    expect(cleared).toHaveBeenCalledTimes(1);
  });

  it('opens static headers once per read, and says why when it cannot', async () => {
    const headers = new HeaderCipher(key).seal({ Authorization: 'Bearer s3cr3t' });
    const { repository } = fakeRepository({
      a: { id: 'a', options: { headers } },
      b: { id: 'b', options: { headers: new HeaderCipher(randomBytes(32)).seal({ 'X-A': 'b' }) } },
      c: { id: 'c', options: {} },
    });
    const cache = new SubscriptionCache(repository, config);
    expect((await cache.get('a'))?.staticHeaders).toEqual({ Authorization: 'Bearer s3cr3t' });
    expect(await cache.get('b')).toMatchObject({
      staticHeadersError: expect.stringMatching(/another SECRETS_ENCRYPTION_KEY/),
    });
    expect((await cache.get('b'))?.staticHeaders).toBeUndefined();
    expect(await cache.get('c')).not.toHaveProperty('staticHeaders');
  });
});
