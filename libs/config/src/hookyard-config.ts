import { parseDuration, parseDurationList } from './duration';
import { ConfigurationError, Environment, validateEnvironment } from './environment';

/** Where Hookyard's Redis is: one server (`url`) or a cluster (`clusterNodes`, credentials from `url`). */
export interface RedisConfig {
  url: string;
  /** Seed nodes of a Redis Cluster; unset for a single Redis. */
  clusterNodes?: Array<{ host: string; port: number }>;
  /** Of every key; in a cluster it holds a hash tag, so every Hookyard key is in one slot. */
  prefix: string;
}

export interface HookyardConfig {
  databaseUrl: string;
  redis: RedisConfig;
  admin: { username: string; token?: string };
  ports: { gateway: number; ingest: number; worker: number; dispatcher: number };
  ingest: {
    /** token → producer name (the event `source`). */
    tokens: Map<string, string>;
    bodyLimitBytes: number;
  };
  registry: { url?: string; username?: string; password?: string; publicHost?: string };
  delivery: {
    allowedCidrs: string[];
    timeoutMs: number;
    retryScheduleMs: number[];
    concurrency: number;
    client: 'undici' | 'got';
    endpointConcurrency: number;
    batchSize: number;
    disableAfterFailures: number;
    maxBodyBytes: number;
    logRetentionMs: number;
    lockDurationMs: number;
  };
  dispatcher: { claimIdleMs: number };
  /**
   * Subscriptions one account (not a system admin) may have made: active ones, and all of them
   * with the paused; 0: no cap.
   */
  subscriptions: { perAccount: number; storedPerAccount: number };
  /**
   * The activity stream: events are kept `retentionMs`; 0: none are recorded. `holdsDeliveredEvents`:
   * it keeps every event longer than the delivery log keeps the event's deliveries, so a first
   * attempt's row leaves its event to it (the worker's DeliveryLogWriter); `pruneAfterMs`: how old its
   * events get before they are pruned.
   */
  eventLog: { retentionMs: number; holdsDeliveredEvents: boolean; pruneAfterMs: number };
  /** SECRETS_ENCRYPTION_KEY's 32 bytes, when set. */
  secrets: { encryptionKey?: Buffer };
  log: { level: string };
  console: { sessionTtlMs: number };
  /** Port of a separate /metrics listener; unset: /metrics is served on the app's own port. */
  metricsPort?: number;
  /** Express `trust proxy` of the gateway; false: the client is the connection's peer. */
  trustProxy: string | number | false;
  throttle: {
    authFailuresPerUser: RateLimit;
    authFailuresPerIp: RateLimit;
    testSends: RateLimit;
    redeliveries: RateLimit;
  };
}

/** At most `limit` within `windowMs`; one more is refused until the window ends. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Parses `10/5m` (validated by Environment). */
export function parseRateLimit(text: string): RateLimit {
  const [count, duration] = text.split('/');
  return { limit: Number(count.trim()), windowMs: parseDuration(duration) };
}

function ingestTokens(env: Environment): Map<string, string> {
  const tokens = new Map<string, string>();
  if (env.INGEST_TOKEN) tokens.set(env.INGEST_TOKEN, 'distribution');
  for (const pair of (env.INGEST_TOKENS ?? '').split(',')) {
    const separator = pair.indexOf(':');
    if (separator > 0) tokens.set(pair.slice(separator + 1).trim(), pair.slice(0, separator).trim());
  }
  return tokens;
}

/** The key's bytes: 64 characters are hex, anything else valid is base64. */
function encryptionKey(text: string | undefined): Buffer | undefined {
  if (!text) return undefined;
  return Buffer.from(text, text.length === 64 ? 'hex' : 'base64');
}

function redisConfig(env: Environment): RedisConfig {
  if (env.REDIS_CLUSTER_NODES === undefined)
    return { url: env.REDIS_URL, prefix: env.REDIS_PREFIX ?? 'hookyard' };
  const clusterNodes = env.REDIS_CLUSTER_NODES.split(',').map((node) => {
    const [host, port] = node.trim().split(':');
    return { host, port: Number(port) };
  });
  return { url: env.REDIS_URL, clusterNodes, prefix: env.REDIS_PREFIX ?? '{hookyard}' };
}

export function toHookyardConfig(env: Environment): HookyardConfig {
  return {
    databaseUrl: env.DATABASE_URL,
    redis: redisConfig(env),
    admin: { username: env.ADMIN_USERNAME, token: env.ADMIN_TOKEN },
    ports: {
      gateway: env.GATEWAY_PORT,
      ingest: env.INGEST_PORT,
      worker: env.WORKER_PORT,
      dispatcher: env.DISPATCHER_PORT,
    },
    ingest: { tokens: ingestTokens(env), bodyLimitBytes: env.INGEST_BODY_LIMIT },
    registry: {
      url: env.REGISTRY_URL?.replace(/\/$/, ''),
      username: env.REGISTRY_USERNAME,
      password: env.REGISTRY_PASSWORD,
      publicHost: env.REGISTRY_PUBLIC_HOST,
    },
    delivery: {
      allowedCidrs: (env.DELIVERY_ALLOWED_CIDRS ?? '')
        .split(',')
        .map((cidr) => cidr.trim())
        .filter(Boolean),
      timeoutMs: parseDuration(env.DELIVERY_TIMEOUT),
      retryScheduleMs: parseDurationList(env.DELIVERY_RETRY_SCHEDULE),
      concurrency: env.WORKER_CONCURRENCY,
      client: env.DELIVERY_CLIENT,
      endpointConcurrency: env.DELIVERY_ENDPOINT_CONCURRENCY,
      batchSize: env.DELIVERY_BATCH_SIZE,
      disableAfterFailures: env.DELIVERY_DISABLE_AFTER_FAILURES,
      maxBodyBytes: env.DELIVERY_MAX_BODY_BYTES,
      logRetentionMs: parseDuration(env.DELIVERY_LOG_RETENTION),
      lockDurationMs: parseDuration(env.WORKER_LOCK_DURATION),
    },
    dispatcher: { claimIdleMs: parseDuration(env.DISPATCHER_CLAIM_IDLE) },
    subscriptions: {
      perAccount: env.SUBSCRIPTIONS_PER_ACCOUNT,
      storedPerAccount: env.SUBSCRIPTIONS_STORED_PER_ACCOUNT,
    },
    eventLog: eventLogConfig(
      parseDuration(env.EVENT_LOG_RETENTION),
      parseDuration(env.DELIVERY_LOG_RETENTION),
    ),
    secrets: { encryptionKey: encryptionKey(env.SECRETS_ENCRYPTION_KEY) },
    log: { level: env.LOG_LEVEL },
    console: { sessionTtlMs: parseDuration(env.CONSOLE_SESSION_TTL) },
    metricsPort: env.METRICS_PORT,
    trustProxy:
      env.TRUST_PROXY === undefined
        ? false
        : /^\d+$/.test(env.TRUST_PROXY)
          ? Number(env.TRUST_PROXY)
          : env.TRUST_PROXY,
    throttle: {
      authFailuresPerUser: parseRateLimit(env.THROTTLE_AUTH_FAILURES_PER_USER),
      authFailuresPerIp: parseRateLimit(env.THROTTLE_AUTH_FAILURES_PER_IP),
      testSends: parseRateLimit(env.THROTTLE_TEST_SENDS),
      redeliveries: parseRateLimit(env.THROTTLE_REDELIVERIES),
    },
  };
}

/** The configuration of `env` (the process's by default), validated; throws a ConfigurationError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): HookyardConfig {
  return toHookyardConfig(validateEnvironment(env));
}

/**
 * For an app's main.ts, the one place a process reads its configuration (everything else has it
 * injected as HOOKYARD_CONFIG): exits 1 with the list of bad variables instead of a stack trace.
 */
export function loadConfigOrExit(app: string): HookyardConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${app}: ${error.message}\n`);
    process.exit(1);
  }
}

/**
 * A delivery's row leaves its event to the activity stream only when written at most this long
 * after ingest accepted the event (a first attempt out of a backlog, or a redelivery of an older
 * event, keeps it on its row).
 */
export const DELIVERED_EVENT_MAX_DELAY_MS = 30 * 60_000;

/**
 * How much longer than the delivery log the activity stream then keeps an event: the row's write
 * (up to DELIVERED_EVENT_MAX_DELAY_MS after acceptance) and the hourly pruning of either log (up to
 * an hour late) fit within it, so the event outlives every row that left it there.
 */
export const DELIVERED_EVENT_MARGIN_MS = 2 * 3600_000;

/**
 * The activity stream holds the delivered events when it keeps events at least as long as the
 * delivery log keeps deliveries; it then prunes them DELIVERED_EVENT_MARGIN_MS later than the
 * delivery log would.
 */
function eventLogConfig(retentionMs: number, deliveryLogRetentionMs: number): HookyardConfig['eventLog'] {
  const holdsDeliveredEvents = retentionMs > 0 && retentionMs >= deliveryLogRetentionMs;
  return {
    retentionMs,
    holdsDeliveredEvents,
    pruneAfterMs: holdsDeliveredEvents
      ? Math.max(retentionMs, deliveryLogRetentionMs + DELIVERED_EVENT_MARGIN_MS)
      : retentionMs,
  };
}
