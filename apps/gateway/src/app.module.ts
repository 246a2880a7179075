import { ObservabilityModule } from '@hookyard/observability';
import { PersistenceModule } from '@hookyard/persistence';
import { ThrottlingModule } from '@hookyard/throttling';
import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { AlaudaHooksModule } from './alauda-hooks/alauda-hooks.module';
import { ConsoleSessionModule } from './console-session/console-session.module';
import { ApiTokensModule } from './api-tokens/api-tokens.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { DeliveryStatsModule } from './delivery-stats/delivery-stats.module';
import { DtrWebhooksModule } from './dtr-webhooks/dtr-webhooks.module';
import { QuayNotificationsModule } from './quay-notifications/quay-notifications.module';
import { RepositoryAccessModule } from './repository-access/repository-access.module';
import { SubscriptionOverviewModule } from './subscription-overview/subscription-overview.module';

@Module({
  imports: [
    ObservabilityModule.forApp('gateway'),
    PersistenceModule,
    ThrottlingModule,
    AccountsModule,
    DtrWebhooksModule,
    ApiTokensModule,
    RepositoryAccessModule,
    QuayNotificationsModule,
    AlaudaHooksModule,
    DeliveriesModule,
    ConsoleSessionModule,
    SubscriptionOverviewModule,
    DeliveryStatsModule,
  ],
})
export class AppModule {}
