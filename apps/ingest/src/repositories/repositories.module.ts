import {
  DatabaseTransactions,
  EventLogRepository,
  PersistenceModule,
  RegistryRepositoryRepository,
} from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { KnownRepositories } from './known-repositories';
import { RepositoryDeletionsController } from './repository-deletions.controller';
import { RepositoryLifecycle } from './repository-lifecycle';

@Module({
  imports: [
    PersistenceModule.forFeature([RegistryRepositoryRepository, DatabaseTransactions, EventLogRepository]),
  ],
  controllers: [RepositoryDeletionsController],
  providers: [KnownRepositories, RepositoryLifecycle],
  exports: [RepositoryLifecycle],
})
export class RepositoriesModule {}
