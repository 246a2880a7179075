export * from './free-port';
export * from './stack';
export * from './test-database';
export * from './append-events';
