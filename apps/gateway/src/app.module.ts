import { ConfigModule } from '@hookyard/config';
import { ObservabilityModule } from '@hookyard/observability';
import { PersistenceModule } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { DtrWebhooksModule } from './dtr-webhooks/dtr-webhooks.module';

@Module({
  imports: [
    ConfigModule,
    ObservabilityModule.forApp('gateway'),
    PersistenceModule,
    AccountsModule,
    DtrWebhooksModule,
    DeliveriesModule,
  ],
})
export class AppModule {}
