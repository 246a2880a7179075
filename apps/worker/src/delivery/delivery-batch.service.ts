import type { CanonicalEvent } from '@hookyard/events';
import {
  batchMatches,
  ContinuedDelivery,
  DeliveryBatchJobData,
  DeliveryJobData,
  deliveryIdFor,
  deliveryJobId,
  DeliveryQueue,
  SingleEventBatchJobData,
} from '@hookyard/queue';
import { Injectable, Logger } from '@nestjs/common';
import { DeliveryOutcomeReporter } from './delivery-outcome-report';
import { DeliveryOutcome, DeliveryService } from './delivery.service';
import { saturatedEndpointDelayMs } from './endpoint-limiter';

/**
 * Runs the first attempts of a batch job's deliveries concurrently, each logged under the delivery
 * id its own job would have, and queues what goes on as single jobs: retries of failed attempts
 * (attempt 2 onwards, per the retry policy) and deliveries whose endpoint was saturated.
 */
@Injectable()
export class DeliveryBatchService {
  private readonly logger = new Logger(DeliveryBatchService.name);

  constructor(
    private readonly delivery: DeliveryService,
    private readonly outcomes: DeliveryOutcomeReporter,
    private readonly deliveries: DeliveryQueue,
  ) {}

  /** Resolves once every delivery was attempted or handed on; a summary for the job's return value. */
  async deliver(batch: DeliveryBatchJobData | SingleEventBatchJobData, batchJobId: string): Promise<string> {
    // Members take slots one after another, so a batch queued behind others waits as one waiter,
    // not as one pending delivery per member (in a fan-out, thousands of them kept alive for GC).
    const outcomes: Array<Promise<ContinuedDelivery | undefined>> = [];
    for (const { event, subscriptionIds } of batchMatches(batch)) {
      for (const subscriptionId of subscriptionIds) {
        const slot = this.delivery.slot();
        const release = typeof slot === 'function' ? slot : await slot;
        outcomes.push(this.deliverOne(event, subscriptionId, batchJobId, release));
      }
    }
    const continued = (await Promise.all(outcomes)).filter(
      (delivery): delivery is ContinuedDelivery => delivery !== undefined,
    );
    await this.deliveries.addContinued(continued);
    return `${outcomes.length - continued.length} done, ${continued.length} queued on`;
  }

  private async deliverOne(
    event: CanonicalEvent,
    subscriptionId: string,
    batchJobId: string,
    release: () => void,
  ): Promise<ContinuedDelivery | undefined> {
    const job: DeliveryJobData = { event, subscriptionId };
    const deliveryId = deliveryIdFor(deliveryJobId(event.id, subscriptionId));
    const ids = { eventId: event.id, deliveryId, jobId: batchJobId, subscriptionId, attempt: 1 };
    const { attempts } = this.deliveries;
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.delivery.deliverInSlot(
        job,
        { deliveryId, number: 1, last: attempts === 1 },
        release,
      );
    } catch (error) {
      // Not an attempt outcome (e.g. PostgreSQL unreachable): this delivery starts over on its own.
      this.logger.error({ ...ids, error: (error as Error).message }, 'delivery job failed');
      return { job, delayMs: this.deliveries.retryDelayMs(job, 1) };
    }
    this.outcomes.report(ids, event, outcome);
    if (outcome.kind === 'busy') return { job, delayMs: outcome.delayMs ?? saturatedEndpointDelayMs() };
    if (outcome.kind !== 'failed' || attempts === 1) return undefined;
    return {
      job: { ...job, attemptsBefore: 1 },
      delayMs: this.deliveries.retryDelayMs(job, 1, outcome.retryAfterMs),
    };
  }
}
