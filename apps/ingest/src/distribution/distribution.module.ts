import { Module } from '@nestjs/common';
import { EventStreamModule } from '../event-stream/event-stream.module';
import { RegistryModule } from '../registry/registry.module';
import { RepositoriesModule } from '../repositories/repositories.module';
import { DistributionController } from './distribution.controller';
import { DistributionService } from './distribution.service';
import { DeletedDigests } from './deleted-digests';

@Module({
  imports: [EventStreamModule, RegistryModule, RepositoriesModule],
  controllers: [DistributionController],
  providers: [DistributionService, DeletedDigests],
})
export class DistributionModule {}
