import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { createRedis, RedisClient } from '@hookyard/queue';
import {
  DynamicModule,
  Inject,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
  RequestMethod,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { collectDefaultMetrics, register } from 'prom-client';
import { HealthController } from './health.controller';
import { MetricsServer } from './metrics-server';
import { redactionOptions, redactRequest } from './log-redaction';
import { logFastifyRequests, PROBE_PATHS, requestLogLevel } from './request-log';
import { HEALTH_REDIS } from './tokens';

/** Structured JSON logs, /healthz, /readyz and /metrics for one app. */
@Module({})
export class ObservabilityModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(HEALTH_REDIS) private readonly redis: RedisClient,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  static forApp(app: string): DynamicModule {
    register.setDefaultLabels({ app });
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [HOOKYARD_CONFIG, HttpAdapterHost],
          useFactory: (config: HookyardConfig, adapterHost: HttpAdapterHost) => ({
            // On Fastify no pino-http middleware: an onResponse hook logs requests (onModuleInit).
            ...(isFastify(adapterHost) ? { forRoutes: [] } : {}),
            // Probes get no request logger: its AsyncLocalStorage, once entered, adds async-hook
            // work to every promise of the process (about 5% of a worker's CPU), and the worker and
            // dispatcher serve nothing else.
            exclude: PROBE_PATHS.map((path) => ({ path, method: RequestMethod.GET })),
            pinoHttp: {
              name: app,
              level: config.log.level,
              ...redactionOptions,
              serializers: { ...redactionOptions.serializers, req: redactRequest },
              customLogLevel: (_req, res, error) => requestLogLevel(res.statusCode, error),
            },
          }),
        }),
      ],
      controllers: [HealthController],
      providers: [
        MetricsServer,
        {
          provide: HEALTH_REDIS,
          inject: [HOOKYARD_CONFIG],
          useFactory: (config: HookyardConfig) =>
            createRedis(config.redis, { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
        },
      ],
    };
  }

  /** Runs after LoggerModule has built its root logger, before Fastify is ready. */
  onModuleInit() {
    if (isFastify(this.adapterHost)) {
      logFastifyRequests(this.adapterHost.httpAdapter.getInstance(), PinoLogger.root);
    }
  }

  async onApplicationShutdown() {
    this.redis.disconnect();
  }
}

function isFastify(adapterHost: HttpAdapterHost): boolean {
  return adapterHost.httpAdapter?.getType() === 'fastify';
}
