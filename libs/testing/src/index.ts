export * from './receiver';
export * from './registry';
