import { Account, AccountRepository, ApiTokenRepository } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { parseCredentials } from './credentials';
import { hashToken } from './tokens';

@Injectable()
export class AuthService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly accounts: AccountRepository,
  ) {}

  /** The active account an Authorization header proves, or null. Basic auth must name the token's owner. */
  async authenticate(header: string | undefined): Promise<Account | null> {
    const credentials = parseCredentials(header);
    if (!credentials) return null;
    const token = await this.tokens.findActiveByHash(hashToken(credentials.token));
    if (!token) return null;
    const account = await this.accounts.findActiveById(token.accountId);
    if (!account || account.isOrg) return null;
    if (credentials.scheme === 'basic' && credentials.username !== account.name) return null;
    await this.tokens.markUsed(token.id, new Date());
    return account;
  }
}
