import type { CanonicalEvent } from '@hookyard/events';
import { deliveriesCounter, deliveryLatency, deliveryRequestDuration } from '@hookyard/observability';
import type { Logger } from '@nestjs/common';
import type { DeliveryOutcome } from './delivery.service';

/** The ids that tie a log line to its event, queue job and logged delivery. */
export interface DeliveryLogIds {
  eventId: string;
  deliveryId: string;
  jobId: string;
  subscriptionId: string;
  attempt: number;
}

/** Metrics and a log line for one attempt's outcome; the same for single and batch jobs. */
export function reportOutcome(
  logger: Logger,
  ids: DeliveryLogIds,
  event: CanonicalEvent,
  outcome: DeliveryOutcome,
): void {
  if (outcome.kind === 'busy') return;
  deliveriesCounter.inc({ outcome: outcome.kind });
  switch (outcome.kind) {
    case 'skipped':
      logger.log({ ...ids, reason: outcome.reason }, 'delivery skipped');
      return;
    case 'delivered': {
      const { status, durationMs } = outcome.response;
      deliveryRequestDuration.observe({ outcome: outcome.kind }, durationMs / 1000);
      if (event.acceptedAt) deliveryLatency.observe((Date.now() - Date.parse(event.acceptedAt)) / 1000);
      logger.debug({ ...ids, status, durationMs }, 'delivered');
      return;
    }
    case 'failed':
      deliveryRequestDuration.observe({ outcome: outcome.kind }, outcome.durationMs / 1000);
      logger.warn({ ...ids, status: outcome.status, error: outcome.reason }, 'delivery attempt failed');
      return;
    case 'rejected':
      logger.warn({ ...ids, error: outcome.reason }, 'delivery rejected');
  }
}
