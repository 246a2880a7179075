import { hash } from 'node:crypto';
import type { CanonicalEvent } from '@hookyard/events';

/** One (event, subscription) delivery; its BullMQ job id is `deliveryJobId(...)`. */
export interface DeliveryJobData {
  event: CanonicalEvent;
  subscriptionId: string;
  /**
   * Attempts already made before this job (by a batch job): its first run is attempt
   * `attemptsBefore + 1` of the same logged delivery.
   */
  attemptsBefore?: number;
}

/**
 * The first attempts of one event's deliveries to several subscriptions, run by one job: BullMQ's
 * per-job cost would otherwise bound a fan-out below the HTTP rate. A retry, or a delivery whose
 * endpoint is saturated, continues as its own `DeliveryJobData` job with the usual job id.
 */
export interface DeliveryBatchJobData {
  event: CanonicalEvent;
  subscriptionIds: string[];
}

/** What the deliveries queue holds. */
export type DeliveriesQueueJobData = DeliveryJobData | DeliveryBatchJobData;

export const isDeliveryBatch = (data: DeliveriesQueueJobData): data is DeliveryBatchJobData =>
  'subscriptionIds' in data;

/**
 * Same id for the same pair, so a re-dispatched event is not enqueued twice. The separator is `.`,
 * not `:` as in the original design: BullMQ 5 refuses `:` in custom ids.
 */
export const deliveryJobId = (eventId: string, subscriptionId: string) => `${eventId}.${subscriptionId}`;

/**
 * Same id for the same batch, so a re-dispatch after a crash does not enqueue it twice (unless the
 * subscriptions matched changed in between; then deliveries may repeat, with the same webhook-id).
 */
export function deliveryBatchJobId(eventId: string, subscriptionIds: readonly string[]): string {
  const digest = hash('sha256', subscriptionIds.join(','), 'hex');
  return `${eventId}.batch-${digest.slice(0, 16)}`;
}

/** Published by the gateway when a subscription is created, changed or deleted. */
export interface SubscriptionChangedMessage {
  prefix: string;
  subscriptionId: string;
  /** The subscriptions version this change produced (see subscriptionsVersionKey). */
  version: number;
}

/** The delivery log row of a job: derived from the job id, so a re-run after a crash updates the same row. */
export function deliveryIdFor(jobId: string): string {
  const hex = hash('sha256', jobId, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A manual redelivery is a new job (and log row) for the same pair, so it never collides with the original. */
export const redeliveryJobId = (eventId: string, subscriptionId: string, nonce: string) =>
  `${deliveryJobId(eventId, subscriptionId)}.redelivery-${nonce}`;
