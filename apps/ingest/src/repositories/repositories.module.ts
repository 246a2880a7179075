import { PersistenceModule, RegistryRepositoryRepository } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { KnownRepositories } from './known-repositories';
import { RepositoryLifecycle } from './repository-lifecycle';

@Module({
  imports: [PersistenceModule.forFeature([RegistryRepositoryRepository])],
  providers: [KnownRepositories, RepositoryLifecycle],
  exports: [RepositoryLifecycle],
})
export class RepositoriesModule {}
