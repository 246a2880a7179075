import { Account, ApiToken, OrganizationMember, RepositoryAccess, TeamMember } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthService } from './auth.service';
import { AuthenticatedGuard } from './authenticated.guard';
import { ConsoleSessions } from './console-sessions';
import { PermissionService } from './permission.service';

@Module({
  imports: [TypeOrmModule.forFeature([Account, ApiToken, OrganizationMember, TeamMember, RepositoryAccess])],
  providers: [AuthService, AuthenticatedGuard, PermissionService, ConsoleSessions],
  exports: [AuthService, AuthenticatedGuard, PermissionService],
})
export class AuthModule {}
