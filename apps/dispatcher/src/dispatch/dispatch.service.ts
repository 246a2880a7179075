import type { CanonicalEvent } from '@hookyard/events';
import { DeliveryQueue, OrderedDelivery, OrderedSequences } from '@hookyard/queue';
import { Injectable, Logger } from '@nestjs/common';
import { SubscriptionIndexService } from '../subscription-index/subscription-index.service';

@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);

  constructor(
    private readonly index: SubscriptionIndexService,
    private readonly deliveries: DeliveryQueue,
    private readonly orderedSequences: OrderedSequences,
  ) {}

  /**
   * Queues the deliveries of each event to its matching subscriptions, in one call to the queue;
   * those of ordered subscriptions go to their sequences instead, at the event's place in the
   * stream (`streamIds`, one per event). `subscriptionsVersion`: read with the events (see
   * CanonicalEventBatch).
   */
  async dispatch(
    events: CanonicalEvent[],
    subscriptionsVersion: string | null,
    streamIds: readonly string[],
  ): Promise<number> {
    await this.index.ensureCurrent(subscriptionsVersion);
    let deliveries = 0;
    const ordered: OrderedDelivery[] = [];
    const matches = events.map((event, i) => {
      const subscriptionIds: string[] = [];
      for (const subscription of this.index.match(event)) {
        if (subscription.options?.ordered) {
          ordered.push({ event, streamId: streamIds[i], subscriptionId: subscription.id });
        } else subscriptionIds.push(subscription.id);
      }
      deliveries += subscriptionIds.length;
      return { event, subscriptionIds };
    });
    deliveries += ordered.length;
    const [jobs] = await Promise.all([
      this.deliveries.addMatched(matches),
      ordered.length > 0 ? this.orderedSequences.append(ordered) : undefined,
    ]);
    this.logger.debug({ eventIds: events.map((event) => event.id), deliveries, jobs }, 'dispatched');
    return deliveries;
  }
}
