import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { acceptedAtMs, type CanonicalEvent } from '@hookyard/events';
import { deliveriesCounter, deliveryLatency, deliveryRequestDuration } from '@hookyard/observability';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DeliveryOutcome } from './delivery.service';

/** The ids that tie a log line to its event, queue job and logged delivery. */
export interface DeliveryLogIds {
  eventId: string;
  deliveryId: string;
  jobId: string;
  subscriptionId: string;
  attempt: number;
}

/** Metric children bound once: looking labels up per delivery showed in the fan-out profile. */
const counted = {
  delivered: deliveriesCounter.labels('delivered'),
  failed: deliveriesCounter.labels('failed'),
  rejected: deliveriesCounter.labels('rejected'),
  skipped: deliveriesCounter.labels('skipped'),
};
const requestDuration = {
  delivered: deliveryRequestDuration.labels('delivered'),
  failed: deliveryRequestDuration.labels('failed'),
};

/** Metrics and a log line for one attempt's outcome; the same for single and batch jobs. */
@Injectable()
export class DeliveryOutcomeReporter {
  private readonly logger = new Logger('Delivery');
  /** Successes are logged at debug; the line is not even built otherwise. */
  private readonly debug: boolean;

  constructor(@Inject(HOOKYARD_CONFIG) config: HookyardConfig) {
    this.debug = config.log.level === 'debug' || config.log.level === 'trace';
  }

  report(ids: DeliveryLogIds, event: CanonicalEvent, outcome: DeliveryOutcome): void {
    if (outcome.kind === 'busy') return;
    counted[outcome.kind].inc();
    switch (outcome.kind) {
      case 'skipped':
        this.logger.log({ ...ids, reason: outcome.reason }, 'delivery skipped');
        return;
      case 'delivered': {
        const { status, durationMs } = outcome.response;
        requestDuration.delivered.observe(durationMs / 1000);
        const acceptedAt = acceptedAtMs(event);
        if (!Number.isNaN(acceptedAt)) deliveryLatency.observe((Date.now() - acceptedAt) / 1000);
        if (this.debug) this.logger.debug({ ...ids, status, durationMs }, 'delivered');
        return;
      }
      case 'failed':
        requestDuration.failed.observe(outcome.durationMs / 1000);
        this.logger.warn(
          { ...ids, status: outcome.status, error: outcome.reason },
          'delivery attempt failed',
        );
        return;
      case 'rejected':
        this.logger.warn({ ...ids, error: outcome.reason }, 'delivery rejected');
    }
  }
}
