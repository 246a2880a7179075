import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { SUBSCRIPTION_CHANGED, SubscriptionChangedMessage } from '@hookyard/queue';
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SubscriptionIndexService } from './subscription-index.service';

/** Gateway → dispatcher: a subscription changed (Redis pub/sub via @nestjs/microservices). */
@Controller()
export class SubscriptionChangesController {
  constructor(
    private readonly index: SubscriptionIndexService,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {}

  @EventPattern(SUBSCRIPTION_CHANGED)
  async changed(@Payload() message: SubscriptionChangedMessage): Promise<void> {
    // Installs sharing a Redis see each other's messages; only our own prefix concerns us.
    if (message?.prefix !== this.config.redis.prefix) return;
    await this.index.reload(message.subscriptionId, message.version);
  }
}
