import { PersistenceModule, RegistryRepositoryRepository } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { EventStreamModule } from '../event-stream/event-stream.module';
import { KnownRepositories } from './known-repositories';
import { RepositoryLifecycle } from './repository-lifecycle';

@Module({
  imports: [EventStreamModule, PersistenceModule.forFeature([RegistryRepositoryRepository])],
  providers: [KnownRepositories, RepositoryLifecycle],
  exports: [RepositoryLifecycle],
})
export class RepositoriesModule {}
