import { HOOKYARD_CONFIG, HookyardConfig, loadConfig } from '@hookyard/config';
import { retryDelayMs } from '@hookyard/delivery';
import { deliveriesCounter, deliveryLatency, deliveryRequestDuration } from '@hookyard/observability';
import { DELIVERIES_QUEUE, DELIVERY_BACKOFF, DeliveryJobData, deliveryIdFor } from '@hookyard/queue';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { DeliveryLogWriter } from '../delivery-log/delivery-log.writer';
import { DeliveryOutcome, DeliveryService } from './delivery.service';

/** A failed attempt; `retryAfterMs` carries a 429/503 Retry-After to the backoff strategy. */
export class DeliveryFailedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** How long a job waits when its endpoint is saturated in this worker, plus jitter. */
const BUSY_DELAY_MS = 250;

/** Worker options are static decorator arguments, so the schedule is read from the config when used. */
function scheduleBackoff(attemptsMade: number, type?: string, error?: Error): number {
  if (type !== DELIVERY_BACKOFF) return 0;
  return retryDelayMs(
    attemptsMade,
    loadConfig().delivery.retryScheduleMs,
    (error as DeliveryFailedError)?.retryAfterMs,
  );
}

/**
 * BullMQ consumer of the deliveries queue; a thrown error schedules the next retry. It starts once
 * the config is applied, because worker options in the decorator are static.
 */
@Processor(DELIVERIES_QUEUE, { settings: { backoffStrategy: scheduleBackoff }, autorun: false })
export class DeliveryProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(
    private readonly delivery: DeliveryService,
    private readonly log: DeliveryLogWriter,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.delivery.concurrency;
    // A crashed worker's jobs are found stalled and run again after about one lock duration.
    this.worker.opts.lockDuration = this.config.delivery.lockDurationMs;
    this.worker.opts.stalledInterval = this.config.delivery.lockDurationMs;
    void this.worker.run().catch((error: Error) => this.logger.error(`worker stopped: ${error.message}`));
  }

  /** SIGTERM: stop taking jobs, let in-flight deliveries finish (bounded by DELIVERY_TIMEOUT), then write their log. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
    await this.log.flush();
  }

  async process(job: Job<DeliveryJobData>, token?: string): Promise<string> {
    const deliveryId = deliveryIdFor(job.id!);
    const outcome = await this.delivery.deliver(job.data, {
      deliveryId,
      number: job.attemptsMade + 1,
      last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
    this.record(job, deliveryId, outcome);
    switch (outcome.kind) {
      case 'busy':
        await job.moveToDelayed(
          Date.now() + BUSY_DELAY_MS + Math.round(Math.random() * BUSY_DELAY_MS),
          token,
        );
        throw new DelayedError();
      case 'failed':
        throw new DeliveryFailedError(outcome.reason, outcome.retryAfterMs);
      case 'rejected':
        throw new UnrecoverableError(outcome.reason);
      default:
        return outcome.kind;
    }
  }

  /** Metrics, and a log line carrying the ids that tie it to the event and the logged delivery. */
  private record(job: Job<DeliveryJobData>, deliveryId: string, outcome: DeliveryOutcome): void {
    if (outcome.kind === 'busy') return;
    const { event, subscriptionId } = job.data;
    const ids = {
      eventId: event.id,
      deliveryId,
      jobId: job.id,
      subscriptionId,
      attempt: job.attemptsMade + 1,
    };
    deliveriesCounter.inc({ outcome: outcome.kind });
    switch (outcome.kind) {
      case 'skipped':
        this.logger.log({ ...ids, reason: outcome.reason }, 'delivery skipped');
        return;
      case 'delivered': {
        const { status, durationMs } = outcome.response;
        deliveryRequestDuration.observe({ outcome: outcome.kind }, durationMs / 1000);
        if (event.acceptedAt) deliveryLatency.observe((Date.now() - Date.parse(event.acceptedAt)) / 1000);
        this.logger.debug({ ...ids, status, durationMs }, 'delivered');
        return;
      }
      case 'failed':
        deliveryRequestDuration.observe({ outcome: outcome.kind }, outcome.durationMs / 1000);
        this.logger.warn(
          { ...ids, status: outcome.status, error: outcome.reason },
          'delivery attempt failed',
        );
        return;
      case 'rejected':
        this.logger.warn({ ...ids, error: outcome.reason }, 'delivery rejected');
    }
  }

  /** Failures other than a recorded attempt outcome, e.g. PostgreSQL down while delivering. */
  @OnWorkerEvent('failed')
  onFailed(job: Job<DeliveryJobData> | undefined, error: Error): void {
    if (error instanceof DeliveryFailedError || error instanceof UnrecoverableError) return;
    this.logger.error(
      { eventId: job?.data.event.id, jobId: job?.id, error: error.message },
      'delivery job failed',
    );
  }
}
