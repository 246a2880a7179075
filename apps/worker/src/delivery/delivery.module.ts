import { Subscription } from '@hookyard/persistence';
import { DELIVERIES_QUEUE } from '@hookyard/queue';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { deliveryClientProvider } from './delivery-client.provider';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryService } from './delivery.service';

@Module({
  imports: [TypeOrmModule.forFeature([Subscription]), BullModule.registerQueue({ name: DELIVERIES_QUEUE })],
  providers: [deliveryClientProvider, DeliveryService, DeliveryProcessor],
})
export class DeliveryModule {}
