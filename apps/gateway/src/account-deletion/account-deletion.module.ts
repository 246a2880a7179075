import { AuthModule } from '@hookyard/auth';
import {
  AccessRepository,
  AccountRepository,
  ApiTokenRepository,
  DatabaseTransactions,
  EventLogRepository,
  PersistenceModule,
} from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { RepositoriesModule } from '../repositories/repositories.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { AccountDeletionController } from './account-deletion.controller';
import { AccountDeletionService } from './account-deletion.service';

/** Deleting an account, with its repositories (RepositoriesModule) and all it holds. */
@Module({
  imports: [
    AuthModule,
    AccountsModule,
    RepositoriesModule,
    SubscriptionsModule,
    PersistenceModule.forFeature([
      AccountRepository,
      AccessRepository,
      ApiTokenRepository,
      DatabaseTransactions,
      EventLogRepository,
    ]),
  ],
  controllers: [AccountDeletionController],
  providers: [AccountDeletionService],
})
export class AccountDeletionModule {}
