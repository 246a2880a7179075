import { HOOKYARD_CONFIG, HookyardConfig, loadConfig } from '@hookyard/config';
import { retryDelayMs } from '@hookyard/delivery';
import { DELIVERIES_QUEUE, DELIVERY_BACKOFF, DeliveryJobData, deliveryIdFor } from '@hookyard/queue';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { DeliveryLogWriter } from '../delivery-log/delivery-log.writer';
import { DeliveryService } from './delivery.service';

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
    const outcome = await this.delivery.deliver(job.data, {
      deliveryId: deliveryIdFor(job.id!),
      number: job.attemptsMade + 1,
      last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
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

  @OnWorkerEvent('failed')
  onFailed(job: Job<DeliveryJobData> | undefined, error: Error): void {
    this.logger.warn(`delivery ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`);
  }
}
