import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { SubscriptionChangesClient } from './redis-transport';
import { RepositoryDeletionPublisher } from './repository-deletion.publisher';
import { SUBSCRIPTION_EVENTS_CLIENT, SubscriptionChangePublisher } from './subscription-change.publisher';

/**
 * The publishers of the gateway's pub/sub messages: subscription-changed (dispatchers, workers) and
 * repositories-deleted (ingest).
 */
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
  providers: [SubscriptionChangePublisher, RepositoryDeletionPublisher],
  exports: [SubscriptionChangePublisher, RepositoryDeletionPublisher],
})
export class SubscriptionChangesModule {}
