export * from './free-port';
export * from './redis-server';
export * from './stack';
export * from './test-database';
export * from './user-with-token';
export * from './call-api';
export * from './database-query';
export * from './dtr-webhooks';
