import { REDACTED, scrubSecrets } from '@hookyard/util';
import type { LoggerOptions } from 'pino';

/** Request and response headers that carry credentials: never written to a log line. */
const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-auth-token',
  'x-registry-auth',
];

/** pino `redact` paths of the request logs (pino-http's `req`/`res` and the Fastify hook's). */
export const REDACTED_LOG_PATHS = [
  ...SECRET_HEADERS.map((name) => `req.headers["${name}"]`),
  'res.headers["set-cookie"]',
];

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
  remotePort?: number;
}

/**
 * A request as its log line shows it (after pino's standard serializer): the URL with its query
 * values redacted, and no parsed `query` or `params` objects, which would repeat them.
 */
export function redactRequest(serialized: SerializedRequest): SerializedRequest {
  return {
    id: serialized.id,
    method: serialized.method,
    url: serialized.url === undefined ? undefined : scrubSecrets(serialized.url),
    headers: serialized.headers,
    remoteAddress: serialized.remoteAddress,
    remotePort: serialized.remotePort,
  };
}

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: unknown;
  status?: unknown;
  cause?: SerializedError;
}

/**
 * An error as a log line shows it: type, message, stack, code, status and cause, scrubbed. Nothing
 * else: a database error carries the statement's parameters (secrets, tokens' hashes), an HTTP
 * client's error its request options (headers with credentials).
 */
export function serializeError(value: unknown, depth = 0): SerializedError | unknown {
  // pino-http hands its err serializer pino's serialization, which keeps the error as `raw`.
  const error = value instanceof Error ? value : (value as { raw?: unknown } | null)?.raw;
  if (!(error instanceof Error)) return typeof value === 'string' ? scrubSecrets(value) : value;
  const raw = error as Error & { code?: unknown; status?: unknown; statusCode?: unknown };
  return {
    type: error.constructor?.name ?? 'Error',
    message: scrubSecrets(error.message),
    stack: error.stack === undefined ? undefined : scrubSecrets(error.stack),
    code: raw.code,
    status: raw.status ?? raw.statusCode,
    cause: depth < 3 && error.cause !== undefined ? serializeError(error.cause, depth + 1) : undefined,
  } as SerializedError;
}

/**
 * pino options every app's logger gets: credential headers redacted, errors and request URLs
 * serialized without secrets, and the strings of every line written scrubbed (messages and the
 * top-level string fields, where apps put error messages and URLs).
 */
export const redactionOptions: Pick<LoggerOptions, 'redact' | 'hooks'> & {
  serializers: { err: (error: unknown) => unknown };
} = {
  redact: { paths: REDACTED_LOG_PATHS, censor: REDACTED },
  serializers: { err: serializeError },
  hooks: {
    logMethod(args, method) {
      const [first, ...rest] = args as unknown[];
      // pino would take the message of an error logged alone from the error, unscrubbed.
      const scrubbed =
        first instanceof Error && typeof rest[0] !== 'string'
          ? [{ err: first }, scrubSecrets(first.message), ...rest]
          : args.map((arg: unknown) => scrubArgument(arg));
      return method.apply(this, scrubbed as Parameters<typeof method>);
    },
  },
};

function scrubArgument(arg: unknown): unknown {
  if (typeof arg === 'string') return scrubSecrets(arg);
  if (arg === null || typeof arg !== 'object' || arg instanceof Error || Array.isArray(arg)) return arg;
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(arg)) {
    if (typeof value !== 'string') continue;
    const scrubbed = scrubSecrets(value);
    if (scrubbed !== value) (copy ??= { ...(arg as Record<string, unknown>) })[key] = scrubbed;
  }
  return copy ?? arg;
}
