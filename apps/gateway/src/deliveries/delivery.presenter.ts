import type { Delivery, DeliveryAttempt, DeliveryRecoveryProgress } from '@hookyard/persistence';
import type { RecoveryProgressResponse } from './dtos';

/** A delivery-log row in the DTR API's camelCase style. */
export function presentDelivery(delivery: Delivery) {
  return {
    id: delivery.id,
    webhookID: delivery.subscriptionId,
    eventID: delivery.eventId,
    eventType: delivery.eventType,
    webhookMessageID: delivery.webhookId,
    status: delivery.status,
    attempts: delivery.attempts,
    lastResponseStatus: delivery.lastResponseStatus,
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
  };
}

export function presentAttempt(attempt: DeliveryAttempt) {
  return {
    attempt: attempt.attemptNumber,
    createdAt: attempt.createdAt.toISOString(),
    requestHeaders: attempt.requestHeaders,
    requestBody: attempt.requestBody,
    responseStatus: attempt.responseStatus,
    responseHeaders: attempt.responseHeaders,
    responseBody: attempt.responseBody,
    durationMs: attempt.durationMs,
    error: attempt.error,
  };
}

/**
 * A recovery and where its deliveries are; `status` says whether it is still queuing them, waiting
 * for some to settle, done, or stopped early.
 */
export function presentRecovery(progress: DeliveryRecoveryProgress): RecoveryProgressResponse {
  const { recovery, waiting, pending, succeeded, failed, skipped, unsent } = progress;
  const status = recovery.state === 'queued' ? (pending > 0 ? 'delivering' : 'finished') : recovery.state;
  return {
    id: recovery.id,
    webhookID: recovery.subscriptionId,
    since: recovery.since.toISOString(),
    createdAt: recovery.createdAt.toISOString(),
    status,
    ...(recovery.stoppedReason !== null && { stoppedReason: recovery.stoppedReason }),
    queued: recovery.total,
    truncated: recovery.truncated,
    deliveries: { waiting, pending, succeeded, failed, skipped, unsent },
  };
}
