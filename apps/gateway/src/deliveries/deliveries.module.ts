import { AuthModule } from '@hookyard/auth';
import {
  DeliveryLogRepository,
  DeliveryRecoveryRepository,
  PersistenceModule,
  SubscriptionRepository,
} from '@hookyard/persistence';
import { DeliveryQueueModule, DeliveryRecoveryQueueModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';

/** The delivery log API (attempts, redelivery, recovery) under the DTR webhook routes, for all APIs' subscriptions. */
@Module({
  imports: [
    AuthModule,
    DeliveryQueueModule,
    DeliveryRecoveryQueueModule,
    PersistenceModule.forFeature([SubscriptionRepository, DeliveryLogRepository, DeliveryRecoveryRepository]),
  ],
  controllers: [DeliveriesController],
  providers: [DeliveriesService],
})
export class DeliveriesModule {}
