export * from './health.controller';
export * from './observability.module';
export * from './tokens';
export * from './bootstrap';
export * from './metrics';
export { PROBE_PATHS } from './request-log';
