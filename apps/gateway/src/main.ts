import './v8-tuning';
import 'reflect-metadata';
import { loadConfigOrExit } from '@hookyard/config';
import { createValidationPipe, jsonBodyParser, ParamsAndQueryPipe } from '@hookyard/http';
import { HealthController, startApp } from '@hookyard/observability';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { ApiExcludeController, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { consoleAssets } from './console/console-assets';
import { GatewayExceptionFilter } from './errors/gateway-exception.filter';

/** Subscription documents are small; a PEM certificate chain is the largest part of one. */
const GATEWAY_BODY_LIMIT_BYTES = 100 * 1024;

void startApp({
  name: 'gateway',
  config: loadConfigOrExit('gateway'),
  module: AppModule,
  port: (config) => config.ports.gateway,
  bodyParser: false,
  configure: (nestApp, config) => {
    const app = nestApp as NestExpressApplication;
    app.disable('x-powered-by');
    // Behind a load balancer the client is in X-Forwarded-For: abuse limits count per client.
    app.set('trust proxy', config.trustProxy);
    // Security headers for a JSON API and the HTML served from the gateway's own origin (the
    // OpenAPI console at /api/docs, a console at /): helmet's defaults, CSP default-src 'self',
    // without upgrade-insecure-requests, which would break those pages on a plain-HTTP install.
    app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
    // API answers hold signing secrets, new tokens and delivery bodies: no browser or proxy cache
    // keeps them. The console's page and assets set their own caching below.
    app.use((_request: Request, response: Response, next: NextFunction) => {
      response.setHeader('Cache-Control', 'no-store');
      next();
    });
    app.use(jsonBodyParser(GATEWAY_BODY_LIMIT_BYTES));
    // The web console's page and assets at /, outside the API paths.
    app.use(consoleAssets());
    app.useGlobalPipes(new ParamsAndQueryPipe(), createValidationPipe());
    app.useGlobalFilters(new GatewayExceptionFilter());
    // The probes are not the API. Decorated here, not in @hookyard/observability, so that the other
    // apps do not load @nestjs/swagger (2.4 MB of heap and ~8 MB of RSS each).
    ApiExcludeController()(HealthController);
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Hookyard gateway')
        .setDescription('DTR, Quay and Alauda webhook APIs over one subscription store')
        .addBasicAuth()
        .addBearerAuth()
        .addApiKey(
          { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <token>' },
          'Token',
        )
        .build(),
    );
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  },
});
