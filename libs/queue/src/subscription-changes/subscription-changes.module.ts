import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Module } from '@nestjs/common';
import { ClientsModule, RedisOptions, Transport } from '@nestjs/microservices';
import { redisOptions } from '../redis-connection';
import { SUBSCRIPTION_EVENTS_CLIENT, SubscriptionChangePublisher } from './subscription-change.publisher';

/** The publisher of subscription-changed messages, for every app that changes subscriptions. */
@Module({
  imports: [
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
  providers: [SubscriptionChangePublisher],
  exports: [SubscriptionChangePublisher],
})
export class SubscriptionChangesModule {}
