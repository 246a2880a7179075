import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { eventsIngested } from '@hookyard/observability';
import { createRedis, eventStreamKey, RedisClient, STREAM_EVENT_FIELD } from '@hookyard/queue';
import { Inject, Injectable, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';

/** How long a producer's event id is remembered, so its retries are emitted once. */
const DEDUP_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Appends events and their dedup marks in one atomic script: an envelope is written whole or not
 * at all, and an event whose dedup key was seen is skipped.
 */
const APPEND_SCRIPT = `
local stream = KEYS[1]
local written = {}
for i = 2, #KEYS do
  if redis.call('SET', KEYS[i], '1', 'NX', 'EX', ARGV[1]) then
    redis.call('XADD', stream, '*', '${STREAM_EVENT_FIELD}', ARGV[i])
    written[i - 1] = 1
  else
    written[i - 1] = 0
  end
end
return written
`;

/** APPEND_SCRIPT as an ioredis command: sent by SHA (EVALSHA), not as source with every request. */
type AppendCommand = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<number[]>;

@Injectable()
export class EventStreamWriter implements OnModuleDestroy {
  private readonly redis: RedisClient;
  private readonly appendScript: AppendCommand;
  private readonly streamKey: string;
  private readonly dedupPrefix: string;

  constructor(@Inject(HOOKYARD_CONFIG) config: HookyardConfig) {
    // No offline queue: when Redis is down the producer gets a 503 at once and retries later.
    // Auto-pipelining sends the appends of concurrent requests in one write (each still its own
    // atomic script): one syscall per request was a large share of ingest's CPU.
    this.redis = createRedis(config.redis, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      enableAutoPipelining: true,
    });
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('appendEvents', { lua: APPEND_SCRIPT });
    this.appendScript = (this.redis as unknown as { appendEvents: AppendCommand }).appendEvents.bind(
      this.redis,
    );
    this.streamKey = eventStreamKey(config.redis.prefix);
    this.dedupPrefix = `${config.redis.prefix}:dedup:`;
  }

  /** Returns how many events were new (the rest were duplicates). Throws 503 when Redis fails. */
  async append(events: CanonicalEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const keys = [this.streamKey, ...events.map((event) => this.dedupPrefix + event.dedupKey)];
    // acceptedAt starts the ingest-to-delivery latency the worker measures.
    const acceptedAt = new Date().toISOString();
    const args = [
      String(DEDUP_TTL_SECONDS),
      ...events.map((event) => JSON.stringify({ ...event, acceptedAt })),
    ];
    let written: number[];
    try {
      written = await this.appendScript(keys.length, ...keys, ...args);
    } catch (error) {
      throw new ServiceUnavailableException(
        `event store unavailable, retry later: ${(error as Error).message}`,
      );
    }
    const fresh = events.filter((_, i) => written[i] === 1);
    for (const event of fresh) eventsIngested.inc({ type: event.type, source: event.source });
    return fresh.length;
  }

  /** Forgets dedup marks, so that the events they stood for can be emitted again. */
  async forgetDedupKeys(dedupKeys: string[]): Promise<void> {
    if (dedupKeys.length === 0) return;
    try {
      await this.redis.del(...dedupKeys.map((key) => this.dedupPrefix + key));
    } catch (error) {
      throw new ServiceUnavailableException(
        `event store unavailable, retry later: ${(error as Error).message}`,
      );
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
