export * from './observability.module';
export * from './bootstrap';
export * from './metrics';
export * from './log-redaction';
export * from './metrics-server';
