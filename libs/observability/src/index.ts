export * from './observability.module';
export * from './bootstrap';
export * from './metrics';
export { PROBE_PATHS } from './request-log';
export { HealthController } from './health.controller';
export * from './log-redaction';
export * from './metrics-server';
