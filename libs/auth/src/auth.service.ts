import { Account, ApiToken } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { parseCredentials } from './credentials';
import { hashToken } from './tokens';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
  ) {}

  /** The active account an Authorization header proves, or null. Basic auth must name the token's owner. */
  async authenticate(header: string | undefined): Promise<Account | null> {
    const credentials = parseCredentials(header);
    if (!credentials) return null;
    const token = await this.tokens.findOneBy({ tokenHash: hashToken(credentials.token), isActive: true });
    if (!token) return null;
    const account = await this.accounts.findOneBy({ id: token.accountId, isActive: true });
    if (!account || account.isOrg) return null;
    if (credentials.scheme === 'basic' && credentials.username !== account.name) return null;
    await this.tokens.update(token.id, { lastUsedAt: new Date() });
    return account;
  }
}
