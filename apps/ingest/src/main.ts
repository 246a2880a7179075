import 'reflect-metadata';
import { startApp } from '@hookyard/observability';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { IngestExceptionFilter } from './ingest-exception.filter';

void startApp({
  name: 'ingest',
  module: AppModule,
  port: (config) => config.ports.ingest,
  bodyParser: false,
  configure: (app, config) => {
    // Distribution sends application/vnd.docker.distribution.events.v1+json; parse every JSON type.
    (app as NestExpressApplication).useBodyParser('json', {
      type: ['application/json', 'application/*+json'],
      limit: config.ingest.bodyLimitBytes,
    });
    app.useGlobalFilters(new IngestExceptionFilter());
  },
});
