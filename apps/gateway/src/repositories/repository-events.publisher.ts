import type { CanonicalEvent } from '@hookyard/events';
import { ApiError } from '@hookyard/http';
import { EventStreamAppender } from '@hookyard/queue';
import { Injectable } from '@nestjs/common';

/** The producer name of the events the gateway makes (REPO_* of repositories changed through the API). */
export const GATEWAY_SOURCE = 'gateway';

/** Appends the REPO_* events of API changes to the event stream, as ingest does its producers'. */
@Injectable()
export class RepositoryEventsPublisher {
  constructor(private readonly appender: EventStreamAppender) {}

  /** 503 when Redis fails: the change is made, its event is not (see the callers for what follows). */
  async publish(events: CanonicalEvent[]): Promise<void> {
    try {
      await this.appender.append(events);
    } catch (error) {
      throw new ApiError(
        503,
        'EVENT_STORE_UNAVAILABLE',
        `event store unavailable: ${(error as Error).message}`,
      );
    }
  }
}
