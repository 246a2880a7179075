import { AuthModule } from '@hookyard/auth';
import { PersistenceModule, SealedHeadersKeyCheck, SubscriptionRepository } from '@hookyard/persistence';
import { SubscriptionChangesModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { EndpointValidator } from './endpoint-validator.service';
import { SubscriptionOptionsService } from './subscription-options.service';
import { SubscriptionsService } from './subscriptions.service';
import { TestDeliveryService } from './test-delivery.service';

@Module({
  imports: [AuthModule, PersistenceModule.forFeature([SubscriptionRepository]), SubscriptionChangesModule],
  providers: [
    SealedHeadersKeyCheck,
    SubscriptionsService,
    SubscriptionOptionsService,
    EndpointValidator,
    TestDeliveryService,
  ],
  exports: [SubscriptionsService, SubscriptionOptionsService, EndpointValidator, TestDeliveryService],
})
export class SubscriptionsModule {}
