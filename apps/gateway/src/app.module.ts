import { ConfigModule } from '@hookyard/config';
import { ObservabilityModule } from '@hookyard/observability';
import { PersistenceModule } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { ApiTokensModule } from './api-tokens/api-tokens.module';
import { DtrWebhooksModule } from './dtr-webhooks/dtr-webhooks.module';
import { RepositoryAccessModule } from './repository-access/repository-access.module';

@Module({
  imports: [
    ConfigModule,
    ObservabilityModule.forApp('gateway'),
    PersistenceModule,
    AccountsModule,
    DtrWebhooksModule,
    ApiTokensModule,
    RepositoryAccessModule,
  ],
})
export class AppModule {}
