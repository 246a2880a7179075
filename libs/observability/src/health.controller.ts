import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { RedisClient, subscriptionsVersionKey } from '@hookyard/queue';
import { HEALTH_REDIS } from './tokens';

@Controller()
export class HealthController {
  /** A key of the install: in a cluster, PING answers from any node, this from the one holding its slot. */
  private readonly redisProbeKey: string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(HEALTH_REDIS) private readonly redis: RedisClient,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {
    this.redisProbeKey = subscriptionsVersionKey(config.redis.prefix);
  }

  /** Liveness: the process answers. */
  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis both answer. */
  @Get('readyz')
  async readyz() {
    const checks = await Promise.allSettled([
      this.dataSource.query('SELECT 1'),
      this.redis.exists(this.redisProbeKey),
    ]);
    const [postgres, redis] = checks.map((check) => (check.status === 'fulfilled' ? 'up' : 'down'));
    if (postgres !== 'up' || redis !== 'up') {
      throw new ServiceUnavailableException({ status: 'unavailable', postgres, redis });
    }
    return { status: 'ok', postgres, redis };
  }

  /** Here unless METRICS_PORT moves it to its own port (MetricsServer). */
  @Get('metrics')
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    if (this.config.metricsPort !== undefined) throw new NotFoundException('Cannot GET /metrics');
    return register.metrics();
  }
}
