import { SUBSCRIPTION_CHANGED, SubscriptionChangedMessage } from '@hookyard/queue';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { QuayScanThresholds } from './quay-scan-thresholds';
import { SubscriptionCache } from './subscription-cache';

/** Gateway → workers: a subscription changed, so the next delivery reads it afresh. */
@Controller()
export class SubscriptionChangesController {
  constructor(
    private readonly cache: SubscriptionCache,
    private readonly quayThresholds: QuayScanThresholds,
  ) {}

  @EventPattern(SUBSCRIPTION_CHANGED)
  changed(@Payload() message: SubscriptionChangedMessage): void {
    this.cache.evict(message.subscriptionId);
    // A Quay notification's priority lowers its repository's scan threshold.
    this.quayThresholds.clear();
  }
}
