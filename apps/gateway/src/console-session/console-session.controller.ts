import {
  AuthenticatedGuard,
  AuthService,
  crossOriginRefused,
  CurrentAccount,
  isCrossOriginRequest,
  SESSION_COOKIE,
} from '@hookyard/auth';
import { ApiError, RequireContentType } from '@hookyard/http';
import { AuthFailureLimiter, clientAddress } from '@hookyard/throttling';
import { Account } from '@hookyard/persistence';
import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { serialize } from 'cookie';
import type { Request, Response } from 'express';
import { presentAccount } from '../accounts/account.presenter';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { OpenedSessionResponse, OpenSessionDto, SessionResponse } from './dtos';

/** Over HTTPS (directly or behind a proxy saying so) the cookie is also marked Secure. */
function sessionCookie(request: Request, value: string, expires: Date): string {
  const secure = request.secure || request.headers['x-forwarded-proto'] === 'https';
  return serialize(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', path: '/', secure, expires });
}

/**
 * The web console's sign-in (a Hookyard extension of the DTR API): a username and API token
 * become an httpOnly, SameSite=Strict session cookie, which every API then accepts.
 */
@ApiTags('Console session')
@ApiDtrErrors()
@Controller('api/v0/session')
export class ConsoleSessionController {
  constructor(
    private readonly auth: AuthService,
    private readonly failures: AuthFailureLimiter,
  ) {}

  @Post()
  @HttpCode(200)
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({ summary: 'Sign in: sets the session cookie (httpOnly, SameSite=Strict)' })
  @ApiResponse({ status: 200, type: OpenedSessionResponse })
  async open(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Body() dto: OpenSessionDto,
  ): Promise<OpenedSessionResponse> {
    // A forged sign-in would put the victim's browser in the attacker's account.
    if (isCrossOriginRequest(request.method, request.headers)) throw crossOriginRefused();
    // Guessing tokens here costs what it costs with an Authorization header (AuthenticatedGuard).
    const attempt = { client: clientAddress(request), username: dto.username, response };
    await this.failures.assertAllowed(attempt);
    const opened = await this.auth.openSession(dto.username, dto.token);
    if (!opened) {
      throw (
        (await this.failures.recordFailure(attempt)) ??
        new ApiError(401, 'NOT_AUTHENTICATED', 'Wrong username or API token.')
      );
    }
    response.setHeader('Set-Cookie', sessionCookie(request, opened.session.id, opened.session.expiresAt));
    return { account: presentAccount(opened.account), expiresAt: opened.session.expiresAt.toISOString() };
  }

  @Get()
  @UseGuards(AuthenticatedGuard)
  @ApiBasicAuth()
  @ApiOperation({ summary: 'Who the credentials (session cookie or Authorization header) belong to' })
  @ApiResponse({ status: 200, type: SessionResponse })
  current(@CurrentAccount() account: Account): SessionResponse {
    return { account: presentAccount(account) };
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the session and clears its cookie' })
  async close(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (isCrossOriginRequest(request.method, request.headers)) throw crossOriginRefused();
    await this.auth.closeSession(request);
    response.setHeader('Set-Cookie', sessionCookie(request, '', new Date(0)));
  }
}
