import { AuthModule } from '@hookyard/auth';
import { PersistenceModule, SubscriptionRepository } from '@hookyard/persistence';
import { SubscriptionChangesModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { EndpointValidator } from './endpoint-validator.service';
import { SubscriptionsService } from './subscriptions.service';
import { TestDeliveryService } from './test-delivery.service';

@Module({
  imports: [AuthModule, PersistenceModule.forFeature([SubscriptionRepository]), SubscriptionChangesModule],
  providers: [SubscriptionsService, EndpointValidator, TestDeliveryService],
  exports: [SubscriptionsService, EndpointValidator, TestDeliveryService],
})
export class SubscriptionsModule {}
