import { AuthModule } from '@hookyard/auth';
import { AccessRepository, PersistenceModule } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { RepositoryAccessController, UserRepositoryAccessController } from './repository-access.controller';
import { RepositoryAccessService } from './repository-access.service';

@Module({
  imports: [AuthModule, AccountsModule, PersistenceModule.forFeature([AccessRepository])],
  controllers: [RepositoryAccessController, UserRepositoryAccessController],
  providers: [RepositoryAccessService],
})
export class RepositoryAccessModule {}
