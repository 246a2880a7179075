export * from './free-port';
export * from './stack';
export * from './test-database';
export * from './redis-server';
export * from './user-with-token';
