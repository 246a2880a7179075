import { AuthModule } from '@hookyard/auth';
import { Account, RepositoryAccess, Team } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { RepositoryAccessController, UserRepositoryAccessController } from './repository-access.controller';
import { RepositoryAccessService } from './repository-access.service';

@Module({
  imports: [AuthModule, AccountsModule, TypeOrmModule.forFeature([RepositoryAccess, Team, Account])],
  controllers: [RepositoryAccessController, UserRepositoryAccessController],
  providers: [RepositoryAccessService],
})
export class RepositoryAccessModule {}
