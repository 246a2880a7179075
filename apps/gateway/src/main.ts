import 'reflect-metadata';
import { loadConfigOrExit } from '@hookyard/config';
import { createValidationPipe } from '@hookyard/http';
import { startApp } from '@hookyard/observability';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { consoleAssets } from './console/console-assets';
import { GatewayExceptionFilter } from './errors/gateway-exception.filter';

void startApp({
  name: 'gateway',
  config: loadConfigOrExit('gateway'),
  module: AppModule,
  port: (config) => config.ports.gateway,
  configure: (nestApp, config) => {
    const app = nestApp as NestExpressApplication;
    app.disable('x-powered-by');
    // Behind a load balancer the client is in X-Forwarded-For: abuse limits count per client.
    app.set('trust proxy', config.trustProxy);
    // Security headers for a JSON API and the HTML served from the gateway's own origin (the
    // OpenAPI console at /api/docs, a console at /): helmet's defaults, CSP default-src 'self',
    // without upgrade-insecure-requests, which would break those pages on a plain-HTTP install.
    app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
    // The web console's page and assets at /, outside the API paths.
    app.use(consoleAssets());
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new GatewayExceptionFilter());
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
