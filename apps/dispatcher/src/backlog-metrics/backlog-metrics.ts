import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import {
  DELIVERIES_QUEUE,
  DeliveryJobData,
  eventStreamKey,
  RedisClient,
  streamGroupField,
  streamGroups,
} from '@hookyard/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Gauge, register } from 'prom-client';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * The backlog between the stages, read from Redis when Prometheus scrapes: how far the dispatcher
 * group is behind the event stream, and the deliveries queued per state. Any pod's value is the
 * whole install's (aggregate with max, not sum).
 */
@Injectable()
export class BacklogMetrics implements OnApplicationShutdown {
  private readonly logger = new Logger(BacklogMetrics.name);
  private readonly names: string[];

  constructor(
    @Inject(HOOKYARD_CONFIG) config: HookyardConfig,
    @InjectQueue(DELIVERIES_QUEUE) private readonly deliveries: Queue<DeliveryJobData>,
  ) {
    const streamKey = eventStreamKey(config.redis.prefix);
    const read = this.read.bind(this);
    // BullMQ's own ioredis connection serves these few reads.
    const redis = async () => (await deliveries.client) as unknown as RedisClient;
    const groups = async () => streamGroups(await redis(), streamKey);
    // prom-client collects the metrics concurrently, so each gauge reads what it shows.
    const groupGauge = (name: string, help: string, fieldName: string) => {
      const gauge: Gauge<'group'> = new Gauge({
        name,
        help,
        labelNames: ['group'] as const,
        async collect() {
          await read(async () => {
            for (const group of await groups())
              gauge.set(
                { group: String(streamGroupField(group, 'name')) },
                Number(streamGroupField(group, fieldName) ?? 0),
              );
          });
        },
      });
      return gauge;
    };
    const lag = groupGauge(
      'hookyard_event_stream_lag',
      'Events in the stream not yet read by the consumer group (XINFO GROUPS lag)',
      'lag',
    );
    const pending = groupGauge(
      'hookyard_event_stream_pending',
      'Events read by the consumer group but not yet dispatched and acknowledged',
      'pending',
    );
    const length = new Gauge({
      name: 'hookyard_event_stream_length',
      help: 'Entries in the event stream (XLEN)',
      async collect() {
        await read(async () => length.set(await (await redis()).xlen(streamKey)));
      },
    });
    const jobs = new Gauge({
      name: 'hookyard_delivery_jobs',
      help: 'Delivery jobs in the queue by state',
      labelNames: ['state'] as const,
      async collect() {
        await read(async () => {
          const counts = await deliveries.getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) jobs.set({ state }, counts[state] ?? 0);
        });
      },
    });
    this.names = [lag, pending, length, jobs].map((gauge) => (gauge as unknown as { name: string }).name);
  }

  /** A scrape while Redis is down serves the other metrics instead of failing. */
  private async read(collect: () => Promise<void>): Promise<void> {
    try {
      await collect();
    } catch (error) {
      this.logger.warn(`backlog metrics unavailable: ${(error as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    // A later app in the same process (tests) registers them again.
    for (const name of this.names) register.removeSingleMetric(name);
  }
}
