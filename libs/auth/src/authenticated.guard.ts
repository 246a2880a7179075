import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { notAuthenticated } from './auth-errors';
import { AuthService } from './auth.service';
import type { AuthenticatedRequest } from './authenticated-request';

/** Lets a request through only with valid credentials (header or console session); the account is put on the request. */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const account = await this.auth.authenticateRequest(request);
    if (!account) throw notAuthenticated();
    request.account = account;
    return true;
  }
}
