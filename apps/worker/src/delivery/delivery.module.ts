import {
  DeliveryLogRepository,
  DeliveryRecoveryRepository,
  PersistenceModule,
  SealedHeadersKeyCheck,
  SubscriptionRepository,
} from '@hookyard/persistence';
import {
  DeliveryQueueModule,
  EventStreamAppenderModule,
  OrderedSequencesModule,
  SubscriptionChangesModule,
  SubscriptionRateLimiter,
} from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { DeliveryLogPruner } from '../delivery-log/delivery-log.pruner';
import { DeliveryLogWriter } from '../delivery-log/delivery-log.writer';
import { OperationalEvents } from '../operational-events/operational-events.service';
import { SubscriptionHealthService } from '../subscription-health/subscription-health.service';
import { DeliveryBatchService } from './delivery-batch.service';
import { DeliveryOutcomeReporter } from './delivery-outcome-report';
import { deliveryClientProvider } from './delivery-client.provider';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryService } from './delivery.service';
import { OrderedDeliveriesAppendedController } from './ordered-deliveries-appended.controller';
import { OrderedDeliveryRunner } from './ordered-delivery.runner';
import { QuayScanThresholds } from './quay-scan-thresholds';
import { SubscriptionCache } from './subscription-cache';
import { SubscriptionChangesController } from './subscription-changes.controller';

@Module({
  imports: [
    PersistenceModule.forFeature([SubscriptionRepository, DeliveryLogRepository, DeliveryRecoveryRepository]),
    DeliveryQueueModule,
    SubscriptionChangesModule,
    EventStreamAppenderModule,
    OrderedSequencesModule,
  ],
  controllers: [SubscriptionChangesController, OrderedDeliveriesAppendedController],
  providers: [
    SealedHeadersKeyCheck,
    deliveryClientProvider,
    SubscriptionCache,
    QuayScanThresholds,
    DeliveryService,
    DeliveryBatchService,
    DeliveryOutcomeReporter,
    DeliveryProcessor,
    DeliveryLogWriter,
    DeliveryLogPruner,
    SubscriptionHealthService,
    OperationalEvents,
    SubscriptionRateLimiter,
    OrderedDeliveryRunner,
  ],
})
export class DeliveryModule {}
