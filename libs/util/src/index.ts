export * from './chunks';
export * from './memoize-by-key';
export * from './storable-text';
export * from './scrub-secrets';
export * from './app-memory-settings';
export * from './app-command';
