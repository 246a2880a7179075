import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { EventLogRepository, RetentionPruner } from '@hookyard/persistence';
import { Inject, Injectable } from '@nestjs/common';

/**
 * Deletes the activity stream's events published before EVENT_LOG_RETENTION, hourly; when it holds
 * the events of logged deliveries, not before the delivery log's retention and a margin.
 */
@Injectable()
export class EventLogPruner extends RetentionPruner {
  constructor(
    @Inject(HOOKYARD_CONFIG) config: HookyardConfig,
    private readonly log: EventLogRepository,
  ) {
    super(config.eventLog.pruneAfterMs, { log: 'activity stream', rows: 'events' });
  }

  /** EVENT_LOG_RETENTION=0 records nothing, and leaves what was recorded before alone. */
  override onApplicationBootstrap(): void {
    if (this.retentionMs > 0) super.onApplicationBootstrap();
  }

  protected pruneBefore(cutoff: Date): Promise<number> {
    return this.log.pruneBefore(cutoff);
  }
}
