import { PersistenceModule, RegistryRepositoryRepository } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { EventStreamModule } from '../event-stream/event-stream.module';
import { RegistryModule } from '../registry/registry.module';
import { DistributionController } from './distribution.controller';
import { DistributionService } from './distribution.service';
import { DeletedDigests } from './deleted-digests';
import { KnownRepositories } from './known-repositories';

@Module({
  imports: [EventStreamModule, RegistryModule, PersistenceModule.forFeature([RegistryRepositoryRepository])],
  controllers: [DistributionController],
  providers: [DistributionService, KnownRepositories, DeletedDigests],
})
export class DistributionModule {}
