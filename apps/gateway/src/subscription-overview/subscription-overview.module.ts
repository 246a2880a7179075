import { AuthModule } from '@hookyard/auth';
import { Subscription } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { SubscriptionOverviewController } from './subscription-overview.controller';
import { SubscriptionOverviewService } from './subscription-overview.service';

@Module({
  imports: [AuthModule, SubscriptionsModule, TypeOrmModule.forFeature([Subscription])],
  controllers: [SubscriptionOverviewController],
  providers: [SubscriptionOverviewService],
  exports: [SubscriptionOverviewService],
})
export class SubscriptionOverviewModule {}
