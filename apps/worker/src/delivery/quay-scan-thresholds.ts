import { repositoryScanThreshold, type QuayPriority } from '@hookyard/events';
import { Subscription } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
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

  constructor(@InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>) {}

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
    const rows = (await this.subscriptions.query(
      `SELECT api_fields -> 'eventConfig' -> 'vulnerability' -> 'priority' AS priority
         FROM subscriptions
        WHERE api = 'quay' AND namespace = $1 AND repository = $2
          AND api_fields ->> 'event' = 'vulnerability_found'`,
      [namespace, repository],
    )) as Array<{ priority: unknown }>;
    return repositoryScanThreshold(rows.map((row) => row.priority));
  }
}
