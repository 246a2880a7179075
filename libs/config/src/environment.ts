import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  validateSync,
  ValidationError,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** A TCP port, with one message however it is wrong. */
function IsPort(): PropertyDecorator {
  const message = ({ property }: { property: string }) => `${property} must be a port number from 0 to 65535`;
  return applyDecorators(Transform(toInt), IsInt({ message }), Min(0, { message }), Max(65535, { message }));
}

const DURATION = /^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*$/;
/** `count/duration`, e.g. `10/5m`: at most `count` within `duration`. */
const RATE = /^\s*[1-9]\d*\s*\/\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*$/;

/** A rate limit `count/duration`, with one message naming the variable. */
function IsRate(): PropertyDecorator {
  return Matches(RATE, {
    message: ({ property }) => `${property} must be count/duration, e.g. 10/5m (10 within 5 minutes)`,
  });
}
const DURATION_LIST = /^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*(,\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*)*$/;

/**
 * Every environment variable Hookyard reads, with its default. Validated once at start so a
 * process refuses to run with a message naming the bad variable.
 */
export class Environment {
  @IsString()
  @IsNotEmpty({ message: 'DATABASE_URL must be set (e.g. postgres://user@127.0.0.1:5432/hookyard)' })
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  /** With REDIS_CLUSTER_NODES, only its user, password and scheme (rediss: TLS) are used. */
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Seed nodes of a Redis Cluster, `host:port,host:port`; unset: the single Redis at REDIS_URL. */
  @IsOptional()
  @Matches(/^\s*[A-Za-z0-9.-]+:\d{1,5}\s*(,\s*[A-Za-z0-9.-]+:\d{1,5}\s*)*$/, {
    message: 'REDIS_CLUSTER_NODES must be host:port pairs separated by commas',
  })
  REDIS_CLUSTER_NODES?: string;

  /**
   * Prefix of every Redis key Hookyard writes, so several installs (or test runs) share one Redis.
   * Default `hookyard`, or `{hookyard}` with REDIS_CLUSTER_NODES: a cluster needs a hash tag.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]*(\{[A-Za-z0-9_.-]+\})?[A-Za-z0-9_.-]*$/, {
    message: 'REDIS_PREFIX may only contain letters, digits, _ . - and one hash tag such as {hookyard}',
  })
  @ValidateBy({
    name: 'hashTaggedInCluster',
    validator: {
      validate: (prefix: unknown, args) =>
        (args?.object as Environment).REDIS_CLUSTER_NODES === undefined || /\{[^}]+\}/.test(String(prefix)),
      defaultMessage: () =>
        'REDIS_PREFIX must hold a hash tag such as {hookyard} with REDIS_CLUSTER_NODES: the keys of one script must share a cluster slot',
    },
  })
  REDIS_PREFIX?: string;

  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { message: 'ADMIN_USERNAME must be a plain user name' })
  ADMIN_USERNAME = 'admin';

  @IsOptional()
  @IsString()
  @Matches(/^\S{16,}$/, { message: 'ADMIN_TOKEN must be at least 16 characters without spaces' })
  ADMIN_TOKEN?: string;

  @IsOptional()
  @Matches(/^\S{16,}$/, { message: 'INGEST_TOKEN must be at least 16 characters without spaces' })
  INGEST_TOKEN?: string;

  /** Per-producer tokens: `name:token,name:token`; the name becomes the event source. */
  @IsOptional()
  @Matches(/^\s*[A-Za-z0-9_.-]+:[^\s,]{16,}\s*(,\s*[A-Za-z0-9_.-]+:[^\s,]{16,}\s*)*$/, {
    message: 'INGEST_TOKENS must be name:token pairs separated by commas, each token at least 16 characters',
  })
  INGEST_TOKENS?: string;

  @Transform(toInt)
  @IsInt({ message: 'INGEST_BODY_LIMIT must be a number of bytes' })
  @Min(1024)
  INGEST_BODY_LIMIT = 1024 * 1024;

  @IsPort() GATEWAY_PORT = 3000;
  @IsPort() INGEST_PORT = 3001;
  @IsPort() WORKER_PORT = 3002;
  @IsPort() DISPATCHER_PORT = 3003;

  /** When set, this app serves /metrics on this port only, so a public Service need not expose it. */
  @IsOptional() @IsPort() METRICS_PORT?: number;

  /**
   * Which proxies in front of the gateway are trusted to name the client in X-Forwarded-For (Express
   * `trust proxy`: a hop count, or addresses/CIDRs such as `loopback,10.0.0.0/8`). Unset: none, and
   * the client is the connection's peer address.
   */
  @IsOptional()
  @Matches(/^(\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, {
    message: 'TRUST_PROXY must be a hop count or addresses/CIDRs separated by commas',
  })
  TRUST_PROXY?: string;

  /** Failed authentications of one username from one client address before 429. */
  @IsRate()
  THROTTLE_AUTH_FAILURES_PER_USER = '10/5m';

  /** Failed authentications from one client address, whatever the username, before 429. */
  @IsRate()
  THROTTLE_AUTH_FAILURES_PER_IP = '100/5m';

  /** Test sends (DTR webhooks/test, Quay notification test) per account. */
  @IsRate()
  THROTTLE_TEST_SENDS = '20/1m';

  /** Redeliveries per account. */
  @IsRate()
  THROTTLE_REDELIVERIES = '60/1m';

  /**
   * Active subscriptions (webhooks, notifications, hooks of every API) one account may have made;
   * system admins are not counted against it. Each is held by every dispatcher. 0: no cap.
   */
  @Transform(toInt)
  @IsInt({ message: 'SUBSCRIPTIONS_PER_ACCOUNT must be a whole number (0: no cap)' })
  @Min(0, { message: 'SUBSCRIPTIONS_PER_ACCOUNT must be a whole number (0: no cap)' })
  SUBSCRIPTIONS_PER_ACCOUNT = 1000;

  /**
   * Subscriptions one account may have made in all, active or paused; system admins are not
   * counted against it. Paused ones cost dispatchers nothing but are rows kept for good, and
   * without this cap creating and pausing in turn would store any number. 0: no cap.
   */
  @Transform(toInt)
  @IsInt({ message: 'SUBSCRIPTIONS_STORED_PER_ACCOUNT must be a whole number (0: no cap)' })
  @Min(0, { message: 'SUBSCRIPTIONS_STORED_PER_ACCOUNT must be a whole number (0: no cap)' })
  SUBSCRIPTIONS_STORED_PER_ACCOUNT = 10000;

  /**
   * The registry ingest reads manifests from (os/architecture); nothing else is ever read. Its
   * credentials go in REGISTRY_USERNAME/REGISTRY_PASSWORD, never in the URL, which logs may show.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^/@]+\/?$/, {
    message:
      'REGISTRY_URL must be http(s)://host[:port], without user:password@ (use REGISTRY_USERNAME and REGISTRY_PASSWORD)',
  })
  REGISTRY_URL?: string;

  @IsOptional() @IsString() REGISTRY_USERNAME?: string;
  @IsOptional() @IsString() REGISTRY_PASSWORD?: string;

  /** Host used in `imageName` (what users pull from); defaults to the host the registry reports. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+(:\d+)?$/, { message: 'REGISTRY_PUBLIC_HOST must be host[:port]' })
  REGISTRY_PUBLIC_HOST?: string;

  /** CIDR ranges deliveries may reach although private/loopback, e.g. `127.0.0.0/8,10.0.0.0/8`. */
  @IsOptional() @IsString() DELIVERY_ALLOWED_CIDRS?: string;

  @Matches(DURATION, { message: 'DELIVERY_TIMEOUT must be a duration such as 10s' })
  DELIVERY_TIMEOUT = '10s';

  @Matches(DURATION_LIST, {
    message: 'DELIVERY_RETRY_SCHEDULE must be durations separated by commas, e.g. 5s,5m,30m',
  })
  DELIVERY_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

  @Transform(toInt) @IsInt() @Min(1) @Max(1000) WORKER_CONCURRENCY = 64;

  /** Deliveries in flight per endpoint origin in one worker, so one slow receiver cannot take every slot. */
  @Transform(toInt)
  @IsInt({ message: 'DELIVERY_ENDPOINT_CONCURRENCY must be a whole number' })
  @Min(1)
  DELIVERY_ENDPOINT_CONCURRENCY = 16;

  /**
   * Deliveries whose first attempts run in one queue job: of one event to many subscriptions, or
   * of events the dispatcher read together (1: a job per delivery). Their members take the
   * worker's WORKER_CONCURRENCY delivery slots one by one. 100: with one subscription per event,
   * half the jobs of 50 for the worker to fetch one by one, and deliveries/s 15% higher
   * (bench/README.md, "One subscription per event").
   */
  @Transform(toInt)
  @IsInt({ message: 'DELIVERY_BATCH_SIZE must be a whole number' })
  @Min(1)
  @Max(1000)
  DELIVERY_BATCH_SIZE = 100;

  /**
   * Failed deliveries in a row (each after its last retry) that make a subscription inactive. Each
   * takes ~28 h on the default schedule, so 5 is about five days of failure with daily events.
   */
  @Transform(toInt)
  @IsInt({ message: 'DELIVERY_DISABLE_AFTER_FAILURES must be a whole number' })
  @Min(1)
  DELIVERY_DISABLE_AFTER_FAILURES = 5;

  /** Largest rendered payload sent; bigger ones fail at once without a request. */
  @Transform(toInt)
  @IsInt({ message: 'DELIVERY_MAX_BODY_BYTES must be a number of bytes' })
  @Min(1024)
  DELIVERY_MAX_BODY_BYTES = 1024 * 1024;

  /**
   * How long a worker's claim on a job lasts without renewal; a job of a crashed worker is
   * delivered again after about this long (at-least-once).
   */
  @Matches(DURATION, { message: 'WORKER_LOCK_DURATION must be a duration such as 30s' })
  WORKER_LOCK_DURATION = '30s';

  /** Stream entries a dispatcher read but never acknowledged (it died) are taken over after this. */
  @Matches(DURATION, { message: 'DISPATCHER_CLAIM_IDLE must be a duration such as 30s' })
  DISPATCHER_CLAIM_IDLE = '30s';

  @Matches(DURATION, { message: 'DELIVERY_LOG_RETENTION must be a duration such as 30d' })
  DELIVERY_LOG_RETENTION = '30d';

  /** How long the activity stream (DTR's events API) keeps an event; `0` records none. */
  @Matches(DURATION, { message: 'EVENT_LOG_RETENTION must be a duration such as 30d (0: off)' })
  EVENT_LOG_RETENTION = '30d';

  /**
   * Encrypts subscriptions' static headers at rest (AES-256-GCM): 32 random bytes, base64 or hex
   * (`openssl rand -base64 32`). Needed by the gateway and workers once any subscription has headers.
   */
  @IsOptional()
  @Matches(/^(?:[A-Za-z0-9+/]{43}=?|[0-9a-fA-F]{64})$/, {
    message: 'SECRETS_ENCRYPTION_KEY must be 32 bytes in base64 or hex (e.g. openssl rand -base64 32)',
  })
  SECRETS_ENCRYPTION_KEY?: string;

  @IsIn(['undici', 'got'], { message: 'DELIVERY_CLIENT must be undici or got' })
  DELIVERY_CLIENT: 'undici' | 'got' = 'undici';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** How long a console sign-in lasts; the session also ends with the API token it was made with. */
  @Matches(DURATION, { message: 'CONSOLE_SESSION_TTL must be a duration such as 8h' })
  CONSOLE_SESSION_TTL = '8h';
}

/** Placeholders the shipped manifests and README use; a production start refuses them. */
const PLACEHOLDER = /change-?me/i;
/** Shortest token a production start accepts. */
export const PRODUCTION_TOKEN_MIN_LENGTH = 32;

/**
 * With NODE_ENV=production: no documented placeholder (`change-me…`) and no token shorter than
 * PRODUCTION_TOKEN_MIN_LENGTH, so a manifest shipped with example values cannot run as is.
 */
export function productionProblems(env: Environment): string[] {
  const problems: string[] = [];
  const token = (variable: string, value: string | undefined) => {
    if (value === undefined) return;
    if (PLACEHOLDER.test(value))
      problems.push(`  - ${variable} is a documented placeholder: set your own secret`);
    else if (value.length < PRODUCTION_TOKEN_MIN_LENGTH)
      problems.push(
        `  - ${variable} must be at least ${PRODUCTION_TOKEN_MIN_LENGTH} characters in production`,
      );
  };
  token('ADMIN_TOKEN', env.ADMIN_TOKEN);
  token('INGEST_TOKEN', env.INGEST_TOKEN);
  for (const pair of (env.INGEST_TOKENS ?? '').split(',').filter((p) => p.includes(':'))) {
    const [name, value] = [pair.slice(0, pair.indexOf(':')).trim(), pair.slice(pair.indexOf(':') + 1).trim()];
    token(`INGEST_TOKENS (token of ${name})`, value);
  }
  if (env.REGISTRY_PASSWORD !== undefined && PLACEHOLDER.test(env.REGISTRY_PASSWORD))
    problems.push('  - REGISTRY_PASSWORD is a documented placeholder: set the real password');
  if (PLACEHOLDER.test(databasePassword(env.DATABASE_URL)))
    problems.push('  - DATABASE_URL holds a documented placeholder password: set the real one');
  return problems;
}

function databasePassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

function describe(errors: ValidationError[], env: Record<string, string | undefined>): string[] {
  return errors.flatMap((error) => {
    const raw = env[error.property];
    // Secrets are never echoed, nor the credentials of a URL (DATABASE_URL, REDIS_URL, REGISTRY_URL).
    const value = /TOKEN|PASSWORD|KEY/.test(error.property) ? '***' : raw?.replace(/\/\/[^/@]*@/, '//***@');
    const shown = raw === undefined ? 'unset' : `got "${value}"`;
    return [...new Set(Object.values(error.constraints ?? {}))].map((message) => `  - ${message} (${shown})`);
  });
}

export class ConfigurationError extends Error {}

/** Validates `env` into an Environment, or throws one error listing every bad variable. */
export function validateEnvironment(env: Record<string, string | undefined> = process.env): Environment {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const instance = plainToInstance(Environment, defined, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false });
  const problems = describe(errors, env);
  if (errors.length === 0 && env.NODE_ENV === 'production') problems.push(...productionProblems(instance));
  if (problems.length > 0) throw new ConfigurationError(`Invalid configuration:\n${problems.join('\n')}`);
  return instance;
}
