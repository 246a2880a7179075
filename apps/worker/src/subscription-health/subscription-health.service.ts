import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { subscriptionsDisabled } from '@hookyard/observability';
import { Subscription } from '@hookyard/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SubscriptionChangePublisher } from '@hookyard/queue';

/** lastSuccessfulAt is kept to about this precision. */
const SUCCESS_WRITE_INTERVAL_MS = 1000;

/**
 * A subscription's health (SPEC §5): a success resets the failure run; each delivery that failed
 * for good adds one; DELIVERY_DISABLE_AFTER_FAILURES in a row, or a 410 Gone, make it inactive.
 * Any API that re-enables it resets the count.
 */
@Injectable()
export class SubscriptionHealthService {
  private readonly logger = new Logger(SubscriptionHealthService.name);
  /** Per subscription, when this worker last wrote lastSuccessfulAt. */
  private readonly successWrittenAt = new Map<string, number>();

  constructor(
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    @InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>,
    private readonly changes: SubscriptionChangePublisher,
  ) {}

  /**
   * The benchmark showed one UPDATE per delivery (a fan-out rewrites the same row for every job).
   * A success is written at most once per SUCCESS_WRITE_INTERVAL_MS per subscription, and at once
   * after a failure this worker recorded, so the failure run resets.
   */
  async succeeded(subscriptionId: string): Promise<void> {
    const now = Date.now();
    if (now - (this.successWrittenAt.get(subscriptionId) ?? 0) < SUCCESS_WRITE_INTERVAL_MS) return;
    this.successWrittenAt.set(subscriptionId, now);
    if (this.successWrittenAt.size > 10_000) this.successWrittenAt.clear();
    await this.subscriptions.update(subscriptionId, {
      lastSuccessfulAt: new Date(now),
      consecutiveFailures: 0,
    });
  }

  /** One delivery failed after its last attempt; deactivates the subscription at the threshold. */
  async deliveryFailed(subscriptionId: string): Promise<void> {
    this.successWrittenAt.delete(subscriptionId);
    // One statement, so concurrent workers count every failure and only one of them deactivates.
    const [rows] = (await this.subscriptions.query(
      `UPDATE subscriptions
         SET consecutive_failures = consecutive_failures + 1,
             inactive = inactive OR consecutive_failures + 1 >= $2
       WHERE id = $1
       RETURNING inactive, consecutive_failures, (consecutive_failures = $2) AS just_disabled`,
      [subscriptionId, this.config.delivery.disableAfterFailures],
    )) as [Array<{ inactive: boolean; consecutive_failures: number; just_disabled: boolean }>, number];
    if (rows[0]?.just_disabled) {
      subscriptionsDisabled.inc({ reason: 'failures' });
      this.logger.warn(
        `subscription ${subscriptionId} deactivated after ${rows[0].consecutive_failures} failed deliveries`,
      );
      await this.changes.changed(subscriptionId);
    }
  }

  /** The receiver answered 410 Gone: it wants no more deliveries. */
  async gone(subscriptionId: string): Promise<void> {
    this.successWrittenAt.delete(subscriptionId);
    const result = await this.subscriptions.update(
      { id: subscriptionId, inactive: false },
      { inactive: true },
    );
    if (result.affected) {
      subscriptionsDisabled.inc({ reason: 'gone' });
      this.logger.warn(`subscription ${subscriptionId} deactivated: its endpoint answered 410 Gone`);
      await this.changes.changed(subscriptionId);
    }
  }
}
