import type { Delivery, DeliveryAttempt } from '@hookyard/persistence';

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
