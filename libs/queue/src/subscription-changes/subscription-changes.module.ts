import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { SubscriptionChangesClient } from './redis-transport';
import { SUBSCRIPTION_EVENTS_CLIENT, SubscriptionChangePublisher } from './subscription-change.publisher';

/** The publisher of subscription-changed messages, for every app that changes subscriptions. */
@Module({
  imports: [
    ClientsModule.registerAsync([
      {
        name: SUBSCRIPTION_EVENTS_CLIENT,
        inject: [HOOKYARD_CONFIG],
        useFactory: (config: HookyardConfig) => ({
          customClass: SubscriptionChangesClient,
          options: config.redis,
        }),
      },
    ]),
  ],
  providers: [SubscriptionChangePublisher],
  exports: [SubscriptionChangePublisher],
})
export class SubscriptionChangesModule {}
