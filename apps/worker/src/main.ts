import 'reflect-metadata';
import { loadConfigOrExit } from '@hookyard/config';
import { SubscriptionChangesServer } from '@hookyard/queue';
import { startApp } from '@hookyard/observability';
import { AppModule } from './app.module';

void startApp({
  name: 'worker',
  config: loadConfigOrExit('worker'),
  module: AppModule,
  port: (config) => config.ports.worker,
  configure: async (app, config) => {
    // subscription-changed messages evict the worker's subscription cache; ordered-deliveries-appended
    // ones wake its ordered-delivery runner.
    app.connectMicroservice({ strategy: new SubscriptionChangesServer(config.redis) });
    await app.startAllMicroservices();
  },
});
