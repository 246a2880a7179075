import { AuthModule } from '@hookyard/auth';
import {
  AccessRepository,
  AccountRepository,
  DatabaseTransactions,
  EventLogRepository,
  PersistenceModule,
  RegistryRepositoryRepository,
} from '@hookyard/persistence';
import { EventStreamAppenderModule, SubscriptionChangesModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { RepositoriesController } from './repositories.controller';
import { RepositoriesService } from './repositories.service';
import { RepositoryEventsPublisher } from './repository-events.publisher';

/** DTR's repository objects (`/api/v0/repositories`) and their REPO_* events. */
@Module({
  imports: [
    AuthModule,
    SubscriptionsModule,
    EventStreamAppenderModule,
    SubscriptionChangesModule,
    PersistenceModule.forFeature([
      RegistryRepositoryRepository,
      AccessRepository,
      AccountRepository,
      DatabaseTransactions,
      EventLogRepository,
    ]),
  ],
  controllers: [RepositoriesController],
  providers: [RepositoriesService, RepositoryEventsPublisher],
  exports: [RepositoriesService],
})
export class RepositoriesModule {}
