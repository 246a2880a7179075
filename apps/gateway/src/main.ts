import 'reflect-metadata';
import { loadConfigOrExit } from '@hookyard/config';
import { createValidationPipe } from '@hookyard/http';
import { startApp } from '@hookyard/observability';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { consoleAssets } from './console/console-assets';
import { GatewayExceptionFilter } from './errors/gateway-exception.filter';

void startApp({
  name: 'gateway',
  config: loadConfigOrExit('gateway'),
  module: AppModule,
  port: (config) => config.ports.gateway,
  configure: (app) => {
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
