import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { SUBSCRIPTION_CHANGED, SubscriptionChangedMessage } from '@hookyard/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

export const SUBSCRIPTION_EVENTS_CLIENT = Symbol('SUBSCRIPTION_EVENTS_CLIENT');

/** Tells dispatchers a subscription changed so their in-memory index stays fresh. */
@Injectable()
export class SubscriptionChangePublisher {
  private readonly logger = new Logger(SubscriptionChangePublisher.name);

  constructor(
    @Inject(SUBSCRIPTION_EVENTS_CLIENT) private readonly client: ClientProxy,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {}

  async changed(subscriptionId: string): Promise<void> {
    const message: SubscriptionChangedMessage = { prefix: this.config.redis.prefix, subscriptionId };
    try {
      await lastValueFrom(this.client.emit(SUBSCRIPTION_CHANGED, message), { defaultValue: undefined });
    } catch (error) {
      // The change is committed; dispatchers also reload their index periodically.
      this.logger.warn(`could not publish change of ${subscriptionId}: ${(error as Error).message}`);
    }
  }
}
