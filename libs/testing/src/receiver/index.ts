export * from './receiver';
export * from './certificate';
