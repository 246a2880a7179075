import { AuthModule } from '@hookyard/auth';
import {
  AccessRepository,
  AccountRepository,
  ApiTokenRepository,
  DatabaseTransactions,
  PersistenceModule,
} from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { AdminBootstrapService } from './admin-bootstrap.service';

@Module({
  imports: [
    AuthModule,
    SubscriptionsModule,
    PersistenceModule.forFeature([
      AccountRepository,
      ApiTokenRepository,
      AccessRepository,
      DatabaseTransactions,
    ]),
  ],
  controllers: [AccountsController],
  providers: [AdminBootstrapService, AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
