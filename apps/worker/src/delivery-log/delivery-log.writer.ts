import { AttemptRow, DeliveryLogRepository, DeliveryRow, Recorded } from '@hookyard/persistence';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

/** Flush at least this often, and at once when this many rows wait. */
const FLUSH_INTERVAL_MS = 50;
const FLUSH_ROWS = 200;
const RETRY_DELAY_MS = 200;

/**
 * Buffers delivery-log rows and writes them in batches (DeliveryLogRepository.writeBatch: a few
 * multi-row statements per batch instead of several per attempt), so logging never holds up
 * deliveries. One write is in flight at a time; rows recorded meanwhile go together in the next
 * (group commit), so batches grow instead of queueing when PostgreSQL is the slower side. A
 * delivery recorded twice before a write is written once, as last recorded.
 */
@Injectable()
export class DeliveryLogWriter implements OnModuleDestroy {
  private readonly logger = new Logger(DeliveryLogWriter.name);
  private deliveries = new Map<string, Recorded<DeliveryRow>>();
  private attempts: Array<Recorded<AttemptRow>> = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private nextWrite: Promise<void> | undefined;

  constructor(private readonly log: DeliveryLogRepository) {}

  /** Queues the rows for the next write; they are the writer's from here on (stamped, not copied). */
  record(delivery: DeliveryRow, attempt?: AttemptRow): void {
    // An ISO string: node-postgres formats Date parameters field by field, which showed in profiles.
    const at = new Date().toISOString();
    delivery.at = at;
    this.deliveries.set(delivery.id, delivery as Recorded<DeliveryRow>);
    if (attempt) {
      attempt.at = at;
      this.attempts.push(attempt as Recorded<AttemptRow>);
    }
    if (this.deliveries.size + this.attempts.length >= FLUSH_ROWS) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Resolves once everything recorded so far is written (or given up on, and logged as lost). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing) {
      this.nextWrite ??= this.writing.then(() => {
        this.nextWrite = undefined;
        return this.flush();
      });
      return this.nextWrite;
    }
    const deliveries = [...this.deliveries.values()];
    const attempts = this.attempts;
    if (deliveries.length === 0 && attempts.length === 0) return Promise.resolve();
    this.deliveries = new Map();
    this.attempts = [];
    this.writing = this.writeWithRetry(deliveries, attempts).finally(() => (this.writing = undefined));
    return this.writing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  /** One retry covers a connection PostgreSQL dropped (restart, terminated backend). */
  private async writeWithRetry(
    deliveries: Array<Recorded<DeliveryRow>>,
    attempts: Array<Recorded<AttemptRow>>,
  ): Promise<void> {
    try {
      await this.log.writeBatch(deliveries, attempts);
    } catch {
      await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
      await this.log
        .writeBatch(deliveries, attempts)
        .catch((error: Error) =>
          this.logger.error(
            `lost ${deliveries.length} delivery and ${attempts.length} attempt log rows: ${error.message}`,
          ),
        );
    }
  }
}
