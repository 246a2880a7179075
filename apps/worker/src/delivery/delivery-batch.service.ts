import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { deliveryAttempts, retryDelayMs } from '@hookyard/delivery';
import {
  DELIVERIES_QUEUE,
  DeliveriesQueueJobData,
  DeliveryBatchJobData,
  DeliveryJobData,
  deliveryIdFor,
  deliveryJobId,
  deliveryJobOptions,
} from '@hookyard/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DeliveryOutcomeReporter } from './delivery-outcome-report';
import { DeliveryOutcome, DeliveryService } from './delivery.service';
import { saturatedEndpointDelayMs } from './endpoint-limiter';

/** A delivery of the batch that goes on as its own job. */
interface FollowUp {
  data: DeliveryJobData;
  attempts: number;
  delayMs: number;
}

/**
 * Runs the first attempts of a batch job's deliveries concurrently, each logged under the delivery
 * id its own job would have, and queues what goes on as single jobs: retries of failed attempts
 * (attempt 2 onwards, per the retry policy) and deliveries whose endpoint was saturated.
 */
@Injectable()
export class DeliveryBatchService {
  private readonly logger = new Logger(DeliveryBatchService.name);
  private readonly attempts: number;

  constructor(
    private readonly delivery: DeliveryService,
    private readonly outcomes: DeliveryOutcomeReporter,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    @InjectQueue(DELIVERIES_QUEUE) private readonly queue: Queue<DeliveriesQueueJobData>,
  ) {
    this.attempts = deliveryAttempts(config.delivery.retryScheduleMs);
  }

  /** Resolves once every delivery was attempted or handed on; a summary for the job's return value. */
  async deliver(batch: DeliveryBatchJobData, batchJobId: string): Promise<string> {
    // Members take slots one after another, so a batch queued behind others waits as one waiter,
    // not as one pending delivery per member (in a fan-out, thousands of them kept alive for GC).
    const outcomes: Array<Promise<FollowUp | undefined>> = [];
    for (const subscriptionId of batch.subscriptionIds) {
      const release = await this.delivery.slot();
      outcomes.push(this.deliverOne(batch, subscriptionId, batchJobId, release));
    }
    const followUps = (await Promise.all(outcomes)).filter(
      (followUp): followUp is FollowUp => followUp !== undefined,
    );
    if (followUps.length > 0) {
      await this.queue.addBulk(
        followUps.map(({ data, attempts, delayMs }) => ({
          name: data.event.type,
          data,
          opts: {
            ...deliveryJobOptions(attempts, deliveryJobId(data.event.id, data.subscriptionId)),
            delay: delayMs,
          },
        })),
      );
    }
    return `${batch.subscriptionIds.length - followUps.length} done, ${followUps.length} queued on`;
  }

  private async deliverOne(
    batch: DeliveryBatchJobData,
    subscriptionId: string,
    batchJobId: string,
    release: () => void,
  ): Promise<FollowUp | undefined> {
    const { event } = batch;
    const job: DeliveryJobData = { event, subscriptionId };
    const deliveryId = deliveryIdFor(deliveryJobId(event.id, subscriptionId));
    const ids = { eventId: event.id, deliveryId, jobId: batchJobId, subscriptionId, attempt: 1 };
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.delivery.deliverInSlot(
        job,
        { deliveryId, number: 1, last: this.attempts === 1 },
        release,
      );
    } catch (error) {
      // Not an attempt outcome (e.g. PostgreSQL unreachable): this delivery starts over on its own.
      this.logger.error({ ...ids, error: (error as Error).message }, 'delivery job failed');
      return {
        data: job,
        attempts: this.attempts,
        delayMs: retryDelayMs(1, this.config.delivery.retryScheduleMs),
      };
    }
    this.outcomes.report(ids, event, outcome);
    if (outcome.kind === 'busy')
      return { data: job, attempts: this.attempts, delayMs: saturatedEndpointDelayMs() };
    if (outcome.kind !== 'failed' || this.attempts === 1) return undefined;
    return {
      data: { ...job, attemptsBefore: 1 },
      attempts: this.attempts - 1,
      delayMs: retryDelayMs(1, this.config.delivery.retryScheduleMs, outcome.retryAfterMs),
    };
  }
}
