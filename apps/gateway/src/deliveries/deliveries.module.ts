import { AuthModule } from '@hookyard/auth';
import { DeliveryLogRepository, PersistenceModule, SubscriptionRepository } from '@hookyard/persistence';
import { DELIVERIES_QUEUE, QueueModule } from '@hookyard/queue';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';

/** The delivery log API (attempts, redelivery) under the DTR webhook routes, for all APIs' subscriptions. */
@Module({
  imports: [
    AuthModule,
    QueueModule,
    BullModule.registerQueue({ name: DELIVERIES_QUEUE }),
    PersistenceModule.forFeature([SubscriptionRepository, DeliveryLogRepository]),
  ],
  controllers: [DeliveriesController],
  providers: [DeliveriesService],
})
export class DeliveriesModule {}
