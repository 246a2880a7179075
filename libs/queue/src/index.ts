export * from './delivery-job';
export * from './names';
export * from './redis-connection';
export * from './delivery-job-options';
export * from './queue.module';
export * from './subscription-changes/subscription-change.publisher';
export * from './subscription-changes/subscription-changes.module';
export * from './subscription-changes/redis-transport';
