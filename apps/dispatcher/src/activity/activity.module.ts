import { EventLogRepository, PersistenceModule } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { ActivityRecorder } from './activity-recorder';
import { ActivityController } from './activity.controller';
import { EventLogPruner } from './event-log.pruner';

/**
 * The activity stream (DTR's events API): its own consumer group of the event stream records every
 * accepted event in PostgreSQL, apart from delivery (main.ts connects it unless EVENT_LOG_RETENTION
 * is 0), and the pruner keeps EVENT_LOG_RETENTION of it.
 */
@Module({
  imports: [PersistenceModule.forFeature([EventLogRepository])],
  controllers: [ActivityController],
  providers: [ActivityRecorder, EventLogPruner],
})
export class ActivityModule {}
