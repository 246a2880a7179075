import type { RedisConfig } from '@hookyard/config';
import Redis, { Cluster, ClusterOptions, RedisOptions } from 'ioredis';

/**
 * A connection to Hookyard's Redis, one server or a cluster: both run the same commands. In a
 * cluster every Hookyard key carries the prefix's hash tag, so scripts, MULTI and pipelines that
 * touch several keys stay in one slot.
 */
export type RedisClient = Redis | Cluster;

/** ioredis options from a redis:// URL (one server, or a cluster node's credentials and TLS). */
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

/**
 * A client of the configured Redis. For a cluster, the options ioredis's Cluster takes for itself
 * (offline queue, auto-pipelining, lazy connect) go to it; the rest apply to each node's connection.
 */
export function createRedis(redis: RedisConfig, extra: RedisOptions = {}): RedisClient {
  if (!redis.clusterNodes) return new Redis(redisOptions(redis.url, extra));
  const { lazyConnect, enableOfflineQueue, enableAutoPipelining, ...nodeOptions } = extra;
  const { username, password, tls } = redisOptions(redis.url);
  const clusterOptions: ClusterOptions = {
    redisOptions: { ...nodeOptions, username, password, tls },
    ...definedOnly({ lazyConnect, enableOfflineQueue, enableAutoPipelining }),
  };
  return new Cluster(redis.clusterNodes, clusterOptions);
}

/**
 * BullMQ's connection: for one server its options (BullMQ opens its own connections); for a
 * cluster a Cluster client the queues share and workers duplicate for their blocking reads. Both
 * never give up a command (BullMQ requires it of its blocking connections).
 */
export function bullConnection(redis: RedisConfig): RedisOptions | Cluster {
  if (!redis.clusterNodes) return redisOptions(redis.url, { maxRetriesPerRequest: null });
  return createRedis(redis, { maxRetriesPerRequest: null }) as Cluster;
}

/** The server(s) that own the keys: every master of a cluster, or the one server. */
export function keyOwners(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
