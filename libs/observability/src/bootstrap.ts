import { ConfigModule, HookyardConfig, RedisConfig } from '@hookyard/config';
import { createRedis, keyOwners } from '@hookyard/queue';
import { INestApplication, Type } from '@nestjs/common';
import { AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

export interface AppStartOptions {
  name: string;
  /** Read by main.ts; provided to every module as HOOKYARD_CONFIG. */
  config: HookyardConfig;
  module: Type<unknown>;
  port: (config: HookyardConfig) => number;
  /** Another HTTP platform than Nest's default, Express (ingest runs on Fastify). */
  httpAdapter?: AbstractHttpAdapter;
  /** Ingest turns Nest's default body parser off to install its own limits and media types. */
  bodyParser?: boolean;
  /** Extra set-up before listening (body parsers, microservices, Swagger). */
  configure?: (app: INestApplication, config: HookyardConfig) => void | Promise<void>;
}

/** Starts the app with its configuration (PersistenceModule applies pending migrations first). */
export async function startApp(options: AppStartOptions): Promise<INestApplication> {
  const { config } = options;
  const root = { module: options.module, imports: [ConfigModule.forRoot(config)] };
  const nestOptions = { bufferLogs: true, bodyParser: options.bodyParser ?? true };
  const app = options.httpAdapter
    ? await NestFactory.create(root, options.httpAdapter, nestOptions)
    : await NestFactory.create(root, nestOptions);
  const logger = app.get(Logger);
  app.useLogger(logger);
  // Stop signals only: SIGUSR2 stays free for diagnostics (the bench's CPU profiler).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT', 'SIGHUP']);
  await warnIfRedisCanEvict(config.redis, (message) => logger.warn(message));
  await options.configure?.(app, config);
  await app.listen(options.port(config), '0.0.0.0');
  logger.log(`${options.name} listening on port ${options.port(config)}`);
  return app;
}

/** Accepted events and queued deliveries live in Redis: an evicting Redis could lose them. */
async function warnIfRedisCanEvict(config: RedisConfig, warn: (message: string) => void): Promise<void> {
  const redis = createRedis(config, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for (const server of keyOwners(redis)) {
      const [, policy] = (await server.config('GET', 'maxmemory-policy')) as [string, string];
      if (policy && policy !== 'noeviction') {
        const where = `${server.options.host}:${server.options.port}`;
        warn(
          `Redis maxmemory-policy is "${policy}" on ${where}: it may evict accepted events; use noeviction`,
        );
      }
    }
  } catch (error) {
    warn(`could not read Redis maxmemory-policy: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
}
