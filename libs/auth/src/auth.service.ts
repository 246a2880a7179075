import { Account, AccountRepository, ApiTokenRepository } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { parse as parseCookies } from 'cookie';
import type { IncomingHttpHeaders } from 'node:http';
import { crossOriginRefused } from './auth-errors';
import { ConsoleSessions, NewSession, SESSION_COOKIE } from './console-sessions';
import { parseCredentials } from './credentials';
import { isCrossOriginRequest } from './same-origin';
import { hashToken } from './tokens';

/** What authentication reads from a request (Express and plain Node requests alike). */
export interface CredentialRequest {
  method: string;
  headers: IncomingHttpHeaders;
}

/**
 * Every way a request proves who it is, in one place: an Authorization header (DTR's Basic
 * `user:token`, Quay's Bearer, Alauda's Token), or the console's session cookie.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly accounts: AccountRepository,
    private readonly sessions: ConsoleSessions,
  ) {}

  /**
   * The account a request's credentials prove, or null. An Authorization header, when sent, is the
   * only credential read. A state-changing request carrying the session cookie must come from this
   * site (SameSite=Strict already keeps other sites' requests from carrying it; this is the second lock).
   */
  async authenticateRequest(request: CredentialRequest): Promise<Account | null> {
    if (request.headers.authorization !== undefined) return this.authenticate(request.headers.authorization);
    const sessionId = sessionIdOf(request);
    if (!sessionId) return null;
    if (isCrossOriginRequest(request.method, request.headers)) throw crossOriginRefused();
    const tokenHash = await this.sessions.tokenHashOf(sessionId);
    return tokenHash ? this.accountOfToken(tokenHash) : null;
  }

  /** The active account an Authorization header proves, or null. Basic auth must name the token's owner. */
  async authenticate(header: string | undefined): Promise<Account | null> {
    const credentials = parseCredentials(header);
    if (!credentials) return null;
    return this.accountOfToken(
      hashToken(credentials.token),
      credentials.scheme === 'basic' ? credentials.username : undefined,
    );
  }

  /** Signs a user in to the console with a username and one of their API tokens; null when they do not match. */
  async openSession(
    username: string,
    token: string,
  ): Promise<{ account: Account; session: NewSession } | null> {
    const tokenHash = hashToken(token);
    const proven = await this.proveToken(tokenHash, username);
    if (!proven) return null;
    return { account: proven.account, session: await this.sessions.open(tokenHash, proven.expiresAt) };
  }

  async closeSession(request: CredentialRequest): Promise<void> {
    const sessionId = sessionIdOf(request);
    if (sessionId) await this.sessions.close(sessionId);
  }

  private async accountOfToken(tokenHash: string, username?: string): Promise<Account | null> {
    return (await this.proveToken(tokenHash, username))?.account ?? null;
  }

  /** The active user a live token (of `username`, when given) belongs to, and when the token expires. */
  private async proveToken(
    tokenHash: string,
    username?: string,
  ): Promise<{ account: Account; expiresAt: Date | null } | null> {
    const token = await this.tokens.findActiveByHash(tokenHash);
    if (!token) return null;
    const account = await this.accounts.findActiveById(token.accountId);
    if (!account || account.isOrg) return null;
    if (username !== undefined && username !== account.name) return null;
    await this.tokens.markUsed(token.id, new Date());
    return { account, expiresAt: token.expiresAt };
  }
}

function sessionIdOf(request: CredentialRequest): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookies(header)[SESSION_COOKIE] || undefined : undefined;
}
