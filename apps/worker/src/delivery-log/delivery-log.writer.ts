import type { DeliveryStatus } from '@hookyard/persistence';
import { chunks, toStorableText } from '@hookyard/util';
import { oncePerEvent, type CanonicalEvent } from '@hookyard/events';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface DeliveryRow {
  id: string;
  event: CanonicalEvent;
  subscriptionId: string;
  webhookId: string;
  status: DeliveryStatus;
  attempts: number;
  lastResponseStatus: number | null;
  /** Set by the writer when recorded. */
  at?: string;
}

export interface AttemptRow {
  deliveryId: string;
  attemptNumber: number;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  durationMs: number;
  error: string | null;
  /** Set by the writer when recorded. */
  at?: string;
}

type Timed<T> = T & { at: string };

/** Flush at least this often, and at once when this many rows wait. */
const FLUSH_INTERVAL_MS = 50;
const FLUSH_ROWS = 200;
/** Rows per INSERT statement, well under PostgreSQL's 65535 parameters (10 per row at most). */
const ROWS_PER_STATEMENT = 1000;
const RETRY_DELAY_MS = 200;

/**
 * Buffers delivery-log rows and writes them in multi-row upserts, so logging costs a few
 * statements per batch instead of several per attempt and never holds up deliveries. One write
 * is in flight at a time; rows recorded meanwhile go together in the next (group commit), so
 * batches grow instead of queueing when PostgreSQL is the slower side.
 * A job re-run after a crash writes the same keys: deliveries are upserted (newest attempt count
 * wins), attempts already logged are kept. The event goes in once per write, however many of its
 * deliveries the write holds.
 */
@Injectable()
export class DeliveryLogWriter implements OnModuleDestroy {
  private readonly logger = new Logger(DeliveryLogWriter.name);
  private deliveries = new Map<string, Timed<DeliveryRow>>();
  private attempts: Array<Timed<AttemptRow>> = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private nextWrite: Promise<void> | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Queues the rows for the next write; they are the writer's from here on (stamped, not copied). */
  record(delivery: DeliveryRow, attempt?: AttemptRow): void {
    // An ISO string: node-postgres formats Date parameters field by field, which showed in profiles.
    const at = new Date().toISOString();
    delivery.at = at;
    this.deliveries.set(delivery.id, delivery as Timed<DeliveryRow>);
    if (attempt) {
      attempt.at = at;
      this.attempts.push(attempt as Timed<AttemptRow>);
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

  /**
   * One retry covers a connection PostgreSQL dropped (restart, terminated backend). A row
   * PostgreSQL refuses for what it holds fails its whole statement: then every row is written on
   * its own, so that only that row is affected.
   */
  private async writeWithRetry(
    deliveries: Array<Timed<DeliveryRow>>,
    attempts: Array<Timed<AttemptRow>>,
  ): Promise<void> {
    try {
      return await this.write(deliveries, attempts);
    } catch (error) {
      if (!refusedForContent(error)) {
        await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
        try {
          return await this.write(deliveries, attempts);
        } catch (again) {
          if (!refusedForContent(again)) return this.lost(deliveries.length, attempts.length, again);
        }
      }
    }
    await this.writeOneByOne(deliveries, attempts);
  }

  private async write(
    deliveries: Array<Timed<DeliveryRow>>,
    attempts: Array<Timed<AttemptRow>>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await insertRows(manager, EVENTS, eventsOf(deliveries));
      await insertRows(manager, DELIVERIES, deliveries);
      await insertRows(manager, ATTEMPTS, attempts);
    });
  }

  /**
   * Each row in a statement of its own. A row refused for its content is written again without
   * it where it has any (an attempt keeps its status and duration, and says why its content is
   * missing); a row that still cannot be written is logged by its ids. A failure of another kind
   * (PostgreSQL gone) ends the write.
   */
  private async writeOneByOne(
    deliveries: Array<Timed<DeliveryRow>>,
    attempts: Array<Timed<AttemptRow>>,
  ): Promise<void> {
    const manager = this.dataSource.manager;
    const events = eventsOf(deliveries);
    const steps = [
      ...events.map((row) => () => this.insertOne(manager, EVENTS, row)),
      ...deliveries.map((row) => () => this.insertOne(manager, DELIVERIES, row)),
      ...attempts.map((row) => () => this.insertOne(manager, ATTEMPTS, row)),
    ];
    for (const [done, step] of steps.entries()) {
      try {
        await step();
      } catch (error) {
        const deliveriesDone = Math.max(0, Math.min(done - events.length, deliveries.length));
        const attemptsDone = Math.max(0, done - events.length - deliveries.length);
        return this.lost(deliveries.length - deliveriesDone, attempts.length - attemptsDone, error);
      }
    }
  }

  /** Throws only when PostgreSQL failed for another reason than the row's content. */
  private async insertOne<T>(manager: EntityManager, table: Table<T>, row: T): Promise<void> {
    try {
      return await insertRows(manager, table, [row]);
    } catch (error) {
      if (!refusedForContent(error)) throw error;
      const code = (error as { code: string }).code;
      const stripped = table.withoutContent?.(row, code);
      if (stripped) {
        try {
          await insertRows(manager, table, [stripped]);
          this.logger.warn(`${table.name} log row ${table.ids(row)} written without its content (${code})`);
          return;
        } catch (again) {
          if (!refusedForContent(again)) throw again;
        }
      }
      this.logger.error(`${table.name} log row ${table.ids(row)} not written: ${(error as Error).message}`);
    }
  }

  private lost(deliveries: number, attempts: number, error: unknown): void {
    this.logger.error(
      `lost ${deliveries} delivery and ${attempts} attempt log rows: ${(error as Error).message}`,
    );
  }
}

/** How one delivery-log table is written. */
interface Table<T> {
  /** For log lines. */
  name: string;
  into: string;
  columns: (row: T) => unknown[];
  onConflict: string;
  ids: (row: T) => string;
  /** The row without what a receiver or an event put in it, to write when PostgreSQL refuses it. */
  withoutContent?: (row: T, sqlState: string) => T;
}

const EVENTS: Table<Timed<DeliveryRow>> = {
  name: 'event',
  into: 'delivery_events (id, type, event, created_at)',
  columns: (row) => [row.event.id, row.event.type, eventJson(row.event), row.at],
  onConflict: 'ON CONFLICT (id) DO NOTHING',
  ids: (row) => `of event ${JSON.stringify(row.event.id)}`,
};

const DELIVERIES: Table<Timed<DeliveryRow>> = {
  name: 'delivery',
  into: `deliveries (id, event_id, subscription_id, event_type, webhook_id, status, attempts,
           last_response_status, created_at, updated_at)`,
  columns: (row) => [
    row.id,
    row.event.id,
    row.subscriptionId,
    row.event.type,
    row.webhookId,
    row.status,
    row.attempts,
    row.lastResponseStatus,
    row.at,
    row.at,
  ],
  onConflict: `ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, attempts = EXCLUDED.attempts,
           last_response_status = EXCLUDED.last_response_status, updated_at = EXCLUDED.updated_at
         WHERE deliveries.attempts <= EXCLUDED.attempts`,
  ids: (row) => `of delivery ${row.id} (subscription ${row.subscriptionId})`,
};

const ATTEMPTS: Table<Timed<AttemptRow>> = {
  name: 'attempt',
  into: `delivery_attempts (delivery_id, attempt_number, request_headers, request_body,
           response_status, response_headers, response_body, duration_ms, error, created_at)`,
  // The receiver's body and the error (which may quote it) are made storable; JSON columns get
  // JSON.stringify's escapes, and the request body is JSON text already.
  columns: (row) => [
    row.deliveryId,
    row.attemptNumber,
    JSON.stringify(row.requestHeaders),
    row.requestBody,
    row.responseStatus,
    row.responseHeaders && JSON.stringify(row.responseHeaders),
    row.responseBody && toStorableText(row.responseBody),
    Math.round(row.durationMs),
    row.error && toStorableText(row.error),
    row.at,
  ],
  onConflict: 'ON CONFLICT (delivery_id, attempt_number) DO NOTHING',
  ids: (row) => `of attempt ${row.attemptNumber} of delivery ${row.deliveryId}`,
  withoutContent: (row, sqlState) => ({
    ...row,
    requestHeaders: {},
    requestBody: '',
    responseHeaders: null,
    responseBody: null,
    error: `the attempt's request and response could not be logged (PostgreSQL error ${sqlState})`,
  }),
};

/** Each event once, in id order, so two workers writing the same ones lock them in the same order. */
function eventsOf(deliveries: Array<Timed<DeliveryRow>>): Array<Timed<DeliveryRow>> {
  return [...new Map(deliveries.map((row) => [row.event.id, row])).values()].sort((a, b) =>
    a.event.id < b.event.id ? -1 : 1,
  );
}

/**
 * PostgreSQL refused a statement for a value in it (SQLSTATE class 22 data exception, 23
 * integrity constraint, 54 program limit exceeded, e.g. a NUL in text or an oversized value),
 * not for the connection or the server's state: retrying the same rows cannot help.
 */
function refusedForContent(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

/**
 * `INSERT INTO <table> VALUES … <on conflict>` for `rows`, in statements of at most ROWS_PER_STATEMENT
 * rows. Each statement's parameter array is emptied once it ran: node-postgres keeps a finished
 * query reachable from the old generation until the next full GC (a standalone insert loop
 * promoted each query's text and values; emptying them after the query stopped it), so the rows'
 * strings (events, request bodies and headers) survived every young-generation GC and were
 * promoted, lengthening the worker's scavenge pauses. The rows stay with the caller for a retry.
 */
async function insertRows<T>(manager: EntityManager, table: Table<T>, rows: T[]): Promise<void> {
  for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) {
    const { sql, params } = valuesList(chunk, table.columns);
    try {
      await manager.query(`INSERT INTO ${table.into} VALUES ${sql} ${table.onConflict}`, params);
    } finally {
      params.length = 0;
    }
  }
}

/** The deliveries of one fan-out share one event object. */
const eventJson = oncePerEvent((event) => JSON.stringify(event));

/** `($1, $2), ($3, $4)` and its parameters for a multi-row INSERT. */
function valuesList<T>(rows: T[], columns: (row: T) => unknown[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  let width = 0;
  for (const row of rows) {
    const values = columns(row);
    width = values.length;
    for (const value of values) params.push(value);
  }
  return { sql: placeholders(rows.length, width), params };
}

/** `($1, …, $width)` tuples by width and row: batches vary in size, their rows do not. */
const placeholderTuples = new Map<number, string[]>();

function placeholders(rows: number, width: number): string {
  let tuples = placeholderTuples.get(width);
  if (!tuples) placeholderTuples.set(width, (tuples = []));
  for (let row = tuples.length; row < rows; row++)
    tuples.push(
      `(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(', ')})`,
    );
  return tuples.slice(0, rows).join(', ');
}
