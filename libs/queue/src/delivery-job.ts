import type { CanonicalEvent } from '@hookyard/events';

/** One (event, subscription) delivery; its BullMQ job id is `deliveryJobId(...)`. */
export interface DeliveryJobData {
  event: CanonicalEvent;
  subscriptionId: string;
}

/**
 * Same id for the same pair, so a re-dispatched event is not enqueued twice. SPEC §1 writes
 * `eventId:subscriptionId`; BullMQ 5 refuses `:` in custom ids, so the separator is `.`.
 */
export const deliveryJobId = (eventId: string, subscriptionId: string) => `${eventId}.${subscriptionId}`;

/** Published by the gateway when a subscription is created, changed or deleted. */
export interface SubscriptionChangedMessage {
  prefix: string;
  subscriptionId: string;
}
