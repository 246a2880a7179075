import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { eventsIngested } from '@hookyard/observability';
import { EventStreamAppender } from '@hookyard/queue';
import { Inject, Injectable, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';

/** Ingest's appends to the event stream (EventStreamAppender), counted, and a 503 when Redis fails. */
@Injectable()
export class EventStreamWriter implements OnModuleDestroy {
  private readonly appender: EventStreamAppender;

  constructor(@Inject(HOOKYARD_CONFIG) config: HookyardConfig) {
    this.appender = new EventStreamAppender(config.redis);
  }

  /** Returns how many events were new (the rest were duplicates). Throws 503 when Redis fails. */
  async append(events: CanonicalEvent[]): Promise<number> {
    let fresh: CanonicalEvent[];
    try {
      fresh = await this.appender.append(events);
    } catch (error) {
      throw new ServiceUnavailableException(
        `event store unavailable, retry later: ${(error as Error).message}`,
      );
    }
    for (const event of fresh) eventsIngested.inc({ type: event.type, source: event.source });
    return fresh.length;
  }

  onModuleDestroy(): void {
    this.appender.disconnect();
  }
}
