import { AuthModule } from '@hookyard/auth';
import { Module } from '@nestjs/common';
import { SubscriptionOverviewModule } from '../subscription-overview/subscription-overview.module';
import { DeliveryStatsController } from './delivery-stats.controller';
import { DeliveryStatsRepository } from './delivery-stats.repository';
import { DeliveryStatsService } from './delivery-stats.service';

@Module({
  imports: [AuthModule, SubscriptionOverviewModule],
  controllers: [DeliveryStatsController],
  providers: [DeliveryStatsService, DeliveryStatsRepository],
})
export class DeliveryStatsModule {}
