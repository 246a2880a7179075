export * from './receiver';
export * from './registry';
export * from './stack';
export * from './fixtures';
export * from './canonical-events';
export * from './eventually';
export * from './browser';
export * from './access-fixture';
