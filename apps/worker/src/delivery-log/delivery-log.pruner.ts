import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { DeliveryLogRepository } from '@hookyard/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes deliveries last updated before DELIVERY_LOG_RETENTION with their attempts and the events
 * they store (DeliveryLogRepository.pruneBefore), hourly.
 */
@Injectable()
export class DeliveryLogPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryLogPruner.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    private readonly log: DeliveryLogRepository,
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
      total = await this.log.pruneBefore(cutoff);
    } catch (error) {
      this.logger.warn(`pruning the delivery log failed: ${(error as Error).message}`);
    }
    if (total > 0) this.logger.log(`pruned ${total} deliveries older than ${cutoff.toISOString()}`);
    return total;
  }
}
