import { Account, ApiToken } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthService } from './auth.service';
import { AuthenticatedGuard } from './authenticated.guard';
import { ConsoleSessions } from './console-sessions';
import { PermissionService } from './permission.service';

@Module({
  imports: [TypeOrmModule.forFeature([Account, ApiToken])],
  providers: [AuthService, AuthenticatedGuard, PermissionService, ConsoleSessions],
  exports: [AuthService, AuthenticatedGuard, PermissionService],
})
export class AuthModule {}
