import { AuthModule } from '@hookyard/auth';
import { EventLogRepository, PersistenceModule, RegistryRepositoryRepository } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

/** DTR's events API over the activity stream the dispatchers record. */
@Module({
  imports: [AuthModule, PersistenceModule.forFeature([EventLogRepository, RegistryRepositoryRepository])],
  controllers: [EventsController],
  providers: [EventsService],
})
export class EventsModule {}
