import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes a log's rows older than its retention: when the app starts, then hourly. A failure is
 * logged and tried again at the next hour. Every replica prunes; the deletes are idempotent.
 */
export abstract class RetentionPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(this.constructor.name);
  private timer: NodeJS.Timeout | undefined;

  /** `what`: the log and its rows, for log lines (`delivery log`, `deliveries`). */
  constructor(
    protected readonly retentionMs: number,
    private readonly what: { log: string; rows: string },
  ) {}

  /** Deletes the rows older than `cutoff`; returns how many. */
  protected abstract pruneBefore(cutoff: Date): Promise<number>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.timer.unref();
    void this.prune();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Returns how many rows were deleted. */
  async prune(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - this.retentionMs);
    let total = 0;
    try {
      total = await this.pruneBefore(cutoff);
    } catch (error) {
      this.logger.warn(`pruning the ${this.what.log} failed: ${(error as Error).message}`);
    }
    if (total > 0) this.logger.log(`pruned ${total} ${this.what.rows} older than ${cutoff.toISOString()}`);
    return total;
  }
}
