import { ObservabilityModule } from '@hookyard/observability';
import { PersistenceModule } from '@hookyard/persistence';
import { QueueModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { DeliveryModule } from './delivery/delivery.module';

@Module({
  imports: [ObservabilityModule.forApp('worker'), PersistenceModule, QueueModule, DeliveryModule],
})
export class AppModule {}
