import { AuthModule } from '@hookyard/auth';
import { AccountRepository, ApiTokenRepository, PersistenceModule } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';

@Module({
  imports: [
    AuthModule,
    AccountsModule,
    PersistenceModule.forFeature([ApiTokenRepository, AccountRepository]),
  ],
  controllers: [ApiTokensController],
  providers: [ApiTokensService],
})
export class ApiTokensModule {}
