import type { CanonicalEvent } from '@hookyard/events';
import { contentRefusal, EventLogRepository, EventToRecord } from '@hookyard/persistence';
import { Injectable, Logger } from '@nestjs/common';

/**
 * Records the events its consumer group reads in the activity stream, a batch per statement. A
 * batch PostgreSQL refuses for one event's content is recorded again event by event, so only that
 * event is missing (and logged); any other failure throws, and the batch, unacknowledged, is
 * read again.
 */
@Injectable()
export class ActivityRecorder {
  private readonly logger = new Logger(ActivityRecorder.name);

  constructor(private readonly log: EventLogRepository) {}

  async record(events: CanonicalEvent[]): Promise<void> {
    const readAt = new Date().toISOString();
    const rows: EventToRecord[] = events.map((event) => ({ event, publishedAt: event.acceptedAt ?? readAt }));
    try {
      await this.log.record(rows);
    } catch (error) {
      if (!contentRefusal(error)) throw error;
      for (const row of rows) await this.recordAlone(row);
    }
  }

  private async recordAlone(row: EventToRecord): Promise<void> {
    try {
      await this.log.record([row]);
    } catch (error) {
      if (!contentRefusal(error)) throw error;
      this.logger.error(
        `event ${JSON.stringify(row.event.id)} not recorded in the activity stream: ${(error as Error).message}`,
      );
    }
  }
}
