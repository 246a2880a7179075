import { AuthModule } from '@hookyard/auth';
import { DeliveryLogRepository, PersistenceModule, SubscriptionRepository } from '@hookyard/persistence';
import { DeliveryQueueModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';

/** The delivery log API (attempts, redelivery) under the DTR webhook routes, for all APIs' subscriptions. */
@Module({
  imports: [
    AuthModule,
    DeliveryQueueModule,
    PersistenceModule.forFeature([SubscriptionRepository, DeliveryLogRepository]),
  ],
  controllers: [DeliveriesController],
  providers: [DeliveriesService],
})
export class DeliveriesModule {}
