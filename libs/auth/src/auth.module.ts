import {
  AccessRepository,
  AccountRepository,
  ApiTokenRepository,
  PersistenceModule,
} from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { AuthService } from './auth.service';
import { AuthenticatedGuard } from './authenticated.guard';
import { ConsoleSessions } from './console-sessions';
import { PermissionService } from './permission.service';

@Module({
  imports: [PersistenceModule.forFeature([AccessRepository, AccountRepository, ApiTokenRepository])],
  providers: [AuthService, AuthenticatedGuard, PermissionService, ConsoleSessions],
  exports: [AuthService, AuthenticatedGuard, PermissionService],
})
export class AuthModule {}
