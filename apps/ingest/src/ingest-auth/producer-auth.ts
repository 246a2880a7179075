import { discardBody } from '@hookyard/http';
import { UnauthorizedException } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { ingestErrorResponse } from '../ingest-exception.filter';

declare module 'fastify' {
  interface FastifyRequest {
    /** The producer whose bearer token the request carried; becomes the event `source`. */
    producer: string;
  }
  interface FastifyContextConfig {
    /** Set by ProducerAuthenticated. */
    producerAuthenticated?: boolean;
  }
}

/** What a producer route's handler gets: the request, with the producer it came from. */
export interface ProducerRequest {
  producer: string;
}

/**
 * A route producers post events to (`Authorization: Bearer <token>`, INGEST_TOKEN / INGEST_TOKENS).
 * The token is checked in Fastify's onRequest hook (authenticateProducers), before the body is read.
 */
export const ProducerAuthenticated = () => RouteConfig({ producerAuthenticated: true });

/** The producers' bearer tokens, compared in constant time. */
export class ProducerTokens {
  private readonly tokens: Array<[Buffer, string]>;

  constructor(tokens: ReadonlyMap<string, string>) {
    this.tokens = [...tokens].map(([token, name]) => [Buffer.from(token), name]);
  }

  /** The producer of `authorization`, or 401. */
  producerFor(authorization: string | undefined): string {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new UnauthorizedException('missing Authorization: Bearer <ingest token>');
    const presented = Buffer.from(match[1]);
    const producer = this.tokens.find(
      ([token]) => token.length === presented.length && timingSafeEqual(token, presented),
    )?.[1];
    if (!producer) throw new UnauthorizedException('invalid ingest token');
    return producer;
  }
}

/**
 * Checks the token of every ProducerAuthenticated route when the request arrives, before its body
 * is read or parsed: an unauthenticated client cannot make ingest buffer or parse a body, nor read
 * more of one than `bodyLimitBytes` (discarded, so that the client reads its 401).
 */
export function authenticateProducers(
  fastify: FastifyInstance,
  tokens: ProducerTokens,
  bodyLimitBytes: number,
): void {
  fastify.decorateRequest('producer', '');
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!request.routeOptions.config.producerAuthenticated) return done();
    try {
      request.producer = tokens.producerFor(request.headers.authorization);
    } catch (error) {
      const { status, body } = ingestErrorResponse(error);
      // A body declared over the limit stays unread: the connection closes after the answer.
      if (!discardBody(request.raw, bodyLimitBytes)) void reply.header('connection', 'close');
      void reply.code(status).send(body);
      return;
    }
    done();
  });
}
