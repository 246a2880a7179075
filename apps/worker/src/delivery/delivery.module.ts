import { Subscription } from '@hookyard/persistence';
import { DELIVERIES_QUEUE } from '@hookyard/queue';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { deliveryClientProvider } from './delivery-client.provider';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryService } from './delivery.service';
import { SubscriptionCache } from './subscription-cache';
import { SubscriptionChangesController } from './subscription-changes.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Subscription]), BullModule.registerQueue({ name: DELIVERIES_QUEUE })],
  controllers: [SubscriptionChangesController],
  providers: [deliveryClientProvider, SubscriptionCache, DeliveryService, DeliveryProcessor],
})
export class DeliveryModule {}
