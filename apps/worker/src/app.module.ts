import { ObservabilityModule } from '@hookyard/observability';
import { PersistenceModule } from '@hookyard/persistence';
import { QueueModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { DeliveryModule } from './delivery/delivery.module';
import { DeliveryRecoveryModule } from './delivery-recovery/delivery-recovery.module';

@Module({
  imports: [
    ObservabilityModule.forApp('worker'),
    PersistenceModule,
    QueueModule,
    DeliveryModule,
    DeliveryRecoveryModule,
  ],
})
export class AppModule {}
