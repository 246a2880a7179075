import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Subscription } from '@hookyard/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SubscriptionChangePublisher } from './subscription-change.publisher';

/**
 * A subscription's health (SPEC §5): a success resets the failure run; each delivery that failed
 * for good adds one; DELIVERY_DISABLE_AFTER_FAILURES in a row, or a 410 Gone, make it inactive.
 * Any API that re-enables it resets the count.
 */
@Injectable()
export class SubscriptionHealthService {
  private readonly logger = new Logger(SubscriptionHealthService.name);

  constructor(
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    @InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>,
    private readonly changes: SubscriptionChangePublisher,
  ) {}

  async succeeded(subscriptionId: string): Promise<void> {
    await this.subscriptions.update(subscriptionId, { lastSuccessfulAt: new Date(), consecutiveFailures: 0 });
  }

  /** One delivery failed after its last attempt; deactivates the subscription at the threshold. */
  async deliveryFailed(subscriptionId: string): Promise<void> {
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
      this.logger.warn(
        `subscription ${subscriptionId} deactivated after ${rows[0].consecutive_failures} failed deliveries`,
      );
      await this.changes.changed(subscriptionId);
    }
  }

  /** The receiver answered 410 Gone: it wants no more deliveries. */
  async gone(subscriptionId: string): Promise<void> {
    const result = await this.subscriptions.update(
      { id: subscriptionId, inactive: false },
      { inactive: true },
    );
    if (result.affected) {
      this.logger.warn(`subscription ${subscriptionId} deactivated: its endpoint answered 410 Gone`);
      await this.changes.changed(subscriptionId);
    }
  }
}
