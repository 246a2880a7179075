import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { eventStreamKey, STREAM_EVENT_FIELD } from '../names';
import { createRedis, RedisClient } from '../redis-connection';

/** How long an event's dedup key is remembered, so an event sent again is appended once. */
const DEDUP_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Appends events and their dedup marks in one atomic script: a batch is written whole or not
 * at all, and an event whose dedup key was seen is skipped. ARGV[2] says per event whether it has
 * a key ('1', its key next in KEYS) or not ('0': appended, no mark set, as none could match it).
 */
const APPEND_SCRIPT = `
local stream = KEYS[1]
local keyed = ARGV[2]
local written = {}
local key = 1
for i = 1, #keyed do
  local fresh = true
  if string.byte(keyed, i) == 49 then -- '1'
    key = key + 1
    fresh = redis.call('SET', KEYS[key], '1', 'NX', 'EX', ARGV[1])
  end
  if fresh then
    redis.call('XADD', stream, '*', '${STREAM_EVENT_FIELD}', ARGV[i + 2])
    written[i] = 1
  else
    written[i] = 0
  end
end
return written
`;

/** APPEND_SCRIPT as an ioredis command: sent by SHA (EVALSHA), not as source with every request. */
type AppendCommand = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<number[]>;

/**
 * An event's JSON in the stream: `{...event, acceptedAt}` stringified. Without an acceptedAt of
 * its own (every new event), the stamp is appended to the event's JSON text instead: no copy of
 * the event per append, which showed in ingest's profile.
 */
export function streamEntry(event: CanonicalEvent, acceptedAt: string): string {
  if (!('acceptedAt' in event)) {
    const json = JSON.stringify(event);
    // `{}` (nothing JSON shows) takes no comma before the stamp: the copy below writes it.
    if (json !== '{}') return `${json.slice(0, -1)},"acceptedAt":${JSON.stringify(acceptedAt)}}`;
  }
  return JSON.stringify({ ...event, acceptedAt });
}

/**
 * The one writer of the event stream: ingest appends the producers' events, the gateway its
 * repository events, workers Hookyard's operational events, each once per dedup key (an event
 * without one, each time).
 */
@Injectable()
export class EventStreamAppender implements OnModuleDestroy {
  private readonly redis: RedisClient;
  private readonly appendScript: AppendCommand;
  private readonly streamKey: string;
  private readonly dedupPrefix: string;

  constructor(@Inject(HOOKYARD_CONFIG) config: HookyardConfig) {
    // No offline queue: when Redis is down the caller learns it at once (ingest answers 503).
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

  /** Appends the events not seen before, stamped with `acceptedAt`; returns those. Throws when Redis fails. */
  async append(events: readonly CanonicalEvent[]): Promise<CanonicalEvent[]> {
    if (events.length === 0) return [];
    const keys = [this.streamKey];
    let keyed = '';
    for (const event of events) {
      if (event.dedupKey === undefined) {
        keyed += '0';
      } else {
        keyed += '1';
        keys.push(this.dedupPrefix + event.dedupKey);
      }
    }
    // acceptedAt starts the accepted-to-delivered latency the worker measures.
    const acceptedAt = new Date().toISOString();
    const args = [String(DEDUP_TTL_SECONDS), keyed, ...events.map((event) => streamEntry(event, acceptedAt))];
    const written = await this.appendScript(keys.length, ...keys, ...args);
    return events.filter((_, i) => written[i] === 1);
  }

  /** Forgets dedup marks, so that the events they stood for can be appended again. Throws when Redis fails. */
  async forgetDedupKeys(dedupKeys: readonly string[]): Promise<void> {
    if (dedupKeys.length === 0) return;
    await this.redis.del(...dedupKeys.map((key) => this.dedupPrefix + key));
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

@Module({ providers: [EventStreamAppender], exports: [EventStreamAppender] })
export class EventStreamAppenderModule {}
