export {
  batchMatches,
  type DeliveriesQueueJobData,
  type DeliveryBatchJobData,
  type DeliveryJobData,
  deliveryIdFor,
  deliveryJobId,
  type DeliveryRecoveryJobData,
  isDeliveryBatch,
  jobEvent,
  type MatchedEvent,
  type Redelivery,
  redeliveryJobId,
  redeliveryOf,
  type SingleEventBatchJobData,
  type RepositoriesDeletedMessage,
  type OrderedDeliveriesAppendedMessage,
  type SubscriptionChangedMessage,
} from './delivery-job';
export * from './delivery-queue';
export * from './delivery-queue.module';
export * from './delivery-recovery-queue';
export * from './event-stream/event-stream-appender';
export * from './event-stream/stream-group-field';
export * from './event-stream/trim-acknowledged';
export * from './names';
export * from './queue.module';
export * from './redis-connection';
export { failureCounting, parseRetryAfterMs, RETRY_AFTER_STATUSES } from './retry-policy';
export { SubscriptionChangePublisher } from './subscription-changes/subscription-change.publisher';
export { RepositoryDeletionPublisher } from './subscription-changes/repository-deletion.publisher';
export * from './subscription-changes/subscription-changes.module';
export * from './subscription-changes/redis-transport';
export * from './pacing/subscription-rate-limiter';
export * from './pacing/ordered-sequences';
