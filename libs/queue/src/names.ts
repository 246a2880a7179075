/** Redis names shared by producers and consumers; every key carries the install's prefix. */
export const eventStreamKey = (prefix: string) => `${prefix}:events`;
export const DISPATCHER_GROUP = 'dispatchers';
/** Consumer group that records every event in the activity stream, apart from delivery. */
export const ACTIVITY_GROUP = 'activity';
export const DELIVERIES_QUEUE = 'deliveries';
/** Recoveries of failed deliveries (`POST .../deliveries/recover`), run in the background by workers. */
export const DELIVERY_RECOVERIES_QUEUE = 'delivery-recoveries';
/** BullMQ key prefix, so several installs or test runs can share one Redis. */
export const bullPrefix = (prefix: string) => `${prefix}:bull`;
/** Pattern of the @nestjs/microservices Redis message the gateway publishes when a subscription changes. */
export const SUBSCRIPTION_CHANGED = 'subscription-changed';
/** Pattern of the message the gateway publishes once repositories it deleted are gone (ingest forgets them). */
export const REPOSITORIES_DELETED = 'repositories-deleted';
/**
 * Pattern (and channel) of the message OrderedSequences publishes when it appended deliveries:
 * workers waiting with nothing ordered due look again at once.
 */
export const ORDERED_DELIVERIES_APPENDED = 'ordered-deliveries-appended';
/** Field of a stream entry holding the JSON canonical event. */
export const STREAM_EVENT_FIELD = 'event';
/** Counter bumped on every subscription change; dispatchers compare it with the index they hold. */
export const subscriptionsVersionKey = (prefix: string) => `${prefix}:subscriptions:version`;
/** When the subscription's next rate-limited delivery may start (SubscriptionRateLimiter). */
export const subscriptionRateKey = (prefix: string, subscriptionId: string) =>
  `${prefix}:rate:${subscriptionId}`;
/** Subscriptions with ordered deliveries waiting, scored by when their head may be tried (OrderedSequences). */
export const orderedDueKey = (prefix: string) => `${prefix}:ordered:due`;
/** An ordered subscription's waiting deliveries, in stream order; its head's attempts; who drains it. */
export const orderedSequenceKeys = (prefix: string, subscriptionId: string) => ({
  sequence: `${prefix}:ordered:${subscriptionId}`,
  attempts: `${prefix}:ordered:${subscriptionId}:attempts`,
  lease: `${prefix}:ordered:${subscriptionId}:lease`,
});
