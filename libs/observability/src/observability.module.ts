import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { createRedis } from '@hookyard/queue';
import { DynamicModule, Inject, Module, OnApplicationShutdown, RequestMethod } from '@nestjs/common';
import type Redis from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { collectDefaultMetrics, register } from 'prom-client';
import { HealthController } from './health.controller';
import { HEALTH_REDIS } from './tokens';

/** Structured JSON logs, /healthz, /readyz and /metrics for one app. */
@Module({})
export class ObservabilityModule implements OnApplicationShutdown {
  constructor(@Inject(HEALTH_REDIS) private readonly redis: Redis) {}

  static forApp(app: string): DynamicModule {
    register.setDefaultLabels({ app });
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [HOOKYARD_CONFIG],
          useFactory: (config: HookyardConfig) => ({
            // Probes get no request logger: its AsyncLocalStorage, once entered, adds async-hook
            // work to every promise of the process (about 5% of a worker's CPU), and the worker and
            // dispatcher serve nothing else.
            exclude: ['healthz', 'readyz', 'metrics'].map((path) => ({ path, method: RequestMethod.GET })),
            pinoHttp: {
              name: app,
              level: config.log.level,
              redact: ['req.headers.authorization'],
              // Ingest answers thousands of 202s a second: successes are logged at debug, problems above it.
              customLogLevel: (_req, res, error) =>
                error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug',
            },
          }),
        }),
      ],
      controllers: [HealthController],
      providers: [
        {
          provide: HEALTH_REDIS,
          inject: [HOOKYARD_CONFIG],
          useFactory: (config: HookyardConfig) =>
            createRedis(config.redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
        },
      ],
    };
  }

  async onApplicationShutdown() {
    this.redis.disconnect();
  }
}
