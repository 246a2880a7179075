import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** Rows per DELETE, so pruning a large backlog never holds long locks. */
const PRUNE_BATCH = 5000;

/**
 * Deletes deliveries last updated before DELIVERY_LOG_RETENTION with their attempts, then the
 * events no delivery refers to any more (a redelivery keeps an old event), hourly.
 */
@Injectable()
export class DeliveryLogPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryLogPruner.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.timer.unref();
    void this.prune();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Returns how many deliveries were deleted. */
  async prune(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - this.config.delivery.logRetentionMs);
    let total = 0;
    try {
      for (;;) {
        const [{ deleted }] = (await this.dataSource.query(
          `WITH gone AS (
             DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries WHERE updated_at < $1 LIMIT ${PRUNE_BATCH})
             RETURNING id),
           attempts AS (DELETE FROM delivery_attempts a USING gone WHERE a.delivery_id = gone.id)
           SELECT count(*)::int AS deleted FROM gone`,
          [cutoff],
        )) as Array<{ deleted: number }>;
        total += deleted;
        if (deleted < PRUNE_BATCH) break;
      }
      await this.dataSource.query(
        `DELETE FROM delivery_events e WHERE e.created_at < $1
           AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id)`,
        [cutoff],
      );
    } catch (error) {
      this.logger.warn(`pruning the delivery log failed: ${(error as Error).message}`);
    }
    if (total > 0) this.logger.log(`pruned ${total} deliveries older than ${cutoff.toISOString()}`);
    return total;
  }
}
