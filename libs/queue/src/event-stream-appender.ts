import type { RedisConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { eventStreamKey, STREAM_EVENT_FIELD } from './names';
import { createRedis, RedisClient } from './redis-connection';

/** How long a producer's event id is remembered, so its retries are emitted once. */
const DEDUP_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Appends events and their dedup marks in one atomic script: a batch is written whole or not at
 * all, and an event whose dedup key was seen is skipped.
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

/**
 * The one writer of the event stream (ingest's producers, the gateway's repository events): every
 * event goes in with `acceptedAt` and its dedup mark, once per dedup key.
 */
export class EventStreamAppender {
  private readonly redis: RedisClient;
  private readonly appendScript: AppendCommand;
  private readonly streamKey: string;
  private readonly dedupPrefix: string;

  constructor(config: RedisConfig) {
    // No offline queue: when Redis is down the caller learns it at once (a producer gets a 503 and
    // retries later). Auto-pipelining sends the appends of concurrent requests in one write (each
    // still its own atomic script): one syscall per request was a large share of ingest's CPU.
    this.redis = createRedis(config, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      enableAutoPipelining: true,
    });
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('appendEvents', { lua: APPEND_SCRIPT });
    this.appendScript = (this.redis as unknown as { appendEvents: AppendCommand }).appendEvents.bind(
      this.redis,
    );
    this.streamKey = eventStreamKey(config.prefix);
    this.dedupPrefix = `${config.prefix}:dedup:`;
  }

  /** Returns the events that were new (the rest were duplicates); rejects when Redis fails. */
  async append(events: CanonicalEvent[]): Promise<CanonicalEvent[]> {
    if (events.length === 0) return [];
    const keys = [this.streamKey, ...events.map((event) => this.dedupPrefix + event.dedupKey)];
    // acceptedAt starts the ingest-to-delivery latency the worker measures.
    const acceptedAt = new Date().toISOString();
    const args = [
      String(DEDUP_TTL_SECONDS),
      ...events.map((event) => JSON.stringify({ ...event, acceptedAt })),
    ];
    const written = await this.appendScript(keys.length, ...keys, ...args);
    return events.filter((_, i) => written[i] === 1);
  }

  disconnect(): void {
    this.redis.disconnect();
  }
}
