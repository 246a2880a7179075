export * from './auth-failure-limiter';
export * from './client-address';
export * from './redis-throttler-storage';
export * from './throttled-action';
export * from './throttling.module';
export * from './too-many-requests';
