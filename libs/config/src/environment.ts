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

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key Hookyard writes, so several installs (or test runs) share one Redis. */
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'REDIS_PREFIX may only contain letters, digits, _ . -' })
  REDIS_PREFIX = 'hookyard';

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
   * Subscriptions whose first attempts for one event run in one queue job (1: a job per
   * delivery). A worker may then have WORKER_CONCURRENCY × DELIVERY_BATCH_SIZE deliveries in flight.
   */
  @Transform(toInt)
  @IsInt({ message: 'DELIVERY_BATCH_SIZE must be a whole number' })
  @Min(1)
  @Max(1000)
  DELIVERY_BATCH_SIZE = 50;

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

  @IsIn(['undici', 'got'], { message: 'DELIVERY_CLIENT must be undici or got' })
  DELIVERY_CLIENT: 'undici' | 'got' = 'undici';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** How long a console sign-in lasts; the session also ends with the API token it was made with. */
  @Matches(DURATION, { message: 'CONSOLE_SESSION_TTL must be a duration such as 8h' })
  CONSOLE_SESSION_TTL = '8h';
}

function describe(errors: ValidationError[], env: Record<string, string | undefined>): string[] {
  return errors.flatMap((error) => {
    const raw = env[error.property];
    // Secrets are never echoed, nor the credentials of a URL (DATABASE_URL, REDIS_URL, REGISTRY_URL).
    const value = /TOKEN|PASSWORD/.test(error.property) ? '***' : raw?.replace(/\/\/[^/@]*@/, '//***@');
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
  if (errors.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n${describe(errors, env).join('\n')}`);
  }
  return instance;
}
