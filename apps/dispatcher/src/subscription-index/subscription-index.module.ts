import { PersistenceModule, SubscriptionRepository } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { SubscriptionChangesController } from './subscription-changes.controller';
import { SubscriptionIndexService } from './subscription-index.service';

@Module({
  imports: [PersistenceModule.forFeature([SubscriptionRepository])],
  controllers: [SubscriptionChangesController],
  providers: [SubscriptionIndexService],
  exports: [SubscriptionIndexService],
})
export class SubscriptionIndexModule {}
