import Redis, { RedisOptions } from 'ioredis';

/** ioredis options from a redis:// URL, shared by BullMQ, the stream transport and pub/sub. */
export function redisOptions(url: string, extra: RedisOptions = {}): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    ...extra,
  };
}

export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(redisOptions(url, extra));
}
