import { AuthModule } from '@hookyard/auth';
import {
  AccessRepository,
  AccountRepository,
  PersistenceModule,
  RegistryRepositoryRepository,
} from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import {
  NamespaceTeamAccessController,
  RepositoryAccessController,
  TeamRepositoryAccessController,
  UserRepositoryAccessController,
} from './repository-access.controller';
import { RepositoryAccessService } from './repository-access.service';

@Module({
  imports: [
    AuthModule,
    AccountsModule,
    PersistenceModule.forFeature([AccessRepository, AccountRepository, RegistryRepositoryRepository]),
  ],
  controllers: [
    RepositoryAccessController,
    UserRepositoryAccessController,
    NamespaceTeamAccessController,
    TeamRepositoryAccessController,
  ],
  providers: [RepositoryAccessService],
})
export class RepositoryAccessModule {}
