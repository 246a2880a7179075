/** ioredis client used by /readyz. */
export const HEALTH_REDIS = Symbol('HEALTH_REDIS');
