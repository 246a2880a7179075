import { ConfigModule } from '@hookyard/config';
import { ObservabilityModule } from '@hookyard/observability';
import { PersistenceModule } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { AlaudaHooksModule } from './alauda-hooks/alauda-hooks.module';
import { DtrWebhooksModule } from './dtr-webhooks/dtr-webhooks.module';
import { QuayNotificationsModule } from './quay-notifications/quay-notifications.module';

@Module({
  imports: [
    ConfigModule,
    ObservabilityModule.forApp('gateway'),
    PersistenceModule,
    AccountsModule,
    DtrWebhooksModule,
    QuayNotificationsModule,
    AlaudaHooksModule,
  ],
})
export class AppModule {}
