import {
  DeliveryLogRepository,
  DeliveryRecoveryRepository,
  PersistenceModule,
  SubscriptionRepository,
} from '@hookyard/persistence';
import { DeliveryQueueModule, DeliveryRecoveryQueueModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { DeliveryRecoveryProcessor } from './delivery-recovery.processor';

/** The background half of `POST .../deliveries/recover`. */
@Module({
  imports: [
    PersistenceModule.forFeature([DeliveryRecoveryRepository, SubscriptionRepository, DeliveryLogRepository]),
    DeliveryQueueModule,
    DeliveryRecoveryQueueModule,
  ],
  providers: [DeliveryRecoveryProcessor],
})
export class DeliveryRecoveryModule {}
