/** ioredis connection of the abuse limits. */
export const THROTTLE_REDIS = Symbol('THROTTLE_REDIS');
