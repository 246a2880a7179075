import 'reflect-metadata';
import { startApp } from '@hookyard/observability';
import { AppModule } from './app.module';

void startApp({ name: 'worker', module: AppModule, port: (config) => config.ports.worker });
