import { Subscription, SubscriptionRepository } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/**
 * How long a subscription read is reused. The gateway's subscription-changed message evicts an
 * entry at once; the TTL bounds staleness when that fire-and-forget message is lost.
 */
export const SUBSCRIPTION_CACHE_TTL_MS = 5_000;
/** Subscriptions kept at once; the least recently used go first. */
export const SUBSCRIPTION_CACHE_MAX = 20_000;

interface Entry {
  /** null: the subscription does not exist (deleted), which is cached too. */
  subscription: Promise<Subscription | null>;
  expiresAt: number;
}

/**
 * Subscriptions as the worker reads them per delivery. A fan-out of one event to many jobs, or
 * many events to one endpoint, would otherwise read the same row from PostgreSQL for every job.
 */
@Injectable()
export class SubscriptionCache {
  private readonly entries = new LRUCache<string, Entry>({ max: SUBSCRIPTION_CACHE_MAX });

  constructor(private readonly subscriptions: SubscriptionRepository) {}

  get(id: string): Promise<Subscription | null> {
    const now = Date.now();
    const cached = this.entries.get(id);
    if (cached && cached.expiresAt > now) return cached.subscription;
    // Concurrent jobs for the same subscription share one query.
    const subscription = this.subscriptions.findById(id);
    this.entries.set(id, { subscription, expiresAt: now + SUBSCRIPTION_CACHE_TTL_MS });
    subscription.catch(() => this.entries.delete(id));
    return subscription;
  }

  evict(id: string): void {
    this.entries.delete(id);
  }
}
