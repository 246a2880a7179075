import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { SUBSCRIPTION_CHANGED, SubscriptionChangedMessage } from '@hookyard/queue';
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { QuayScanThresholds } from './quay-scan-thresholds';
import { SubscriptionCache } from './subscription-cache';

/** Gateway → workers: a subscription changed, so the next delivery reads it afresh. */
@Controller()
export class SubscriptionChangesController {
  constructor(
    private readonly cache: SubscriptionCache,
    private readonly quayThresholds: QuayScanThresholds,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {}

  @EventPattern(SUBSCRIPTION_CHANGED)
  changed(@Payload() message: SubscriptionChangedMessage): void {
    // Installs sharing a Redis see each other's messages; only our own prefix concerns us.
    if (message?.prefix !== this.config.redis.prefix) return;
    this.cache.evict(message.subscriptionId);
    // A Quay notification's priority lowers its repository's scan threshold.
    this.quayThresholds.clear();
  }
}
