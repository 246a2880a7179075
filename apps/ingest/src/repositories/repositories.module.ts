import { RegistryRepository } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventStreamModule } from '../event-stream/event-stream.module';
import { KnownRepositories } from './known-repositories';
import { RepositoryLifecycle } from './repository-lifecycle';

@Module({
  imports: [EventStreamModule, TypeOrmModule.forFeature([RegistryRepository])],
  providers: [KnownRepositories, RepositoryLifecycle],
  exports: [RepositoryLifecycle],
})
export class RepositoriesModule {}
