import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import {
  batchMatches,
  DELIVERIES_QUEUE,
  DeliveriesQueueJobData,
  DeliveryFailedError,
  DeliveryJobData,
  deliveryIdFor,
  DeliveryQueue,
  isDeliveryBatch,
  jobEvent,
} from '@hookyard/queue';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { DeliveryLogWriter } from '../delivery-log/delivery-log.writer';
import { SubscriptionHealthService } from '../subscription-health/subscription-health.service';
import { DeliveryBatchService } from './delivery-batch.service';
import { DeliveryOutcomeReporter } from './delivery-outcome-report';
import { DeliveryService } from './delivery.service';
import { JobIntake } from './job-intake';
import { saturatedEndpointDelayMs } from './endpoint-limiter';

/**
 * BullMQ consumer of the deliveries queue; a thrown error schedules the next retry. It starts once
 * the config is applied, because worker options in the decorator are static.
 */
@Processor(DELIVERIES_QUEUE, { autorun: false })
export class DeliveryProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(DeliveryProcessor.name);
  private readonly intake: JobIntake<Job>;

  constructor(
    private readonly delivery: DeliveryService,
    private readonly batches: DeliveryBatchService,
    private readonly outcomes: DeliveryOutcomeReporter,
    private readonly log: DeliveryLogWriter,
    private readonly health: SubscriptionHealthService,
    private readonly deliveries: DeliveryQueue,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {
    super();
    this.intake = new JobIntake(config.delivery.concurrency);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.intake.concurrency();
    // A crashed worker's jobs are found stalled and run again after about one lock duration; a
    // live worker renews its locks at half of it. BullMQ's lock manager copied the lock options
    // when the worker was built from the decorator (30 s, renewed every 15 s), so it is built
    // again: with a shorter WORKER_LOCK_DURATION, every job outlasting it was taken for a dead
    // worker's, run twice, and failed for good on its second "stall".
    const lockDuration = this.config.delivery.lockDurationMs;
    Object.assign(this.worker.opts, {
      lockDuration,
      lockRenewTime: lockDuration / 2,
      stalledInterval: lockDuration,
    });
    (this.worker as unknown as { createLockManager(): void }).createLockManager();
    // BullMQ reads the strategy when a job fails, from the worker's settings.
    this.worker.opts.settings = {
      ...this.worker.opts.settings,
      backoffStrategy: this.deliveries.backoffStrategy,
    };
    void this.worker.run().catch((error: Error) => this.logger.error(`worker stopped: ${error.message}`));
  }

  /** SIGTERM: stop taking jobs, let in-flight deliveries finish (bounded by DELIVERY_TIMEOUT), then write their log. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
    await Promise.all([this.log.flush(), this.health.flushSuccesses()]);
  }

  async process(job: Job<DeliveriesQueueJobData>, token?: string): Promise<string> {
    this.worker.concurrency = this.intake.started(job, jobDeliveries(job.data));
    let delayed = false;
    try {
      if (isDeliveryBatch(job.data)) return await this.batches.deliver(job.data, job.id!);
      return await this.processOne(job as Job<DeliveryJobData>, token);
    } catch (error) {
      delayed = error instanceof DelayedError;
      throw error;
    } finally {
      this.intake.ended(job, !delayed);
      // The job leaves Redis (or is rescheduled) once this returns: its log rows are written
      // first, or a worker killed in between loses them while the receiver has the delivery.
      // Concurrent jobs share a write (the writer's group commit).
      await this.log.flush();
    }
  }

  private async processOne(job: Job<DeliveryJobData>, token?: string): Promise<string> {
    const deliveryId = deliveryIdFor(job.id!);
    const { event, subscriptionId, attemptsBefore = 0 } = job.data;
    const attempt = attemptsBefore + job.attemptsMade + 1;
    const outcome = await this.delivery.deliver(job.data, {
      deliveryId,
      number: attempt,
      last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
    this.outcomes.report(
      { eventId: event.id, deliveryId, jobId: job.id!, subscriptionId, attempt },
      event,
      outcome,
    );
    switch (outcome.kind) {
      case 'busy':
        await job.moveToDelayed(Date.now() + (outcome.delayMs ?? saturatedEndpointDelayMs()), token);
        throw new DelayedError();
      case 'failed':
        throw new DeliveryFailedError(outcome.reason, outcome.retryAfterMs);
      case 'rejected':
        throw new UnrecoverableError(outcome.reason);
      default:
        return outcome.kind;
    }
  }

  /** A job whose worker died (or froze past its lock) goes back to the queue to run again. */
  @OnWorkerEvent('stalled')
  onStalled(jobId: string): void {
    this.logger.warn(
      { jobId },
      'delivery job stalled (its worker died or stopped renewing the lock); it runs again',
    );
  }

  /** BullMQ moved the job (see JobIntake); the loop's concurrency follows. */
  @OnWorkerEvent('completed')
  onCompleted(job: Job<DeliveriesQueueJobData>): void {
    this.worker.concurrency = this.intake.moved(job);
  }

  /** Failures other than a recorded attempt outcome, e.g. PostgreSQL down while delivering. */
  @OnWorkerEvent('failed')
  onFailed(job: Job<DeliveriesQueueJobData> | undefined, error: Error): void {
    this.worker.concurrency = this.intake.moved(job);
    if (error instanceof DeliveryFailedError || error instanceof UnrecoverableError) return;
    this.logger.error(
      { eventId: job && jobEvent(job.data).id, jobId: job?.id, error: error.message },
      'delivery job failed',
    );
  }
}

/** The deliveries a job holds: a batch's matched subscriptions, else one. */
function jobDeliveries(data: DeliveriesQueueJobData): number {
  if (!isDeliveryBatch(data)) return 1;
  let deliveries = 0;
  for (const { subscriptionIds } of batchMatches(data)) deliveries += subscriptionIds.length;
  return deliveries;
}
