import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DeliveryQueue } from './delivery-queue';
import { DELIVERIES_QUEUE } from './names';
import { QueueModule } from './queue.module';

/**
 * DeliveryQueue, and the deliveries queue itself for its consumers (the worker's processor, the
 * dispatcher's backlog gauges): one BullMQ Queue per app.
 */
@Module({
  imports: [QueueModule, BullModule.registerQueue({ name: DELIVERIES_QUEUE })],
  providers: [DeliveryQueue],
  exports: [DeliveryQueue, BullModule],
})
export class DeliveryQueueModule {}
