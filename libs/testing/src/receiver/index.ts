export * from './receiver';
export * from './certificate';
export * from './verify-signature';
