import { repositoryScanThreshold, type QuayPriority } from '@hookyard/events';
import { SubscriptionRepository } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { SUBSCRIPTION_CACHE_TTL_MS } from './subscription-cache';

interface Entry {
  threshold: Promise<QuayPriority>;
  expiresAt: number;
}

/**
 * Quay's scan threshold per repository (repositoryScanThreshold): read from the priorities of
 * the repository's vulnerability_found notifications, for scan deliveries to Quay notifications
 * only, and reused like subscriptions are (SubscriptionCache); any subscription change drops them.
 */
@Injectable()
export class QuayScanThresholds {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly subscriptions: SubscriptionRepository) {}

  forRepository(namespace: string, repository: string): Promise<QuayPriority> {
    const key = `${namespace}/${repository}`;
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.threshold;
    const threshold = this.read(namespace, repository);
    this.entries.set(key, { threshold, expiresAt: now + SUBSCRIPTION_CACHE_TTL_MS });
    threshold.catch(() => this.entries.delete(key));
    return threshold;
  }

  clear(): void {
    this.entries.clear();
  }

  private async read(namespace: string, repository: string): Promise<QuayPriority> {
    return repositoryScanThreshold(
      await this.subscriptions.quayVulnerabilityPriorities(namespace, repository),
    );
  }
}
