import { ORDERED_DELIVERIES_APPENDED } from '@hookyard/queue';
import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { OrderedDeliveryRunner } from './ordered-delivery.runner';

/** Dispatchers → workers: deliveries of ordered subscriptions wait, so an idle runner looks now. */
@Controller()
export class OrderedDeliveriesAppendedController {
  constructor(private readonly runner: OrderedDeliveryRunner) {}

  @EventPattern(ORDERED_DELIVERIES_APPENDED)
  appended(): void {
    this.runner.wake();
  }
}
