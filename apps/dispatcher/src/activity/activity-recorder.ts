import { contentRefusal, EventLogRepository } from '@hookyard/persistence';
import { Injectable, Logger } from '@nestjs/common';

/**
 * Records the events its consumer group reads in the activity stream, a batch at a time, as the
 * JSON they were read as (EventLogRepository.record takes them apart for its COPY). A batch PostgreSQL refuses for one
 * entry's content is recorded again entry by entry, so only that one is missing (and logged); any
 * other failure throws, and the batch, unacknowledged, is read again.
 */
@Injectable()
export class ActivityRecorder {
  private readonly logger = new Logger(ActivityRecorder.name);

  constructor(private readonly log: EventLogRepository) {}

  async record(json: string[]): Promise<void> {
    const readAt = new Date().toISOString();
    try {
      await this.log.record(json, readAt);
    } catch (error) {
      if (!contentRefusal(error)) throw error;
      for (const entry of json) await this.recordAlone(entry, readAt);
    }
  }

  private async recordAlone(entry: string, readAt: string): Promise<void> {
    try {
      await this.log.record([entry], readAt);
    } catch (error) {
      if (!contentRefusal(error)) throw error;
      this.logger.error(
        `${describeEntry(entry)} not recorded in the activity stream: ${(error as Error).message}`,
      );
    }
  }
}

/** An entry for a log line: its event's id (parsed only on this rare path). */
function describeEntry(entry: string): string {
  try {
    return `event ${JSON.stringify((JSON.parse(entry) as { id?: unknown }).id)}`;
  } catch {
    return 'a stream entry that is not JSON';
  }
}
