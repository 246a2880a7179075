export * from './chunks';
export * from './memoize-by-key';
export * from './scrub-secrets';
