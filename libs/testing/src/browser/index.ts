export * from './browser';
export * from './accessibility';
