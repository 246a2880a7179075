import type { CanonicalEvent } from '@hookyard/events';
import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { chunks, deliveryAttempts } from '@hookyard/delivery';
import {
  DELIVERIES_QUEUE,
  DeliveriesQueueJobData,
  deliveryBatchJobId,
  deliveryJobId,
  deliveryJobOptions,
} from '@hookyard/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { SubscriptionIndexService } from '../subscription-index/subscription-index.service';

@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);
  private readonly attempts: number;
  private readonly batchSize: number;

  constructor(
    @Inject(HOOKYARD_CONFIG) config: HookyardConfig,
    private readonly index: SubscriptionIndexService,
    @InjectQueue(DELIVERIES_QUEUE) private readonly deliveries: Queue<DeliveriesQueueJobData>,
  ) {
    this.attempts = deliveryAttempts(config.delivery.retryScheduleMs);
    this.batchSize = config.delivery.batchSize;
  }

  /**
   * The jobs of each event's matching subscriptions, added in one bulk call: one job per
   * (event, subscription), or batch jobs of up to DELIVERY_BATCH_SIZE subscriptions when an event
   * matches several. Job ids make a re-dispatch after a crash a no-op for jobs already queued.
   * `subscriptionsVersion`: read with the events (see CanonicalEventBatch).
   */
  async dispatch(events: CanonicalEvent[], subscriptionsVersion: string | null): Promise<number> {
    await this.index.ensureCurrent(subscriptionsVersion);
    let deliveries = 0;
    const jobs = events.flatMap((event) => {
      const subscriptionIds = this.index.match(event).map((subscription) => subscription.id);
      deliveries += subscriptionIds.length;
      return chunks(subscriptionIds, this.batchSize).map((ids) => {
        const single = ids.length === 1;
        return {
          name: event.type,
          data: single ? { event, subscriptionId: ids[0] } : { event, subscriptionIds: ids },
          opts: deliveryJobOptions(
            this.attempts,
            single ? deliveryJobId(event.id, ids[0]) : deliveryBatchJobId(event.id, ids),
          ),
        };
      });
    });
    // One job (an event with one match, the common case at low rates) goes in without addBulk's
    // MULTI: a single script call, and no ioredis pipeline to build around it.
    if (jobs.length === 1) await this.deliveries.add(jobs[0].name, jobs[0].data, jobs[0].opts);
    else if (jobs.length > 1) await this.deliveries.addBulk(jobs);
    this.logger.debug(
      { eventIds: events.map((event) => event.id), deliveries, jobs: jobs.length },
      'dispatched',
    );
    return deliveries;
  }
}
