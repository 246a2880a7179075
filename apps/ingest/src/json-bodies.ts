import { jsonBodyParser } from '@hookyard/http';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

/**
 * Request bodies as ingest parsed them on Express, with body-parser itself: every JSON media type
 * (Distribution sends application/vnd.docker.distribution.events.v1+json), the same limit, content
 * encodings, empty body as `{}`, and the same errors for IngestExceptionFilter to render; hostile
 * JSON is refused as the gateway refuses it (jsonBodyParser). Bodies of other types stay unread for
 * the routes' Content-Type guard and its 415. The producer token was checked before any of this
 * runs (authenticateProducers).
 */
export function parseJsonBodies(fastify: FastifyInstance, limitBytes: number): void {
  const parse = jsonBodyParser(limitBytes);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    const raw = request.raw as IncomingMessage & { body?: unknown };
    // body-parser's signature is Express's; it only passes the response on to its `verify` option.
    parse(raw, undefined as never, (error?: unknown) => done((error as Error) ?? null, raw.body));
  });
}
