import { AuthModule } from '@hookyard/auth';
import { DeliveryQueueModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { QuayNotificationsController } from './quay-notifications.controller';
import { QuayNotificationsService } from './quay-notifications.service';

@Module({
  imports: [AuthModule, SubscriptionsModule, DeliveryQueueModule],
  controllers: [QuayNotificationsController],
  providers: [QuayNotificationsService],
})
export class QuayNotificationsModule {}
