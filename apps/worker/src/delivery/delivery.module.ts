import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Subscription } from '@hookyard/persistence';
import { DELIVERIES_QUEUE, redisOptions } from '@hookyard/queue';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ClientsModule, RedisOptions, Transport } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryLogPruner } from '../delivery-log/delivery-log.pruner';
import { DeliveryLogWriter } from '../delivery-log/delivery-log.writer';
import {
  SUBSCRIPTION_EVENTS_CLIENT,
  SubscriptionChangePublisher,
} from '../subscription-health/subscription-change.publisher';
import { SubscriptionHealthService } from '../subscription-health/subscription-health.service';
import { deliveryClientProvider } from './delivery-client.provider';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryService } from './delivery.service';
import { SubscriptionCache } from './subscription-cache';
import { SubscriptionChangesController } from './subscription-changes.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([Subscription]),
    BullModule.registerQueue({ name: DELIVERIES_QUEUE }),
    ClientsModule.registerAsync([
      {
        name: SUBSCRIPTION_EVENTS_CLIENT,
        inject: [HOOKYARD_CONFIG],
        useFactory: (config: HookyardConfig): RedisOptions => ({
          transport: Transport.REDIS,
          options: redisOptions(config.redis.url) as RedisOptions['options'],
        }),
      },
    ]),
  ],
  controllers: [SubscriptionChangesController],
  providers: [
    deliveryClientProvider,
    SubscriptionCache,
    DeliveryService,
    DeliveryProcessor,
    DeliveryLogWriter,
    DeliveryLogPruner,
    SubscriptionChangePublisher,
    SubscriptionHealthService,
  ],
})
export class DeliveryModule {}
