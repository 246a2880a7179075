import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { ORDERED_DELIVERIES_APPENDED, OrderedDeliveriesAppendedMessage } from '@hookyard/queue';
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { OrderedDeliveryRunner } from './ordered-delivery.runner';

/** Dispatchers → workers: deliveries of ordered subscriptions wait, so an idle runner looks now. */
@Controller()
export class OrderedDeliveriesAppendedController {
  constructor(
    private readonly runner: OrderedDeliveryRunner,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {}

  @EventPattern(ORDERED_DELIVERIES_APPENDED)
  appended(@Payload() message: OrderedDeliveriesAppendedMessage): void {
    // Installs sharing a Redis see each other's messages; only our own prefix concerns us.
    if (message?.prefix !== this.config.redis.prefix) return;
    this.runner.wake();
  }
}
