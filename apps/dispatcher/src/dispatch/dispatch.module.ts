import { DeliveryQueueModule, OrderedSequencesModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { BacklogMetrics } from '../backlog-metrics/backlog-metrics';
import { SubscriptionIndexModule } from '../subscription-index/subscription-index.module';
import { DispatchController } from './dispatch.controller';
import { DispatchService } from './dispatch.service';

@Module({
  imports: [SubscriptionIndexModule, DeliveryQueueModule, OrderedSequencesModule],
  controllers: [DispatchController],
  providers: [DispatchService, BacklogMetrics],
})
export class DispatchModule {}
