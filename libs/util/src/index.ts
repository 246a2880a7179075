export * from './chunks';
export * from './memoize-by-key';
