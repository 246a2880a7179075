import { AuthModule } from '@hookyard/auth';
import { PersistenceModule, SubscriptionRepository } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { SubscriptionOverviewController } from './subscription-overview.controller';
import { SubscriptionOverviewService } from './subscription-overview.service';

@Module({
  imports: [AuthModule, SubscriptionsModule, PersistenceModule.forFeature([SubscriptionRepository])],
  controllers: [SubscriptionOverviewController],
  providers: [SubscriptionOverviewService],
  exports: [SubscriptionOverviewService],
})
export class SubscriptionOverviewModule {}
