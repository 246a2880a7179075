import type { CanonicalEvent } from '@hookyard/events';
import { eventsIngested } from '@hookyard/observability';
import { EventStreamAppender } from '@hookyard/queue';
import { Injectable, ServiceUnavailableException } from '@nestjs/common';

/**
 * Ingest's side of the event stream: appends through EventStreamAppender (atomically, once per
 * dedup key), counts what it emitted, and answers 503 while Redis fails.
 */
@Injectable()
export class EventStreamWriter {
  constructor(private readonly appender: EventStreamAppender) {}

  /** Returns how many events were new (the rest were duplicates). Throws 503 when Redis fails. */
  async append(events: CanonicalEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    let fresh: CanonicalEvent[];
    try {
      fresh = await this.appender.append(events);
    } catch (error) {
      throw unavailable(error);
    }
    for (const event of fresh) eventsIngested.inc({ type: event.type, source: event.source });
    return fresh.length;
  }

  /** Forgets dedup marks, so that the events they stood for can be emitted again. */
  async forgetDedupKeys(dedupKeys: string[]): Promise<void> {
    try {
      await this.appender.forgetDedupKeys(dedupKeys);
    } catch (error) {
      throw unavailable(error);
    }
  }
}

const unavailable = (error: unknown) =>
  new ServiceUnavailableException(`event store unavailable, retry later: ${(error as Error).message}`);
