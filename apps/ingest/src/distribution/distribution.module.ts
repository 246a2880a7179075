import { RegistryRepository } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventStreamModule } from '../event-stream/event-stream.module';
import { RegistryModule } from '../registry/registry.module';
import { DistributionController } from './distribution.controller';
import { DistributionService } from './distribution.service';
import { DeletedDigests } from './deleted-digests';
import { KnownRepositories } from './known-repositories';

@Module({
  imports: [EventStreamModule, RegistryModule, TypeOrmModule.forFeature([RegistryRepository])],
  controllers: [DistributionController],
  providers: [DistributionService, KnownRepositories, DeletedDigests],
})
export class DistributionModule {}
