import { AuthModule } from '@hookyard/auth';
import { Subscription } from '@hookyard/persistence';
import { SubscriptionChangesModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EndpointValidator } from './endpoint-validator.service';
import { SubscriptionsService } from './subscriptions.service';
import { TestDeliveryService } from './test-delivery.service';

@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([Subscription]), SubscriptionChangesModule],
  providers: [SubscriptionsService, EndpointValidator, TestDeliveryService],
  exports: [SubscriptionsService, EndpointValidator, TestDeliveryService],
})
export class SubscriptionsModule {}
