export * from './delivery-job';
export * from './delivery-queue';
export * from './delivery-queue.module';
export * from './names';
export * from './queue.module';
export * from './redis-connection';
export { parseRetryAfterMs, RETRY_AFTER_STATUSES } from './retry-policy';
export * from './subscription-changes/subscription-change.publisher';
export * from './subscription-changes/subscription-changes.module';
