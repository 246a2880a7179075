import { DELIVERED_EVENT_MAX_DELAY_MS, HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { acceptedAtMs } from '@hookyard/events';
import {
  activityStreamStores,
  AttemptRow,
  contentRefusal,
  DeliveryLogRepository,
  DeliveryRow,
  Recorded,
} from '@hookyard/persistence';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

/** Flush at least this often, and at once when this many rows wait. */
const FLUSH_INTERVAL_MS = 50;
const FLUSH_ROWS = 200;
const RETRY_DELAY_MS = 200;

/**
 * Buffers delivery-log rows and writes them in batches (DeliveryLogRepository.writeBatch: a
 * multi-row statement per batch instead of several per attempt; a delivery's first attempt goes
 * in its row), so logging never holds up deliveries. One write is in flight at a time; rows
 * recorded meanwhile go together in the next (group commit), so batches grow instead of queueing
 * when PostgreSQL is the slower side. A delivery recorded twice before a write is written once,
 * as last recorded (with its first attempt); a batch PostgreSQL refuses for one row's content is
 * written again row by row, so only that row is affected.
 */
@Injectable()
export class DeliveryLogWriter implements OnModuleDestroy {
  private readonly logger = new Logger(DeliveryLogWriter.name);
  private deliveries = new Map<string, Recorded<DeliveryRow>>();
  private attempts: Array<Recorded<AttemptRow>> = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private nextWrite: Promise<void> | undefined;
  private stampedAtMs = 0;
  private stamp = '';

  /** The activity stream keeps events longer than this log keeps deliveries (HookyardConfig.eventLog). */
  private readonly activityStreamHoldsEvents: boolean;

  constructor(
    private readonly log: DeliveryLogRepository,
    @Inject(HOOKYARD_CONFIG) config: Pick<HookyardConfig, 'eventLog'>,
  ) {
    this.activityStreamHoldsEvents = config.eventLog.holdsDeliveredEvents;
  }

  /** Queues the rows for the next write; they are the writer's from here on (stamped, not copied). */
  record(delivery: DeliveryRow, attempt?: AttemptRow): void {
    const at = this.now();
    delivery.at = at;
    delivery.eventInActivityStream = this.leavesEventToActivityStream(delivery);
    if (attempt) {
      attempt.at = at;
      if (attempt.attemptNumber === 1) delivery.firstAttempt = attempt;
      else this.attempts.push(attempt as Recorded<AttemptRow>);
    }
    delivery.firstAttempt ??= this.deliveries.get(delivery.id)?.firstAttempt;
    this.deliveries.set(delivery.id, delivery as Recorded<DeliveryRow>);
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

  /**
   * Whether `delivery`'s row may leave its event to the activity stream rather than carry it (one
   * copy of each event fewer in PostgreSQL: bench/README.md, "Events stored once"). Only a row at
   * its first attempt, of an event that came through the event stream (which the activity stream
   * records a moment later) at most DELIVERED_EVENT_MAX_DELAY_MS ago and that it can store: the
   * activity stream then keeps the event until after the delivery log prunes the row. A retried
   * delivery's row (updated later) and a redelivery of an older event carry their event.
   */
  private leavesEventToActivityStream(delivery: DeliveryRow): boolean {
    if (!this.activityStreamHoldsEvents || delivery.attempts > 1) return false;
    const { event } = delivery;
    return (
      this.stampedAtMs - acceptedAtMs(event) <= DELIVERED_EVENT_MAX_DELAY_MS && activityStreamStores(event)
    );
  }

  /**
   * Now as an ISO string, made once per millisecond: node-postgres formats Date parameters field
   * by field, and a fan-out records many rows per millisecond.
   */
  private now(): string {
    const ms = Date.now();
    if (ms !== this.stampedAtMs) {
      this.stampedAtMs = ms;
      this.stamp = new Date(ms).toISOString();
    }
    return this.stamp;
  }

  /**
   * One retry covers a connection PostgreSQL dropped (restart, terminated backend). A row
   * PostgreSQL refuses for what it holds fails its whole statement: then every row is written on
   * its own, so that only that row is affected.
   */
  private async writeWithRetry(
    deliveries: Array<Recorded<DeliveryRow>>,
    attempts: Array<Recorded<AttemptRow>>,
  ): Promise<void> {
    try {
      return await this.log.writeBatch(deliveries, attempts);
    } catch (error) {
      if (!contentRefusal(error)) {
        await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
        try {
          return await this.log.writeBatch(deliveries, attempts);
        } catch (again) {
          if (!contentRefusal(again)) return this.lost(deliveries.length, attempts.length, again);
        }
      }
    }
    await this.writeOneByOne(deliveries, attempts);
  }

  /**
   * Each row in a statement of its own, each delivery with its event. A row refused for its
   * content is written again without what an attempt sent and received (the attempt keeps its
   * status and duration, and says why its content is missing); a row that still cannot be written
   * is logged by its ids. A failure of another kind (PostgreSQL gone) ends the write.
   */
  private async writeOneByOne(
    deliveries: Array<Recorded<DeliveryRow>>,
    attempts: Array<Recorded<AttemptRow>>,
  ): Promise<void> {
    const steps = [
      ...deliveries.map((row) => () => this.writeOne(DELIVERY, row)),
      ...attempts.map((row) => () => this.writeOne(ATTEMPT, row)),
    ];
    for (const [done, step] of steps.entries()) {
      try {
        await step();
      } catch (error) {
        const deliveriesDone = Math.min(done, deliveries.length);
        const attemptsDone = Math.max(0, done - deliveries.length);
        return this.lost(deliveries.length - deliveriesDone, attempts.length - attemptsDone, error);
      }
    }
  }

  /** Throws only when PostgreSQL failed for another reason than the row's content. */
  private async writeOne<T>(kind: RowKind<T>, row: T): Promise<void> {
    try {
      return await kind.write(this.log, row);
    } catch (error) {
      const code = contentRefusal(error);
      if (!code) throw error;
      const stripped = kind.withoutContent?.(row, code);
      if (stripped) {
        try {
          await kind.write(this.log, stripped);
          this.logger.warn(`${kind.name} log row ${kind.ids(row)} written without its content (${code})`);
          return;
        } catch (again) {
          if (!contentRefusal(again)) throw again;
        }
      }
      this.logger.error(`${kind.name} log row ${kind.ids(row)} not written: ${(error as Error).message}`);
    }
  }

  private lost(deliveries: number, attempts: number, error: unknown): void {
    this.logger.error(
      `lost ${deliveries} delivery log rows (with their first attempts) and ${attempts} later attempt rows: ${(error as Error).message}`,
    );
  }
}

/** How the row-by-row fallback writes, names and, if it must, strips one kind of log row. */
interface RowKind<T> {
  /** For log lines. */
  name: string;
  write: (log: DeliveryLogRepository, row: T) => Promise<void>;
  ids: (row: T) => string;
  /** The row without what a receiver or an event put in it, to write when PostgreSQL refuses it. */
  withoutContent?: (row: T, sqlState: string) => T | undefined;
}

/** An attempt without what was sent and received, saying why. */
function withoutAttemptContent<T extends AttemptRow>(attempt: T, sqlState: string): T {
  return {
    ...attempt,
    requestHeaders: {},
    requestBody: '',
    responseHeaders: null,
    responseBody: null,
    error: `the attempt's request and response could not be logged (PostgreSQL error ${sqlState})`,
  };
}

const DELIVERY: RowKind<Recorded<DeliveryRow>> = {
  name: 'delivery',
  write: (log, row) => log.writeDelivery(row),
  ids: (row) => `of delivery ${row.id} (subscription ${row.subscriptionId})`,
  withoutContent: (row, sqlState) =>
    row.firstAttempt && { ...row, firstAttempt: withoutAttemptContent(row.firstAttempt, sqlState) },
};

const ATTEMPT: RowKind<Recorded<AttemptRow>> = {
  name: 'attempt',
  write: (log, row) => log.writeAttempt(row),
  ids: (row) => `of attempt ${row.attemptNumber} of delivery ${row.deliveryId}`,
  withoutContent: withoutAttemptContent,
};
