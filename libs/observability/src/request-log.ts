import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Level, Logger } from 'pino';
import { stdSerializers } from 'pino';
import { redactRequest } from './log-redaction';

/** Health and metrics endpoints, polled all the time: no request logs. */
export const PROBE_PATHS = ['healthz', 'readyz', 'metrics'];
const PROBE_URLS = new Set(PROBE_PATHS.map((path) => `/${path}`));

/** Ingest answers thousands of 202s a second: successes are logged at debug, problems above it. */
export function requestLogLevel(statusCode: number, error?: unknown): Level {
  return error || statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'debug';
}

/**
 * Request logs of a Fastify app: one line per request when it is answered, in pino-http's shape
 * (`req` with Fastify's request id, `res`, `responseTime`) at the same levels. pino-http, as the
 * Express apps use it, serializes every request into a child logger and enters an AsyncLocalStorage
 * whether or not its line is written: about a fifth of ingest's CPU, for 202s below the log level.
 * Here such a request costs one level check. Log lines written while serving a request carry no
 * request id (no AsyncLocalStorage); IngestExceptionFilter adds it to its own.
 */
export function logFastifyRequests(fastify: FastifyInstance, root: Logger): void {
  const logger = root.child(
    {},
    {
      serializers: {
        req: (request: FastifyRequest) => redactRequest(stdSerializers.req(request as never)),
        // Fastify writes its headers in writeHead: the raw response's getHeaders() is empty.
        res: (reply: FastifyReply) => ({ statusCode: reply.statusCode, headers: reply.getHeaders() }),
      },
    },
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    const level = requestLogLevel(reply.statusCode);
    if (logger.isLevelEnabled(level) && !PROBE_URLS.has(request.routeOptions.url ?? '')) {
      logger[level](
        { req: request, res: reply, responseTime: Math.round(reply.elapsedTime) },
        reply.statusCode >= 500 ? 'request errored' : 'request completed',
      );
    }
    done();
  });
}
