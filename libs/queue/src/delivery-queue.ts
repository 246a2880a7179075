import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { BackoffStrategy, JobsOptions, Queue } from 'bullmq';
import {
  DeliveriesQueueJobData,
  deliveryBatchJobId,
  DeliveryJobData,
  deliveryJobId,
  isDeliveryBatch,
  MatchedEvent,
} from './delivery-job';
import { DELIVERIES_QUEUE } from './names';
import { deliveryAttempts, retryDelayMs } from './retry-policy';

/** Name of the BullMQ backoff strategy of delivery jobs (`DeliveryQueue.backoffStrategy`). */
const DELIVERY_BACKOFF = 'delivery-schedule';

/** A delivery of a batch that goes on as its own job, after `delayMs`. */
export interface ContinuedDelivery {
  job: DeliveryJobData;
  delayMs: number;
}

/** A failed attempt, thrown by a job so BullMQ retries it; `retryAfterMs` carries a 429/503 Retry-After. */
export class DeliveryFailedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * The producer of the deliveries queue, whoever queues (dispatcher, worker, gateway): job ids,
 * attempts, retry delays and job options of every delivery are decided here.
 */
@Injectable()
export class DeliveryQueue {
  /** Attempts of a delivery: the first plus one per step of DELIVERY_RETRY_SCHEDULE. */
  readonly attempts: number;
  private readonly retryScheduleMs: readonly number[];
  private readonly batchSize: number;

  constructor(
    @InjectQueue(DELIVERIES_QUEUE) private readonly queue: Queue<DeliveriesQueueJobData>,
    @Inject(HOOKYARD_CONFIG) config: HookyardConfig,
  ) {
    this.retryScheduleMs = config.delivery.retryScheduleMs;
    this.attempts = deliveryAttempts(this.retryScheduleMs);
    this.batchSize = config.delivery.batchSize;
  }

  /**
   * The first attempts of each event's matching subscriptions, added in one call: the deliveries
   * of all the events, in order, in batch jobs of up to DELIVERY_BATCH_SIZE (a fan-out's
   * subscriptions, or many events read together with one subscription each), and a job of its own
   * for a delivery alone. Job ids make a re-dispatch after a crash a no-op for jobs already queued.
   * Returns the number of jobs.
   */
  async addMatched(matches: readonly MatchedEvent[]): Promise<number> {
    const jobs = inBatches(matches, this.batchSize).map((batch) => {
      const [{ event, subscriptionIds }] = batch;
      return batch.length === 1 && subscriptionIds.length === 1
        ? {
            name: event.type,
            data: { event, subscriptionId: subscriptionIds[0] },
            opts: this.options(this.attempts, deliveryJobId(event.id, subscriptionIds[0])),
          }
        : {
            name: event.type,
            data: { matches: batch },
            opts: this.options(this.attempts, deliveryBatchJobId(batch)),
          };
    });
    // One job (an event with one match, the common case at low rates) goes in without addBulk's
    // MULTI: a single script call, and no ioredis pipeline to build around it.
    if (jobs.length === 1) await this.queue.add(jobs[0].name, jobs[0].data, jobs[0].opts);
    else if (jobs.length > 1) await this.queue.addBulk(jobs);
    return jobs.length;
  }

  /**
   * One delivery of `event` to a subscription with the full retry schedule: a test notification,
   * or, under a `jobId` of its own, a manual redelivery.
   */
  async add(
    event: CanonicalEvent,
    subscriptionId: string,
    jobId = deliveryJobId(event.id, subscriptionId),
  ): Promise<void> {
    await this.queue.add(event.type, { event, subscriptionId }, this.options(this.attempts, jobId));
  }

  /**
   * Deliveries sent again with the full retry schedule, each under its own `jobId` (redeliveryOf),
   * in one call: a recovery's chunk.
   */
  async addRedeliveries(
    redeliveries: ReadonlyArray<{ event: CanonicalEvent; subscriptionId: string; jobId: string }>,
  ): Promise<void> {
    if (redeliveries.length === 0) return;
    await this.queue.addBulk(
      redeliveries.map(({ event, subscriptionId, jobId }) => ({
        name: event.type,
        data: { event, subscriptionId },
        opts: this.options(this.attempts, jobId),
      })),
    );
  }

  /** Deliveries of a batch job that go on as their own jobs, with the attempts they have left. */
  async addContinued(deliveries: readonly ContinuedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.queue.addBulk(
      deliveries.map(({ job, delayMs }) => ({
        name: job.event.type,
        data: job,
        opts: {
          ...this.options(
            this.attempts - (job.attemptsBefore ?? 0),
            deliveryJobId(job.event.id, job.subscriptionId),
          ),
          delay: delayMs,
        },
      })),
    );
  }

  /**
   * The delay before the next attempt of a job's delivery once the job made `attemptsMade`
   * attempts, counting those a batch made before it; for single jobs (BullMQ's backoff) and batch
   * members alike.
   */
  retryDelayMs(
    data: DeliveriesQueueJobData | undefined,
    attemptsMade: number,
    retryAfterMs?: number,
  ): number {
    const attemptsBefore = data && !isDeliveryBatch(data) ? (data.attemptsBefore ?? 0) : 0;
    return retryDelayMs(attemptsBefore + attemptsMade, this.retryScheduleMs, retryAfterMs);
  }

  /** The worker's BullMQ backoff strategy for the jobs added here. */
  readonly backoffStrategy: BackoffStrategy = (attemptsMade, type, error, job) =>
    type === DELIVERY_BACKOFF
      ? this.retryDelayMs(job?.data, attemptsMade, (error as DeliveryFailedError | undefined)?.retryAfterMs)
      : 0;

  /** Retried per the schedule; finished jobs leave Redis (the log is in PostgreSQL). */
  private options(attempts: number, jobId: string): JobsOptions {
    return {
      jobId,
      attempts,
      backoff: { type: DELIVERY_BACKOFF },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }
}

/** The deliveries of `matches`, in order, as batches of `size` deliveries (the last one may be smaller). */
function inBatches(matches: readonly MatchedEvent[], size: number): MatchedEvent[][] {
  const batches: MatchedEvent[][] = [];
  let batch: MatchedEvent[] = [];
  let room = size;
  for (const { event, subscriptionIds } of matches) {
    for (let from = 0; from < subscriptionIds.length;) {
      const taken = subscriptionIds.slice(from, from + room);
      batch.push({ event, subscriptionIds: taken });
      from += taken.length;
      room -= taken.length;
      if (room === 0) {
        batches.push(batch);
        batch = [];
        room = size;
      }
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
