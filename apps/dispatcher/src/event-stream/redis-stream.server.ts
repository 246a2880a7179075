import type { CanonicalEvent } from '@hookyard/events';
import type { RedisConfig } from '@hookyard/config';
import {
  createRedis,
  DISPATCHER_GROUP,
  RedisClient,
  STREAM_EVENT_FIELD,
  trimAcknowledged,
} from '@hookyard/queue';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { hostname } from 'node:os';
import { isObservable, lastValueFrom } from 'rxjs';

/** Pattern of the handler that receives each batch of canonical events read from the stream. */
export const CANONICAL_EVENTS = 'canonical-events';
/** What the handler of a `raw` server receives: each entry's canonical event, as JSON text. */
export interface RawEventBatch {
  json: string[];
}

/** Pattern of the handler that records each batch in the activity stream (its own consumer group). */
export const ACTIVITY_EVENTS = 'activity-events';

/** What the CANONICAL_EVENTS handler receives. */
export interface CanonicalEventBatch {
  events: CanonicalEvent[];
  /** Each event's stream entry id (its place in the stream: ordered delivery keeps to it). */
  streamIds: string[];
  /**
   * The value of `versionKey` read right after the events, in the same round trip: a change
   * counted there before an event was appended is reflected in it. Null when the key is unset
   * (or the server reads none).
   */
  version: string | null;
}

export interface RedisStreamServerOptions {
  redis: RedisConfig;
  /** In a cluster, in the same slot as `versionKey` (both carry the prefix's hash tag). */
  streamKey: string;
  group?: string;
  consumer?: string;
  /** Events a read takes at most (XREADGROUP's COUNT); default DEFAULT_BATCH_SIZE. */
  batchSize?: number;
  blockMs?: number;
  /** Entries pending longer than this on a dead consumer are claimed by a live one. */
  claimIdleMs?: number;
  /** A key read with every batch (the subscriptions version), handed to the handler. */
  versionKey?: string;
  /** The handler's pattern (default CANONICAL_EVENTS). */
  pattern?: string;
  /**
   * Hand the handler the entries' JSON as read (a RawEventBatch) instead of parsed events: for a
   * handler that passes them on whole (the activity stream, to PostgreSQL).
   */
  raw?: boolean;
  /**
   * Reads start at least this far apart, so that a consumer that need not keep up at once (the
   * activity stream) takes fewer, larger batches; after a full batch it reads again at once, so it
   * keeps up with any rate. Default 0: read again at once.
   */
  readIntervalMs?: number;
  /**
   * How often this consumer deletes the entries every group has acknowledged (trimAcknowledged);
   * 0 (the default): never. One group's consumers trimming is enough, since the bound covers all groups.
   */
  trimEveryMs?: number;
}

/**
 * Events a read takes at most by default. A read's own costs (its round trip and pipeline, the
 * handler's BullMQ MULTI, the ack) are shared by the events waiting: under load 200 a read was
 * full, and 1,000 cut the dispatcher's CPU per event (bench/README.md, "One subscription per
 * event"). With fewer waiting, a read takes those, so a lone event is not held back.
 */
export const DEFAULT_BATCH_SIZE = 1000;

type StreamEntry = [id: string, fields: string[]];

/**
 * The version GET's reply (none when the server reads no version); a failed GET fails the batch
 * like a handler error (claimed again later).
 */
function versionFrom(reply: [Error | null, unknown] | undefined): string | null {
  if (!reply) return null;
  const [error, value] = reply;
  if (error) throw error;
  return value as string | null;
}

/**
 * A @nestjs/microservices transport over a Redis Streams consumer group. A batch is acknowledged
 * only after the handler resolved, so a crash between read and ack re-delivers it (at-least-once).
 */
export class RedisStreamServer extends Server implements CustomTransportStrategy {
  private redis?: RedisClient;
  private running = false;
  private loop?: Promise<void>;
  private readonly group: string;
  private readonly consumer: string;

  constructor(private readonly options: RedisStreamServerOptions) {
    super();
    this.group = options.group ?? DISPATCHER_GROUP;
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}`;
  }

  on(): void {}

  unwrap<T>(): T {
    return this.redis as T;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.redis = createRedis(this.options.redis, { maxRetriesPerRequest: null });
      this.redis.on('error', (error) => this.logger.warn(`redis: ${error.message}`));
      await this.ensureGroup();
      this.running = true;
      this.loop = this.consume();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    this.running = false;
    await this.loop?.catch(() => undefined);
    this.redis?.disconnect();
  }

  private async ensureGroup(): Promise<void> {
    try {
      // From the stream's start: events written before the first dispatcher ever ran are not skipped.
      await this.redis!.xgroup('CREATE', this.options.streamKey, this.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  /**
   * Reads, hands each batch to the handler, and acknowledges it together with the next read: one
   * round trip per batch (ack, read, version) instead of three, which at low rates (one event per
   * read) is a good part of the dispatcher's and Redis's CPU. Redis runs the version GET only once
   * the blocking read is served, so it is read after the events. An ack that fails is sent again
   * with the next read.
   */
  private async consume(): Promise<void> {
    let lastClaim = 0;
    let lastTrim = Date.now();
    let unacked: string[] = [];
    let lastRead = 0;
    let lastReadFull = false;
    const claimIdleMs = this.options.claimIdleMs ?? 30_000;
    const readIntervalMs = this.options.readIntervalMs ?? 0;
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    const trimEveryMs = this.options.trimEveryMs ?? 0;
    while (this.running) {
      try {
        const wait = lastRead + readIntervalMs - Date.now();
        if (wait > 0 && !lastReadFull) await new Promise((resolve) => setTimeout(resolve, wait));
        lastRead = Date.now();
        if (Date.now() - lastClaim > claimIdleMs / 2) {
          lastClaim = Date.now();
          await this.claimAbandoned(claimIdleMs);
        }
        if (trimEveryMs > 0 && Date.now() - lastTrim >= trimEveryMs) {
          lastTrim = Date.now();
          await this.trim();
        }
        const pipeline = this.redis!.pipeline();
        if (unacked.length > 0) pipeline.xack(this.options.streamKey, this.group, ...unacked);
        pipeline.xreadgroup(
          'GROUP',
          this.group,
          this.consumer,
          'COUNT',
          batchSize,
          'BLOCK',
          this.options.blockMs ?? 1000,
          'STREAMS',
          this.options.streamKey,
          '>',
        );
        this.readVersion(pipeline);
        const read = unacked.length > 0 ? 1 : 0;
        const results = (await pipeline.exec())!;
        if (read === 1 && !results[0][0]) unacked = [];
        const [readError, reply] = results[read] as [Error | null, Array<[string, StreamEntry[]]> | null];
        if (readError) throw readError;
        lastReadFull = reply?.[0][1].length === batchSize;
        if (reply) {
          const version = versionFrom(results[read + 1]);
          unacked = [...unacked, ...(await this.handle(reply[0][1], version))];
        }
      } catch (error) {
        if (!this.running) break;
        if (String((error as Error).message).includes('NOGROUP'))
          await this.ensureGroup().catch(() => undefined);
        this.logger.warn(`stream read failed, retrying: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    if (unacked.length > 0)
      await this.redis!.xack(this.options.streamKey, this.group, ...unacked).catch((error: Error) =>
        this.logger.warn(`last ack failed; the entries will be claimed again: ${error.message}`),
      );
  }

  /** XAUTOCLAIM: take over entries a crashed consumer read but never acknowledged. */
  private async claimAbandoned(idleMs: number): Promise<void> {
    let cursor = '0-0';
    do {
      const pipeline = this.redis!.pipeline();
      pipeline.xautoclaim(this.options.streamKey, this.group, this.consumer, idleMs, cursor, 'COUNT', 200);
      this.readVersion(pipeline);
      const results = (await pipeline.exec())!;
      const [claimError, claimed] = results[0];
      if (claimError) throw claimError;
      const [next, entries] = claimed as [string, StreamEntry[]];
      const handled = entries.length > 0 ? await this.handle(entries, versionFrom(results[1])) : [];
      if (handled.length > 0) await this.redis!.xack(this.options.streamKey, this.group, ...handled);
      cursor = next;
    } while (cursor !== '0-0' && this.running);
  }

  /** Deletes what every group acknowledged; a failure only waits for the next turn. */
  private async trim(): Promise<void> {
    try {
      await trimAcknowledged(this.redis!, this.options.streamKey);
    } catch (error) {
      this.logger.warn(`stream trim failed, trying again later: ${(error as Error).message}`);
    }
  }

  /** Adds the GET of the version key to a read's pipeline (its reply follows the read's); none without one. */
  private readVersion(pipeline: ReturnType<RedisClient['pipeline']>): void {
    if (this.options.versionKey) pipeline.get(this.options.versionKey);
  }

  /** Hands the events to the handler; resolves with the entry ids to acknowledge. */
  private async handle(entries: StreamEntry[], version: string | null): Promise<string[]> {
    const live = entries.filter((entry) => entry && entry[1]);
    const json = live.map(([, fields]) => fields[fields.indexOf(STREAM_EVENT_FIELD) + 1]);
    const pattern = this.options.pattern ?? CANONICAL_EVENTS;
    const handler = this.messageHandlers.get(pattern);
    if (!handler) throw new Error(`no @EventPattern('${pattern}') handler registered`);
    const batch: RawEventBatch | CanonicalEventBatch = this.options.raw
      ? { json }
      : { ...this.parse(live, json), version };
    if (('json' in batch ? batch.json : batch.events).length > 0) {
      const result = await handler(batch);
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    }
    return live.map(([id]) => id);
  }

  /** The entries' events and ids; an entry that is not JSON is logged, and acknowledged with the rest. */
  private parse(entries: StreamEntry[], json: string[]): Pick<CanonicalEventBatch, 'events' | 'streamIds'> {
    const events: CanonicalEvent[] = [];
    const streamIds: string[] = [];
    entries.forEach(([id], i) => {
      try {
        events.push(JSON.parse(json[i]) as CanonicalEvent);
        streamIds.push(id);
      } catch {
        this.logger.error(`stream entry ${id} is not a canonical event; acknowledged and skipped`);
      }
    });
    return { events, streamIds };
  }
}
