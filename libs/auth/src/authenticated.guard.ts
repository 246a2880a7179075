import { AuthFailureLimiter, clientAddress } from '@hookyard/throttling';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { notAuthenticated } from './auth-errors';
import { AuthService } from './auth.service';
import type { AuthenticatedRequest } from './authenticated-request';
import { parseCredentials } from './credentials';

/**
 * Lets a request through only with valid credentials (an Authorization header, or the console's
 * session cookie); the account is put on the request. A client whose credentials failed too often
 * is refused (429) before they are looked at (AuthFailureLimiter).
 */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header) {
      // The session cookie, or nothing: a 256-bit random id is no credential to guess, so no count.
      const account = await this.auth.authenticateRequest(request);
      if (!account) throw notAuthenticated();
      request.account = account;
      return true;
    }
    const credentials = parseCredentials(header);
    const attempt = {
      client: clientAddress(request),
      username: credentials?.scheme === 'basic' ? credentials.username : undefined,
      response: http.getResponse<Response>(),
    };
    await this.failures.assertAllowed(attempt);
    const account = await this.auth.authenticate(header);
    if (!account) throw (await this.failures.recordFailure(attempt)) ?? notAuthenticated();
    request.account = account;
    return true;
  }
}
