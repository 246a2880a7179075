import { Module } from '@nestjs/common';
import { EventStreamModule } from '../event-stream/event-stream.module';
import { RegistryModule } from '../registry/registry.module';
import { DistributionController } from './distribution.controller';
import { DistributionService } from './distribution.service';

@Module({
  imports: [EventStreamModule, RegistryModule],
  controllers: [DistributionController],
  providers: [DistributionService],
})
export class DistributionModule {}
