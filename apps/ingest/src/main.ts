import 'reflect-metadata';
import { loadConfigOrExit } from '@hookyard/config';
import { startApp } from '@hookyard/observability';
import { SubscriptionChangesServer } from '@hookyard/queue';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply } from 'fastify';
import { AppModule } from './app.module';
import { authenticateProducers, ProducerTokens } from './ingest-auth/producer-auth';
import { IngestExceptionFilter, ingestErrorResponse } from './ingest-exception.filter';
import { parseJsonBodies } from './json-bodies';

void startApp({
  name: 'ingest',
  config: loadConfigOrExit('ingest'),
  module: AppModule,
  port: (config) => config.ports.ingest,
  // Fastify, not Express: about half the CPU per envelope (apps/ingest/README.md).
  httpAdapter: new FastifyAdapter({
    // Paths match as they did on Express: any case, with or without a trailing slash.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    // A malformed URL is rejected before any route or filter: answer it in the same shape.
    frameworkErrors: (error: FastifyError, _request: unknown, reply: FastifyReply) => {
      const { status, body } = ingestErrorResponse(error);
      void reply.code(status).send(body);
    },
  }),
  bodyParser: false,
  configure: async (app, config) => {
    const fastify = app.getHttpAdapter().getInstance();
    authenticateProducers(fastify, new ProducerTokens(config.ingest.tokens), config.ingest.bodyLimitBytes);
    parseJsonBodies(fastify, config.ingest.bodyLimitBytes);
    app.useGlobalFilters(new IngestExceptionFilter(app.getHttpAdapter()));
    // The gateway's repositories-deleted messages (RepositoryDeletionsController).
    app.connectMicroservice({ strategy: new SubscriptionChangesServer(config.redis) });
    await app.startAllMicroservices();
  },
});
