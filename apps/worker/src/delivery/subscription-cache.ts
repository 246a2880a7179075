import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { HeaderCipher, HeaderCipherError } from '@hookyard/delivery';
import { Subscription, SubscriptionRepository } from '@hookyard/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/**
 * How long a subscription read is reused. The gateway's subscription-changed message evicts an
 * entry at once; the TTL bounds staleness when that fire-and-forget message is lost.
 */
export const SUBSCRIPTION_CACHE_TTL_MS = 5_000;
/** Subscriptions kept at once; the least recently used go first. */
export const SUBSCRIPTION_CACHE_MAX = 20_000;

/** A subscription as deliveries use it: its static headers opened once per read, not per delivery. */
export type DeliverySubscription = Subscription & {
  staticHeaders?: Record<string, string>;
  /** Why its static headers could not be opened: nothing is sent without them. */
  staticHeadersError?: string;
};

interface Entry {
  /** null: the subscription does not exist (deleted), which is cached too. */
  subscription: Promise<DeliverySubscription | null>;
  expiresAt: number;
}

/**
 * Subscriptions as the worker reads them per delivery. A fan-out of one event to many jobs, or
 * many events to one endpoint, would otherwise read the same row from PostgreSQL for every job.
 */
@Injectable()
export class SubscriptionCache {
  private readonly entries = new LRUCache<string, Entry>({ max: SUBSCRIPTION_CACHE_MAX });
  private readonly cipher: HeaderCipher;

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    @Inject(HOOKYARD_CONFIG) config: HookyardConfig,
  ) {
    this.cipher = new HeaderCipher(config.secrets.encryptionKey);
  }

  get(id: string): Promise<DeliverySubscription | null> {
    const now = Date.now();
    const cached = this.entries.get(id);
    if (cached && cached.expiresAt > now) return cached.subscription;
    // Concurrent jobs for the same subscription share one query.
    const subscription = this.subscriptions
      .findById(id)
      .then((found) => found && this.withStaticHeaders(found));
    this.entries.set(id, { subscription, expiresAt: now + SUBSCRIPTION_CACHE_TTL_MS });
    subscription.catch(() => this.entries.delete(id));
    return subscription;
  }

  evict(id: string): void {
    this.entries.delete(id);
  }

  private withStaticHeaders(subscription: Subscription): DeliverySubscription {
    const sealed = subscription.options?.headers;
    if (!sealed) return subscription;
    try {
      return Object.assign(subscription, { staticHeaders: this.cipher.open(sealed) });
    } catch (error) {
      if (!(error instanceof HeaderCipherError)) throw error;
      return Object.assign(subscription, { staticHeadersError: error.message });
    }
  }
}
