import { AuthModule } from '@hookyard/auth';
import { Delivery, DeliveryAttempt, DeliveryEvent, Subscription } from '@hookyard/persistence';
import { DeliveryQueueModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';

/** The delivery log API (attempts, redelivery) under the DTR webhook routes, for all APIs' subscriptions. */
@Module({
  imports: [
    AuthModule,
    DeliveryQueueModule,
    TypeOrmModule.forFeature([Subscription, Delivery, DeliveryAttempt, DeliveryEvent]),
  ],
  controllers: [DeliveriesController],
  providers: [DeliveriesService],
})
export class DeliveriesModule {}
