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

/** An event and the subscriptions it is delivered to. */
export interface MatchedEvent {
  event: CanonicalEvent;
  subscriptionIds: readonly string[];
}

/**
 * The first attempts of several deliveries — of one event to many subscriptions (a fan-out), or
 * of many events read together (each to its subscriptions) — run by one job: BullMQ's per-job
 * cost would otherwise bound the delivery rate well below the HTTP rate. A retry, or a delivery
 * whose endpoint is saturated, continues as its own `DeliveryJobData` job with the usual job id.
 */
export interface DeliveryBatchJobData {
  matches: MatchedEvent[];
}

/** A batch job as dispatchers queued it before batches held several events (still read). */
export interface SingleEventBatchJobData {
  event: CanonicalEvent;
  subscriptionIds: string[];
}

/** What the deliveries queue holds. */
export type DeliveriesQueueJobData = DeliveryJobData | DeliveryBatchJobData | SingleEventBatchJobData;

export const isDeliveryBatch = (
  data: DeliveriesQueueJobData,
): data is DeliveryBatchJobData | SingleEventBatchJobData => 'matches' in data || 'subscriptionIds' in data;

/** The events and subscriptions of a batch job, whichever its form. */
export const batchMatches = (
  data: DeliveryBatchJobData | SingleEventBatchJobData,
): readonly MatchedEvent[] => ('matches' in data ? data.matches : [data]);

/** An event of the job (a batch's first), for log lines about the job as a whole. */
export const jobEvent = (data: DeliveriesQueueJobData): CanonicalEvent =>
  'matches' in data ? data.matches[0].event : data.event;

/**
 * Same id for the same pair, so a re-dispatched event is not enqueued twice. The separator is `.`,
 * not `:` as in the original design: BullMQ 5 refuses `:` in custom ids.
 */
export const deliveryJobId = (eventId: string, subscriptionId: string) => `${eventId}.${subscriptionId}`;

/**
 * Same id for the same batch, so a re-dispatch after a crash does not enqueue it twice (unless the
 * subscriptions matched or the events read together changed in between; then deliveries may
 * repeat, with the same webhook-id). Named after its first event; a batch of one event's
 * deliveries keeps the id it had before batches held several events.
 */
export function deliveryBatchJobId(matches: readonly MatchedEvent[]): string {
  const members =
    matches.length === 1
      ? matches[0].subscriptionIds.join(',')
      : matches.map(({ event, subscriptionIds }) => `${event.id}:${subscriptionIds.join(',')}`).join(';');
  return `${matches[0].event.id}.batch-${hash('sha256', members, 'hex').slice(0, 16)}`;
}

/** Published by the gateway when a subscription is created, changed or deleted. */
export interface SubscriptionChangedMessage {
  prefix: string;
  subscriptionId: string;
  /** The subscriptions version this change produced (see subscriptionsVersionKey). */
  version: number;
}

/** Published by OrderedSequences.append once deliveries of ordered subscriptions wait. */
export interface OrderedDeliveriesAppendedMessage {
  prefix: string;
}

/** Published by the gateway once repositories it deleted are gone: `namespace/name` each. */
export interface RepositoriesDeletedMessage {
  prefix: string;
  repositories: string[];
}

/** The delivery log row of a job: derived from the job id, so a re-run after a crash updates the same row. */
export function deliveryIdFor(jobId: string): string {
  const hex = hash('sha256', jobId, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A manual redelivery is a new job (and log row) for the same pair, so it never collides with the original. */
export const redeliveryJobId = (eventId: string, subscriptionId: string, nonce: string) =>
  `${deliveryJobId(eventId, subscriptionId)}.redelivery-${nonce}`;

/** A delivery sent again: the job and the log row it gets. */
export interface Redelivery {
  jobId: string;
  deliveryId: string;
}

/**
 * A delivery of the (event, subscription) pair sent again, by hand or by a recovery: a job and log
 * row of its own, so it never collides with the original, under the pair's webhook-id (the same
 * message). `nonce` tells redeliveries of one pair apart; the same nonce gives the same ids.
 */
export function redeliveryOf(eventId: string, subscriptionId: string, nonce: string): Redelivery {
  const jobId = redeliveryJobId(eventId, subscriptionId, nonce);
  return { jobId, deliveryId: deliveryIdFor(jobId) };
}

/** A recovery of failed deliveries, queued on DELIVERY_RECOVERIES_QUEUE. */
export interface DeliveryRecoveryJobData {
  recoveryId: string;
}
