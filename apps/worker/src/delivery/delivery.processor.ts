import { HOOKYARD_CONFIG, HookyardConfig, loadConfig } from '@hookyard/config';
import { retryDelayMs } from '@hookyard/delivery';
import { DELIVERIES_QUEUE, DELIVERY_BACKOFF, DeliveryJobData } from '@hookyard/queue';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
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

/** Worker options are static decorator arguments, so the schedule is read from the config when used. */
function scheduleBackoff(attemptsMade: number, type?: string, error?: Error): number {
  if (type !== DELIVERY_BACKOFF) return 0;
  return retryDelayMs(
    attemptsMade,
    loadConfig().delivery.retryScheduleMs,
    (error as DeliveryFailedError)?.retryAfterMs,
  );
}

/** BullMQ consumer of the deliveries queue; a thrown error schedules the next retry. */
@Processor(DELIVERIES_QUEUE, { settings: { backoffStrategy: scheduleBackoff }, autorun: true })
export class DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(
    private readonly delivery: DeliveryService,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.delivery.concurrency;
  }

  async process(job: Job<DeliveryJobData>): Promise<string> {
    const outcome = await this.delivery.deliver(job.data);
    if (outcome.kind === 'failed') {
      const reason = outcome.response
        ? `HTTP ${outcome.response.status}`
        : (outcome.error?.message ?? 'failed');
      throw new DeliveryFailedError(reason);
    }
    return outcome.kind;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<DeliveryJobData> | undefined, error: Error): void {
    this.logger.warn(`delivery ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`);
  }
}
