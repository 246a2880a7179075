import { HOOKYARD_CONFIG, HookyardConfig, loadConfig } from '@hookyard/config';
import { retryDelayMs } from '@hookyard/delivery';
import { deliveriesCounter, deliveryLatency, deliveryRequestDuration } from '@hookyard/observability';
import { DELIVERIES_QUEUE, DELIVERY_BACKOFF, DeliveryJobData } from '@hookyard/queue';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
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
    this.record(job, outcome);
    if (outcome.kind === 'failed') {
      const reason = outcome.response
        ? `HTTP ${outcome.response.status}`
        : (outcome.error?.message ?? 'failed');
      throw new DeliveryFailedError(reason);
    }
    return outcome.kind;
  }

  /** Metrics and a log line carrying the ids that tie it to the event and the delivery. */
  private record(job: Job<DeliveryJobData>, outcome: DeliveryOutcome): void {
    const { event, subscriptionId } = job.data;
    const ids = { eventId: event.id, deliveryId: job.id, subscriptionId, attempt: job.attemptsMade + 1 };
    deliveriesCounter.inc({ outcome: outcome.kind });
    if (outcome.kind === 'skipped') {
      this.logger.log({ ...ids, reason: outcome.reason }, 'delivery skipped');
      return;
    }
    if (outcome.kind === 'delivered') {
      const { status, durationMs } = outcome.response;
      deliveryRequestDuration.observe({ outcome: outcome.kind }, durationMs / 1000);
      if (event.acceptedAt) deliveryLatency.observe((Date.now() - Date.parse(event.acceptedAt)) / 1000);
      this.logger.debug({ ...ids, status, durationMs }, 'delivered');
      return;
    }
    const durationMs = outcome.response?.durationMs ?? outcome.error?.durationMs ?? 0;
    deliveryRequestDuration.observe({ outcome: outcome.kind }, durationMs / 1000);
    const { status } = outcome.response ?? {};
    this.logger.warn(
      { ...ids, status, error: outcome.error?.message, durationMs },
      'delivery attempt failed',
    );
  }

  /** Failures other than a failed attempt (already logged by record), e.g. PostgreSQL down. */
  @OnWorkerEvent('failed')
  onFailed(job: Job<DeliveryJobData> | undefined, error: Error): void {
    if (error instanceof DeliveryFailedError) return;
    const ids = { eventId: job?.data.event.id, deliveryId: job?.id, attempt: job?.attemptsMade };
    this.logger.error({ ...ids, error: error.message }, 'delivery job failed');
  }
}
