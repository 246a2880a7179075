import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { SUBSCRIPTION_CHANGED, SubscriptionChangedMessage } from '@hookyard/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

export const SUBSCRIPTION_EVENTS_CLIENT = Symbol('SUBSCRIPTION_EVENTS_CLIENT');

/** Tells dispatchers the worker deactivated a subscription, so they stop matching it. */
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
      // Committed anyway: the worker skips deliveries of inactive subscriptions, and dispatchers reload periodically.
      this.logger.warn(`could not publish change of ${subscriptionId}: ${(error as Error).message}`);
    }
  }
}
