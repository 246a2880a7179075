import { chunks, toStorableText } from '@hookyard/util';
import { oncePerEvent, type CanonicalEvent } from '@hookyard/events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { DeliveryAttempt } from './delivery-attempt.entity';
import { DeliveryEvent } from './delivery-event.entity';
import { Delivery, DeliveryStatus } from './delivery.entity';

/** A delivery as the worker logs it: its row, with the event stored once in delivery_events. */
export interface DeliveryRow {
  id: string;
  event: CanonicalEvent;
  subscriptionId: string;
  webhookId: string;
  status: DeliveryStatus;
  attempts: number;
  lastResponseStatus: number | null;
  /** When it was recorded (an ISO string), set by the delivery log writer. */
  at?: string;
}

/** One attempt as the worker logs it. */
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
  /** When it was recorded (an ISO string), set by the delivery log writer. */
  at?: string;
}

/** A row with the time it was recorded. */
export type Recorded<T extends { at?: string }> = T & { at: string };

/** The columns of a delivery logged before its job runs (a redelivery). */
export type PendingDeliveryRow = Pick<
  Delivery,
  'id' | 'eventId' | 'subscriptionId' | 'eventType' | 'webhookId'
>;

/** Which page of a subscription's deliveries to read, newest first. */
export interface DeliveryLogQuery {
  status?: DeliveryStatus;
  eventType?: string;
  /** Created at or after. */
  since?: Date;
  /** Created before. */
  until?: Date;
  /** Only deliveries before this one in the order (the last one of the previous page). */
  before?: { createdAt: Date; id: string };
  limit: number;
}

/** Rows per INSERT statement, well under PostgreSQL's 65535 parameters (10 per row at most). */
const ROWS_PER_STATEMENT = 1000;
/** Rows per DELETE when pruning, so pruning a large backlog never holds long locks. */
const PRUNE_BATCH = 5000;

/**
 * The delivery log: deliveries, their attempts, and the events they delivered (each once, however
 * many deliveries refer to it). The worker writes it in batches; the gateway reads it.
 */
@Injectable()
export class DeliveryLogRepository {
  private readonly deliveries: Repository<Delivery>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.deliveries = dataSource.getRepository(Delivery);
  }

  /**
   * Writes a batch in one transaction, three multi-row statements (more past ROWS_PER_STATEMENT
   * rows): each event once, then the deliveries, then the attempts. The same keys written again (a
   * job re-run after a crash) upsert the delivery, newest attempt count winning, and keep attempts
   * already logged. The rows stay the caller's, so a failed batch can be written again.
   */
  async writeBatch(
    deliveries: Array<Recorded<DeliveryRow>>,
    attempts: Array<Recorded<AttemptRow>>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await insertRows(manager, EVENTS, eachEventOnce(deliveries));
      await insertRows(manager, DELIVERIES, deliveries);
      await insertRows(manager, ATTEMPTS, attempts);
    });
  }

  /** The event of `delivery`, in a statement of its own (see writeBatch). */
  writeEvent(delivery: Recorded<DeliveryRow>): Promise<void> {
    return insertRows(this.dataSource.manager, EVENTS, [delivery]);
  }

  /** One delivery, in a statement of its own (see writeBatch). */
  writeDelivery(delivery: Recorded<DeliveryRow>): Promise<void> {
    return insertRows(this.dataSource.manager, DELIVERIES, [delivery]);
  }

  /** One attempt, in a statement of its own (see writeBatch). */
  writeAttempt(attempt: Recorded<AttemptRow>): Promise<void> {
    return insertRows(this.dataSource.manager, ATTEMPTS, [attempt]);
  }

  /**
   * Deletes the deliveries last updated before `cutoff` with their attempts, PRUNE_BATCH at a
   * time, then the events older than that no delivery refers to any more (a redelivery keeps an
   * old event). Returns how many deliveries were deleted.
   */
  async pruneBefore(cutoff: Date): Promise<number> {
    let total = 0;
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
    return total;
  }

  /** One page of a subscription's deliveries, newest first (by creation, then id). */
  listDeliveries(subscriptionId: string, query: DeliveryLogQuery): Promise<Delivery[]> {
    const builder = this.deliveries
      .createQueryBuilder('d')
      .where('d.subscription_id = :subscriptionId', { subscriptionId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(query.limit);
    if (query.status) builder.andWhere('d.status = :status', { status: query.status });
    if (query.eventType) builder.andWhere('d.event_type = :eventType', { eventType: query.eventType });
    if (query.since) builder.andWhere('d.created_at >= :since', { since: query.since });
    if (query.until) builder.andWhere('d.created_at < :until', { until: query.until });
    if (query.before) builder.andWhere('(d.created_at, d.id) < (:createdAt, :id)', query.before);
    return builder.getMany();
  }

  /** A delivery of this subscription's, or null (also for another subscription's). */
  findDelivery(subscriptionId: string, deliveryId: string): Promise<Delivery | null> {
    return this.deliveries.findOneBy({ id: deliveryId, subscriptionId });
  }

  /** A delivery's attempts, first to last. */
  listAttempts(deliveryId: string): Promise<DeliveryAttempt[]> {
    return this.dataSource
      .getRepository(DeliveryAttempt)
      .find({ where: { deliveryId }, order: { attemptNumber: 'ASC' } });
  }

  /** A delivered event, kept while a delivery refers to it. */
  findEvent(eventId: string): Promise<DeliveryEvent | null> {
    return this.dataSource.getRepository(DeliveryEvent).findOneBy({ id: eventId });
  }

  /** Logs a delivery not attempted yet, so its id can be read before its job runs. */
  createPendingDelivery(row: PendingDeliveryRow): Promise<Delivery> {
    return this.deliveries.save(
      this.deliveries.create({ ...row, status: 'pending', attempts: 0, lastResponseStatus: null }),
    );
  }
}

/**
 * The SQLSTATE when PostgreSQL refused a statement for a value in it (class 22 data exception, 23
 * integrity constraint, 54 program limit exceeded, e.g. a NUL in text or an oversized value), not
 * for the connection or the server's state: writing the same rows again cannot help.
 */
export function contentRefusal(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code) ? code : undefined;
}

/** Each event of `deliveries` once, in id order, so two workers writing the same ones lock them in the same order. */
export function eachEventOnce<T extends DeliveryRow>(deliveries: T[]): T[] {
  return [...new Map(deliveries.map((row) => [row.event.id, row])).values()].sort((a, b) =>
    a.event.id < b.event.id ? -1 : 1,
  );
}

/** How one delivery-log table is written. */
interface Table<T> {
  into: string;
  columns: (row: T) => unknown[];
  onConflict: string;
}

const EVENTS: Table<Recorded<DeliveryRow>> = {
  into: 'delivery_events (id, type, event, created_at)',
  columns: (row) => [row.event.id, row.event.type, eventJson(row.event), row.at],
  onConflict: 'ON CONFLICT (id) DO NOTHING',
};

const DELIVERIES: Table<Recorded<DeliveryRow>> = {
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
};

const ATTEMPTS: Table<Recorded<AttemptRow>> = {
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
};

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
