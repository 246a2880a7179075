import { SUBSCRIPTION_CHANGED, SubscriptionChangedMessage } from '@hookyard/queue';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SubscriptionIndexService } from './subscription-index.service';

/** Gateway → dispatcher: a subscription changed (Redis pub/sub via @nestjs/microservices). */
@Controller()
export class SubscriptionChangesController {
  constructor(private readonly index: SubscriptionIndexService) {}

  @EventPattern(SUBSCRIPTION_CHANGED)
  async changed(@Payload() message: SubscriptionChangedMessage): Promise<void> {
    await this.index.reload(message.subscriptionId, message.version);
  }
}
