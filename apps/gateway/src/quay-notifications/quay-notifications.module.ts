import { AuthModule } from '@hookyard/auth';
import { DELIVERIES_QUEUE, QueueModule } from '@hookyard/queue';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { QuayNotificationsController } from './quay-notifications.controller';
import { QuayNotificationsService } from './quay-notifications.service';

@Module({
  imports: [
    AuthModule,
    SubscriptionsModule,
    QueueModule,
    BullModule.registerQueue({ name: DELIVERIES_QUEUE }),
  ],
  controllers: [QuayNotificationsController],
  providers: [QuayNotificationsService],
})
export class QuayNotificationsModule {}
