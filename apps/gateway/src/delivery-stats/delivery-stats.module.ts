import { AuthModule } from '@hookyard/auth';
import { DeliveryStatsRepository, PersistenceModule } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { SubscriptionOverviewModule } from '../subscription-overview/subscription-overview.module';
import { DeliveryStatsController } from './delivery-stats.controller';
import { DeliveryStatsService } from './delivery-stats.service';

@Module({
  imports: [AuthModule, SubscriptionOverviewModule, PersistenceModule.forFeature([DeliveryStatsRepository])],
  controllers: [DeliveryStatsController],
  providers: [DeliveryStatsService],
})
export class DeliveryStatsModule {}
