import { Module } from '@nestjs/common';
import { EventStreamModule } from '../event-stream/event-stream.module';
import { RepositoriesModule } from '../repositories/repositories.module';
import { HarborController } from './harbor.controller';
import { HarborService } from './harbor.service';

@Module({
  imports: [EventStreamModule, RepositoriesModule],
  controllers: [HarborController],
  providers: [HarborService],
})
export class HarborModule {}
