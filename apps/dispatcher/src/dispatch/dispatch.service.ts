import type { CanonicalEvent } from '@hookyard/events';
import { DeliveryQueue } from '@hookyard/queue';
import { Injectable, Logger } from '@nestjs/common';
import { SubscriptionIndexService } from '../subscription-index/subscription-index.service';

@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);

  constructor(
    private readonly index: SubscriptionIndexService,
    private readonly deliveries: DeliveryQueue,
  ) {}

  /**
   * Queues the deliveries of each event to its matching subscriptions, in one call to the queue.
   * `subscriptionsVersion`: read with the events (see CanonicalEventBatch).
   */
  async dispatch(events: CanonicalEvent[], subscriptionsVersion: string | null): Promise<number> {
    await this.index.ensureCurrent(subscriptionsVersion);
    let deliveries = 0;
    const matches = events.map((event) => {
      const subscriptionIds = this.index.match(event).map((subscription) => subscription.id);
      deliveries += subscriptionIds.length;
      return { event, subscriptionIds };
    });
    const jobs = await this.deliveries.addMatched(matches);
    this.logger.debug({ eventIds: events.map((event) => event.id), deliveries, jobs }, 'dispatched');
    return deliveries;
  }
}
