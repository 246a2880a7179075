import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Subscription } from '@hookyard/persistence';
import { redisOptions } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { ClientsModule, RedisOptions, Transport } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EndpointValidator } from './endpoint-validator.service';
import { SUBSCRIPTION_EVENTS_CLIENT, SubscriptionChangePublisher } from './subscription-change.publisher';
import { SubscriptionsService } from './subscriptions.service';
import { TestDeliveryService } from './test-delivery.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Subscription]),
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
  providers: [SubscriptionsService, SubscriptionChangePublisher, EndpointValidator, TestDeliveryService],
  exports: [SubscriptionsService, EndpointValidator, TestDeliveryService],
})
export class SubscriptionsModule {}
