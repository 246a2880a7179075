import { chunks, toStorableText } from '@hookyard/util';
import { hash } from 'node:crypto';
import { oncePerEvent, type CanonicalEvent } from '@hookyard/events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { COPY_NULL, copyableText, copyField, copyIn } from '../copy-text';
import { entityColumns, Listing, sqlListing } from '../listing/listing';
import { PRUNE_BATCH, pruneInBatches } from '../prune-in-batches';
import { Keyset } from '../listing/keyset';
import { DeliveryAttempt } from './delivery-attempt.entity';
import { Delivery, DELIVERY_STATUSES, DeliveryStatus } from './delivery.entity';
import { RECORDED_EVENTS_BY_ID, recordedEvent, type RecordedEventRow } from '../event-log/recorded-event';

/**
 * A delivery as the worker logs it: its row, with its event (stored on one delivery per event and
 * write, unless every row of it has it in the activity stream: eventCarriers).
 */
export interface DeliveryRow {
  id: string;
  event: CanonicalEvent;
  subscriptionId: string;
  webhookId: string;
  status: DeliveryStatus;
  attempts: number;
  lastResponseStatus: number | null;
  /**
   * The activity stream keeps this row's event for longer than the delivery log keeps the row
   * (see the worker's DeliveryLogWriter): the row need not carry it.
   */
  eventInActivityStream?: boolean;
  /** Its first attempt, when this row records it: stored in the delivery's own row. */
  firstAttempt?: AttemptRow;
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

/** Which of a subscription's deliveries to list; every one given must match. */
export interface DeliveryLogFilter {
  status?: DeliveryStatus;
  eventType?: string;
  /** Created at or after. */
  since?: Date;
  /** Created before. */
  until?: Date;
}

/** The delivery log's order: newest first, by creation then id (indexed with and without a status). */
const NEWEST_FIRST = new Keyset(
  [
    { column: 'created_at', type: 'timestamptz' },
    { column: 'id', type: 'uuid' },
  ],
  'DESC',
);

/** Rows per INSERT statement. */
const ROWS_PER_STATEMENT = 1000;

/**
 * The delivery log: deliveries (each with its first attempt and, on one delivery per event and
 * write, the event) and their later attempts. The worker writes it in batches; the gateway reads it.
 */
@Injectable()
export class DeliveryLogRepository {
  private readonly deliveries: Repository<Delivery>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.deliveries = dataSource.getRepository(Delivery);
  }

  /**
   * Writes a batch: the deliveries at their first attempt by one COPY (copyNewDeliveries), the
   * others in one multi-row upsert and later attempts in one more (more statements past
   * ROWS_PER_STATEMENT rows; in one transaction), each delivery with its first attempt and the
   * event on one delivery per event (the last recorded of the batch, so that pruning by last
   * update never removes it before the others). The same keys written again (a job re-run after a
   * crash, a writer's retry after a failure past the COPY) upsert the delivery, newest attempt
   * count winning, and keep attempts already logged. The rows stay the caller's, so a failed
   * batch can be written again. A statement on its own (the usual batch: one COPY) is atomic
   * without BEGIN and COMMIT, two round trips fewer.
   */
  async writeBatch(
    deliveries: Array<Recorded<DeliveryRow>>,
    attempts: Array<Recorded<AttemptRow>>,
  ): Promise<void> {
    const carriers = eventCarriers(deliveries);
    const copied = await this.copyNewDeliveries(deliveries, carriers);
    const rest = copied ? deliveries.filter((row) => !copied.has(row)) : deliveries;
    if (attempts.length === 0 && rest.length <= ROWS_PER_STATEMENT)
      return insertRows(this.dataSource.manager, DELIVERIES, rest, carriers);
    await this.dataSource.transaction(async (manager) => {
      await insertRows(manager, DELIVERIES, rest, carriers);
      await insertRows(manager, ATTEMPTS, attempts);
    });
  }

  /**
   * Writes the deliveries at their first attempt (or none yet), the usual rows, with one `COPY
   * deliveries FROM STDIN` of their own and returns them; the rest (later attempts, rows whose text
   * COPY cannot carry as the upsert would refuse it) are left to writeBatch's upsert. A row of
   * these may exist all the same (a redelivery's or a recovery's pending row, a job re-run after a
   * crash): COPY fails on it with a unique violation, having written nothing, and they are all left
   * to the upsert (returns undefined).
   */
  private async copyNewDeliveries(
    deliveries: Array<Recorded<DeliveryRow>>,
    carriers: ReadonlySet<Recorded<DeliveryRow>>,
  ): Promise<Set<Recorded<DeliveryRow>> | undefined> {
    const copied = new Set<Recorded<DeliveryRow>>();
    const lines: string[] = [];
    const fresh = deliveries.filter((row) => row.attempts <= 1);
    const bodies = sharedRequestBodies(fresh);
    for (const row of fresh) {
      const line = copyLine(DELIVERIES, row, carriers, bodies);
      if (line === undefined) continue;
      copied.add(row);
      lines.push(line);
    }
    if (lines.length === 0) return undefined;
    const shared = [...bodies.values()].filter(
      (body): body is RequestBodyField & SharedRequestBody => body?.id !== undefined,
    );
    // Before the rows that name them: a crash in between leaves bodies nobody names, pruned in time.
    if (shared.length > 0) await insertRows(this.dataSource.manager, REQUEST_BODIES, shared);
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      await copyIn(client, COPY_DELIVERIES, lines);
      return copied;
    } catch (error) {
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return undefined;
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** One delivery with its first attempt and its event, in a statement of its own (see writeBatch). */
  writeDelivery(delivery: Recorded<DeliveryRow>): Promise<void> {
    return insertRows(this.dataSource.manager, DELIVERIES, [delivery], new Set([delivery]));
  }

  /** One attempt after the first, in a statement of its own (see writeBatch). */
  writeAttempt(attempt: Recorded<AttemptRow>): Promise<void> {
    return insertRows(this.dataSource.manager, ATTEMPTS, [attempt]);
  }

  /**
   * Deletes the deliveries last updated before `cutoff` with their later attempts, PRUNE_BATCH at a
   * time; their events go with them. Returns how many deliveries were deleted.
   */
  async pruneBefore(cutoff: Date): Promise<number> {
    const deliveries = await pruneInBatches(
      this.dataSource,
      `WITH gone AS (
         DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries WHERE updated_at < $1 LIMIT ${PRUNE_BATCH})
         RETURNING id),
       attempts AS (DELETE FROM delivery_attempts a USING gone WHERE a.delivery_id = gone.id)
       SELECT count(*)::int AS deleted FROM gone`,
      cutoff,
    );
    // After the deliveries: a body's used_at is at least the updated_at of every row naming it.
    await pruneInBatches(
      this.dataSource,
      `WITH gone AS (
         DELETE FROM delivery_request_bodies WHERE id IN
           (SELECT id FROM delivery_request_bodies WHERE used_at < $1 LIMIT ${PRUNE_BATCH})
         RETURNING id)
       SELECT count(*)::int AS deleted FROM gone`,
      cutoff,
    );
    return deliveries;
  }

  /**
   * A subscription's deliveries matching `filter`, newest first: by creation, then id. The time
   * range and the status are read through the status index; every status, as one ordered range of
   * it per status (at most a page of each), merged; an event type is checked on each row read.
   */
  listDeliveries(subscriptionId: string, filter: DeliveryLogFilter = {}): Listing<Delivery> {
    const { status, eventType, since, until } = filter;
    return sqlListing(this.dataSource, NEWEST_FIRST, (read) => {
      const conditions = [`d.subscription_id = ${read.param(subscriptionId)}`, read.after('d')];
      if (eventType !== undefined) conditions.push(`d.event_type = ${read.param(eventType)}`);
      if (since !== undefined) conditions.push(`d.created_at >= ${read.param(since)}`);
      if (until !== undefined) conditions.push(`d.created_at < ${read.param(until)}`);
      const [order, limit] = [read.orderBy('d'), read.limit];
      const ofStatus = (value: string) =>
        `SELECT * FROM deliveries d WHERE ${conditions.join(' AND ')} AND d.status = ${value}
          ORDER BY ${order} ${limit}`;
      const rows =
        status !== undefined
          ? ofStatus(read.param(status))
          : DELIVERY_STATUSES.map((each) => `(${ofStatus(`'${each}'`)})`).join(' UNION ALL ');
      return `SELECT ${entityColumns(this.dataSource, Delivery, 'd')}, ${read.key('d')}
                FROM (${rows}) d ORDER BY ${order} ${limit}`;
    });
  }

  /** A delivery of this subscription's, or null (also for another subscription's). */
  findDelivery(subscriptionId: string, deliveryId: string): Promise<Delivery | null> {
    return this.deliveries.findOneBy({ id: deliveryId, subscriptionId });
  }

  /** A delivery's attempts, first to last: the first from the delivery's row, the others from theirs. */
  async listAttempts(deliveryId: string): Promise<DeliveryAttempt[]> {
    const [first] = (await this.dataSource.query(
      `SELECT d.id, first_attempt_at, first_request_headers,
              COALESCE(first_request_body, b.body) AS first_request_body, first_response_status,
              first_response_headers, first_response_body, first_duration_ms, first_error
       FROM deliveries d LEFT JOIN delivery_request_bodies b ON b.id = d.first_request_body_id
       WHERE d.id = $1 AND first_attempt_at IS NOT NULL`,
      [deliveryId],
    )) as FirstAttemptColumns[];
    const later = await this.dataSource
      .getRepository(DeliveryAttempt)
      .find({ where: { deliveryId }, order: { attemptNumber: 'ASC' } });
    return first ? [firstAttemptOf(first), ...later.filter((a) => a.attemptNumber > 1)] : later;
  }

  /**
   * A delivered event, kept while one of its deliveries is: on a delivery row that carries it, or
   * in the activity stream (for the deliveries that left it there, see eventCarriers).
   */
  async findEvent(eventId: string): Promise<CanonicalEvent | null> {
    const [event] = await this.findEvents([eventId]);
    return event ?? null;
  }

  /** The delivered events of `eventIds` that are still kept (see findEvent), in no particular order. */
  async findEvents(eventIds: readonly string[]): Promise<CanonicalEvent[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON (event_id) event FROM deliveries
        WHERE event_id = ANY($1::text[]) AND event IS NOT NULL ORDER BY event_id`,
      [[...eventIds]],
    )) as Array<{ event: CanonicalEvent }>;
    const carried = rows.map((row) => row.event);
    if (carried.length === eventIds.length) return carried;
    const found = new Set(carried.map((event) => event.id));
    const rest = eventIds.filter((id) => !found.has(id));
    const recorded = (await this.dataSource.query(RECORDED_EVENTS_BY_ID, [rest])) as RecordedEventRow[];
    return [...carried, ...recorded.map(recordedEvent)];
  }

  /** Logs a delivery not attempted yet, so its id can be read before its job runs. */
  createPendingDelivery(row: PendingDeliveryRow): Promise<Delivery> {
    return this.deliveries.save(
      this.deliveries.create({ ...row, status: 'pending', attempts: 0, lastResponseStatus: null }),
    );
  }

  /**
   * Logs deliveries not attempted yet (a recovery's chunk), in multi-row statements; one already
   * logged (the chunk queued again after a crash) is left as it is.
   */
  async createPendingDeliveries(rows: readonly PendingDeliveryRow[]): Promise<void> {
    const at = new Date().toISOString();
    await insertRows(
      this.dataSource.manager,
      PENDING_DELIVERIES,
      rows.map((row) => ({ ...row, at })),
    );
  }
}

/** The first attempt's columns of a delivery row, as PostgreSQL returns them. */
interface FirstAttemptColumns {
  id: string;
  first_attempt_at: Date;
  first_request_headers: Record<string, string>;
  first_request_body: string;
  first_response_status: number | null;
  first_response_headers: Record<string, string> | null;
  first_response_body: string | null;
  first_duration_ms: number;
  first_error: string | null;
}

function firstAttemptOf(row: FirstAttemptColumns): DeliveryAttempt {
  return Object.assign(new DeliveryAttempt(), {
    deliveryId: row.id,
    attemptNumber: 1,
    requestHeaders: row.first_request_headers,
    requestBody: row.first_request_body,
    responseStatus: row.first_response_status,
    responseHeaders: row.first_response_headers,
    responseBody: row.first_response_body,
    durationMs: row.first_duration_ms,
    error: row.first_error,
    createdAt: row.first_attempt_at,
  });
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

/**
 * The delivery of each event that stores it in a write: the last recorded (the latest `at`), so
 * that none of the event's other deliveries of the write outlives it when the log is pruned. An
 * event whose every row of the write has it in the activity stream (eventInActivityStream) is
 * stored by none.
 */
export function eventCarriers<T extends Recorded<DeliveryRow>>(deliveries: T[]): Set<T> {
  const carriers = new Map<string, T>();
  const carried = new Set<string>();
  for (const row of deliveries) {
    const carrier = carriers.get(row.event.id);
    if (!carrier || carrier.at <= row.at) carriers.set(row.event.id, row);
    if (!row.eventInActivityStream) carried.add(row.event.id);
  }
  const stored = new Set<T>();
  for (const [eventId, carrier] of carriers) if (carried.has(eventId)) stored.add(carrier);
  return stored;
}

/**
 * How one delivery-log table is written: its columns (name, key of the row's value, type) and a
 * row's values by key (a JSON array per key is passed); `carriers` are the rows that store their
 * event.
 */
interface Table<T> {
  name: string;
  columns: ReadonlyArray<readonly [column: string, key: string, type: string]>;
  row: (row: T, carriers: ReadonlySet<T>) => Record<string, unknown>;
  onConflict: string;
}

/** Keeps a first attempt already logged (a re-run job logs its attempt 1 again). */
const keepFirst = (column: string) =>
  `${column} = CASE WHEN deliveries.first_attempt_at IS NULL THEN EXCLUDED.${column} ELSE deliveries.${column} END`;

/** The columns of an attempt, in `deliveries` (prefixed `first_`) and in `delivery_attempts`. */
const ATTEMPT_COLUMNS = [
  ['request_headers', 'rqh', 'json'],
  ['request_body', 'rqb', 'text'],
  ['response_status', 'rs', 'int'],
  ['response_headers', 'rsh', 'json'],
  ['response_body', 'rsb', 'text'],
  ['duration_ms', 'ms', 'int'],
  ['error', 'err', 'text'],
] as const;

/**
 * What an attempt stores, by the keys of ATTEMPT_COLUMNS. The receiver's body and the error
 * (which may quote it) are made storable; json columns get JSON.stringify's escapes (a header may
 * hold NUL), and the request body is JSON text already.
 */
function attemptValues(row: AttemptRow) {
  return {
    rqh: JSON.stringify(row.requestHeaders),
    rqb: row.requestBody,
    rs: row.responseStatus,
    rsh: row.responseHeaders && JSON.stringify(row.responseHeaders),
    rsb: row.responseBody && toStorableText(row.responseBody),
    ms: Math.round(row.durationMs),
    err: row.error && toStorableText(row.error),
  };
}

/** What every write of a delivery row sets: which delivery it is and where it stands. */
const DELIVERY_STATE_COLUMNS = [
  ['id', 'id', 'uuid'],
  ['event_id', 'e', 'text'],
  ['subscription_id', 's', 'varchar'],
  ['event_type', 't', 'text'],
  ['webhook_id', 'w', 'text'],
  ['status', 'st', 'varchar'],
  ['attempts', 'n', 'int'],
] as const;

/** The key of the id of a shared request body (DeliveryRequestBody) in a delivery row's values. */
const REQUEST_BODY_ID_KEY = 'rqbid';

/**
 * A row written again after its first attempt takes back the text of a shared body it names: its
 * updated_at moves past the body's used_at, and pruning may remove the body before the row.
 */
const TAKE_BACK_SHARED_BODY = `first_request_body = CASE
             WHEN deliveries.first_attempt_at IS NULL THEN EXCLUDED.first_request_body
             WHEN deliveries.first_request_body_id IS NULL THEN deliveries.first_request_body
             ELSE (SELECT body FROM delivery_request_bodies b WHERE b.id = deliveries.first_request_body_id) END,
           first_request_body_id = NULL`;

const DELIVERIES: Table<Recorded<DeliveryRow>> = {
  name: 'deliveries',
  columns: [
    ...DELIVERY_STATE_COLUMNS,
    ['last_response_status', 'ls', 'int'],
    ['created_at', 'at', 'timestamptz'],
    ['updated_at', 'at', 'timestamptz'],
    ['event', 'ev', 'json'],
    ['first_attempt_at', 'fat', 'timestamptz'],
    ...ATTEMPT_COLUMNS.map(([column, key, type]) => [`first_${column}`, key, type] as const),
    ['first_request_body_id', REQUEST_BODY_ID_KEY, 'bytea'],
  ],
  // One shape for every row (no spreads): built for each delivery logged. The body's id is set
  // only in a COPY line (copyLine); the upsert stores the text.
  row: (row, carriers) => {
    const attempt = row.firstAttempt;
    const values = attempt && attemptValues(attempt);
    return {
      id: row.id,
      e: row.event.id,
      s: row.subscriptionId,
      t: row.event.type,
      w: row.webhookId,
      st: row.status,
      n: row.attempts,
      ls: row.lastResponseStatus,
      at: row.at,
      ev: carriers.has(row) ? eventJson(row.event) : null,
      fat: attempt ? (attempt.at ?? row.at) : null,
      rqh: values ? values.rqh : null,
      rqb: values ? values.rqb : null,
      rs: values ? values.rs : null,
      rsh: values ? values.rsh : null,
      rsb: values ? values.rsb : null,
      ms: values ? values.ms : null,
      err: values ? values.err : null,
      [REQUEST_BODY_ID_KEY]: null,
    };
  },
  onConflict: `ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, attempts = EXCLUDED.attempts,
           last_response_status = EXCLUDED.last_response_status, updated_at = EXCLUDED.updated_at,
           event = COALESCE(EXCLUDED.event, deliveries.event),
           ${['first_attempt_at', ...ATTEMPT_COLUMNS.map(([column]) => `first_${column}`)]
             .filter((column) => column !== 'first_request_body')
             .map(keepFirst)
             .join(',\n           ')},
           ${TAKE_BACK_SHARED_BODY}
         WHERE deliveries.attempts <= EXCLUDED.attempts`,
};

const PENDING_DELIVERIES: Table<PendingDeliveryRow & { at: string }> = {
  name: 'deliveries',
  columns: [
    ...DELIVERY_STATE_COLUMNS,
    ['created_at', 'at', 'timestamptz'],
    ['updated_at', 'at', 'timestamptz'],
  ],
  row: (row) => ({
    id: row.id,
    e: row.eventId,
    s: row.subscriptionId,
    t: row.eventType,
    w: row.webhookId,
    st: 'pending',
    n: 0,
    at: row.at,
  }),
  onConflict: 'ON CONFLICT (id) DO NOTHING',
};

const ATTEMPTS: Table<Recorded<AttemptRow>> = {
  name: 'delivery_attempts',
  columns: [
    ['delivery_id', 'd', 'uuid'],
    ['attempt_number', 'a', 'int'],
    ['created_at', 'at', 'timestamptz'],
    ...ATTEMPT_COLUMNS,
  ],
  row: (row) => ({ d: row.deliveryId, a: row.attemptNumber, at: row.at, ...attemptValues(row) }),
  onConflict: 'ON CONFLICT (delivery_id, attempt_number) DO NOTHING',
};

/** A request body stored once for the rows of a write that sent it (DeliveryRequestBody). */
interface SharedRequestBody {
  /** Its SHA-256, as bytea's hex input (a backslash, `x`, the hex digits) for COPY and the insert alike. */
  id: string;
  body: string;
  /** The latest `at` of the rows naming it. */
  at: string;
}

const REQUEST_BODIES: Table<SharedRequestBody> = {
  name: 'delivery_request_bodies',
  columns: [
    ['id', 'id', 'bytea'],
    ['body', 'body', 'text'],
    ['used_at', 'at', 'timestamptz'],
  ],
  row: ({ id, body, at }) => ({ id, body, at }),
  onConflict: `ON CONFLICT (id) DO UPDATE SET used_at = GREATEST(delivery_request_bodies.used_at, EXCLUDED.used_at)`,
};

/**
 * Shorter bodies stay in their rows: a shared body costs a row of its own with two index entries,
 * and a statement per write.
 */
const SHARED_BODY_MIN_LENGTH = 256;

/**
 * The request bodies of `rows`' first attempts by text (a fan-out's rows share one string,
 * rendered once per event): each as its COPY field, or null when COPY cannot carry it, and with
 * an `id` when two rows or more sent it and it is long enough to be stored once.
 */
function sharedRequestBodies(
  rows: ReadonlyArray<Recorded<DeliveryRow>>,
): Map<string, RequestBodyField | null> {
  const bodies = new Map<string, RequestBodyField | null>();
  for (const row of rows) {
    const body = row.firstAttempt?.requestBody;
    if (body === undefined) continue;
    const known = bodies.get(body);
    if (known === undefined) {
      const field = copyText(body, 'text');
      bodies.set(body, field === null ? null : { field, body, at: row.at });
    } else if (known !== null) {
      if (known.at < row.at) known.at = row.at;
      if (known.id === undefined && body.length >= SHARED_BODY_MIN_LENGTH)
        known.id = `\\x${hash('sha256', body, 'hex')}`;
    }
  }
  return bodies;
}

/** A request body's COPY field, and its id once it is shared (see sharedRequestBodies). */
interface RequestBodyField extends Omit<SharedRequestBody, 'id'> {
  field: string;
  id?: string;
}

/** The deliveries of one fan-out share one event object. */
const eventJson = oncePerEvent((event) => JSON.stringify(event));

/**
 * `INSERT INTO … SELECT … FROM ROWS FROM (json_array_elements_text($1), …) … <on conflict>` of a
 * table, made once, and the keys of its parameters (one per key, in order). Each parameter is one
 * column of the rows as a JSON array; ROWS FROM pairs their elements by position and each value is
 * cast from text in the SELECT. A json column's value is JSON text in a string: text cannot hold
 * the NUL that a `\u0000` in a receiver's header stands for, and the cast keeps it escaped.
 */
interface InsertStatement {
  sql: string;
  keys: string[];
}

const insertStatements = new Map<Table<never>, InsertStatement>();

function insertStatement<T>(table: Table<T>): InsertStatement {
  let statement = insertStatements.get(table as Table<never>);
  if (!statement) {
    const { name, columns, onConflict } = table;
    const keys = [...new Set(columns.map(([, key]) => key))];
    statement = {
      sql: `INSERT INTO ${name} (${columns.map(([column]) => column).join(', ')})
       SELECT ${columns.map(([, key, type]) => (type === 'text' ? key : `${key}::${type}`)).join(', ')}
       FROM ROWS FROM (${keys.map((_, i) => `json_array_elements_text($${i + 1})`).join(', ')}) AS row(${keys.join(', ')})
       ${onConflict}`,
      keys,
    };
    insertStatements.set(table as Table<never>, statement);
  }
  return statement;
}

/**
 * Inserts `rows`, in statements of at most ROWS_PER_STATEMENT rows, each passing its rows as one
 * JSON array per column (json_array_elements_text, see insertStatement). Against a multi-row
 * `VALUES` list with a parameter per value, one JSON array of row objects (json_to_recordset) cost
 * PostgreSQL about a third less CPU per row and the worker about half; against that, arrays by
 * column cost PostgreSQL ~2.3 µs less per row of the bench's shape (json_to_recordset builds a hash
 * table per row object) and the worker about the same (2.0 µs per row against 1.9: a
 * JSON.stringify per array instead of one for the rows). Each parameter is handed over once
 * (sentOnce): node-postgres holds a query's parameters until PostgreSQL answered, and keeps a
 * finished query reachable from the old generation until the next full GC, so the JSON text (0.3–1.5 MB per statement) outlived the young-generation GCs
 * during the write and sat in large-object space. The rows stay with the caller for a retry.
 */
async function insertRows<T>(
  manager: EntityManager,
  table: Table<T>,
  rows: T[],
  carriers: ReadonlySet<T> = new Set(),
): Promise<void> {
  const { sql, keys } = insertStatement(table);
  for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) {
    const values = chunk.map((row) => table.row(row, carriers));
    await manager.query(
      sql,
      keys.map((key) => sentOnce(JSON.stringify(values.map((value) => value[key])))),
    );
  }
}

/**
 * A query parameter that node-postgres reads (toPostgres) when it writes the statement to the
 * connection, after which nothing holds its value; a second read would be a bug.
 */
export function sentOnce(value: string): { toPostgres(): string } {
  let held: string | undefined = value;
  return {
    toPostgres() {
      if (held === undefined) throw new Error('a sentOnce parameter was read twice');
      const read = held;
      held = undefined;
      return read;
    },
  };
}

/** PostgreSQL's SQLSTATE for a key already present. */
const UNIQUE_VIOLATION = '23505';

/** The delivery rows' COPY: the columns of DELIVERIES, in text format. */
const COPY_DELIVERIES = `COPY deliveries (${DELIVERIES.columns.map(([column]) => column).join(', ')}) FROM STDIN`;

/**
 * A row as a line of COPY's text format, or undefined when a text value holds what PostgreSQL
 * text cannot (NUL, an unpaired surrogate): the upsert refuses it for its content, as the caller
 * expects, where COPY would get U+FFFD from the UTF-8 encoding. Nulls are `\N`; a json value is
 * its JSON text, which JSON.stringify keeps to one line without NUL (a header's NUL stays escaped).
 * `bodies` holds the request bodies' fields made so far in this write: a fan-out's rows share one
 * body string (rendered once per event), checked and escaped once instead of per row.
 */
function copyLine<T>(
  table: Table<T>,
  row: T,
  carriers: ReadonlySet<T>,
  bodies: ReadonlyMap<string, RequestBodyField | null>,
): string | undefined {
  const values = table.row(row, carriers);
  const fields: string[] = [];
  let sharedBodyId: string | undefined;
  for (const [, key, type] of table.columns) {
    const value = values[key] as string | number | null | undefined;
    let field: string | null;
    if (typeof value === 'number') field = Number.isFinite(value) ? String(value) : COPY_NULL;
    else if (key === REQUEST_BODY_KEY && typeof value === 'string') {
      const known = bodies.get(value);
      if (!known) return undefined;
      sharedBodyId = known.id;
      field = sharedBodyId === undefined ? known.field : COPY_NULL;
    } else if (key === REQUEST_BODY_ID_KEY)
      field = sharedBodyId === undefined ? COPY_NULL : copyField(sharedBodyId);
    else field = typeof value === 'string' ? copyText(value, type) : copyField(value);
    if (field === null) return undefined;
    fields.push(field);
  }
  return `${fields.join('\t')}\n`;
}

/** The key of the request body, the value a fan-out's rows share. */
const REQUEST_BODY_KEY = 'rqb';

/** `text` as a COPY field, or null when a text column cannot store it (see copyLine). */
function copyText(text: string, type: string): string | null {
  return type !== 'json' && !copyableText(text) ? null : copyField(text);
}
