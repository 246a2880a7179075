import { AuthModule } from '@hookyard/auth';
import { Account, OrganizationMember, RepositoryAccess, Team, TeamMember } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { AdminBootstrapService } from './admin-bootstrap.service';

@Module({
  imports: [
    AuthModule,
    SubscriptionsModule,
    TypeOrmModule.forFeature([Account, OrganizationMember, Team, TeamMember, RepositoryAccess]),
  ],
  controllers: [AccountsController],
  providers: [AdminBootstrapService, AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
