import type { CanonicalEvent } from '@hookyard/events';
import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { deliveryAttempts } from '@hookyard/delivery';
import { DELIVERIES_QUEUE, DeliveryJobData, deliveryJobId, deliveryJobOptions } from '@hookyard/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { SubscriptionIndexService } from '../subscription-index/subscription-index.service';

@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);
  private readonly attempts: number;

  constructor(
    @Inject(HOOKYARD_CONFIG) config: HookyardConfig,
    private readonly index: SubscriptionIndexService,
    @InjectQueue(DELIVERIES_QUEUE) private readonly deliveries: Queue<DeliveryJobData>,
  ) {
    this.attempts = deliveryAttempts(config.delivery.retryScheduleMs);
  }

  /**
   * One job per (event, matching subscription), added in one bulk call. The job id makes a
   * re-dispatch after a crash a no-op for jobs already queued.
   */
  async dispatch(events: CanonicalEvent[]): Promise<number> {
    await this.index.ensureCurrent();
    const jobs = events.flatMap((event) =>
      this.index.match(event).map((subscription) => ({
        name: event.type,
        data: { event, subscriptionId: subscription.id },
        opts: deliveryJobOptions(this.attempts, deliveryJobId(event.id, subscription.id)),
      })),
    );
    if (jobs.length > 0) await this.deliveries.addBulk(jobs);
    this.logger.debug({ eventIds: events.map((event) => event.id), deliveries: jobs.length }, 'dispatched');
    return jobs.length;
  }
}
