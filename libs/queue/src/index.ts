export {
  batchMatches,
  type DeliveriesQueueJobData,
  type DeliveryBatchJobData,
  type DeliveryJobData,
  deliveryIdFor,
  deliveryJobId,
  isDeliveryBatch,
  jobEvent,
  type MatchedEvent,
  redeliveryJobId,
  type SingleEventBatchJobData,
  type SubscriptionChangedMessage,
} from './delivery-job';
export * from './delivery-queue';
export * from './delivery-queue.module';
export * from './names';
export * from './queue.module';
export * from './redis-connection';
export { failureCounting, parseRetryAfterMs, RETRY_AFTER_STATUSES } from './retry-policy';
export { SubscriptionChangePublisher } from './subscription-changes/subscription-change.publisher';
export * from './subscription-changes/subscription-changes.module';
export * from './subscription-changes/redis-transport';
