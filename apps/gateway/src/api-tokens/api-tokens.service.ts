import { generateToken, hashToken, notAuthorized, PermissionService } from '@hookyard/auth';
import { ApiError } from '@hookyard/http';
import {
  Account,
  AccountRepository,
  ApiToken,
  ApiTokenRepository,
  Listing,
  OwnedApiToken,
} from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { UpdateApiTokenDto } from './dtos';

const noSuchToken = (hashedToken: string) =>
  new ApiError(404, 'NO_SUCH_API_TOKEN', `API token ${hashedToken} does not exist`, { hashedToken });

export interface OwnedToken {
  token: ApiToken;
  owner: Account;
}

/** API tokens: random, shown once, stored as their SHA-256 (which is also their id in the API). */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly accountRepository: AccountRepository,
    private readonly accounts: AccountsService,
    private readonly permissions: PermissionService,
  ) {}

  /** The user `username` names (default: the caller), after checking the caller may manage their tokens. */
  private async ownerFor(actor: Account, username: string | undefined): Promise<Account> {
    const owner =
      username === undefined || username === actor.name ? actor : await this.accounts.user(username);
    if (!this.permissions.canManageTokensOf(actor, owner)) {
      throw notAuthorized("only system admins can manage other users' API tokens");
    }
    return owner;
  }

  async create(
    actor: Account,
    username: string | undefined,
    options: { tokenLabel?: string; expiresAt?: string },
  ): Promise<OwnedToken & { secret: string }> {
    const owner = await this.ownerFor(actor, username);
    const expiresAt = options.expiresAt === undefined ? null : new Date(options.expiresAt);
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new ApiError(400, 'INVALID_PARAMETERS', 'expiresAt must be in the future', {
        fields: ['expiresAt'],
      });
    }
    const secret = generateToken();
    const token = await this.tokens.create({
      accountId: owner.id,
      tokenHash: hashToken(secret),
      tokenLabel: options.tokenLabel ?? '',
      generatedBy: actor.name,
      expiresAt,
    });
    return { token, owner, secret };
  }

  /** Admins without `username`: every token; otherwise the tokens of one user. */
  async list(actor: Account, username: string | undefined): Promise<Listing<OwnedApiToken>> {
    const accountId =
      username === undefined && this.permissions.isSystemAdmin(actor)
        ? undefined
        : (await this.ownerFor(actor, username)).id;
    return this.tokens.list(accountId);
  }

  /** A token the caller may manage; others' tokens are reported missing so ids do not leak. */
  async get(actor: Account, hashedToken: string): Promise<OwnedToken> {
    const token = await this.tokens.findByHash(hashedToken);
    const owner = token && (await this.accountRepository.findById(token.accountId));
    if (!token || !owner || !this.permissions.canManageTokensOf(actor, owner)) throw noSuchToken(hashedToken);
    return { token, owner };
  }

  async update(actor: Account, hashedToken: string, dto: UpdateApiTokenDto): Promise<OwnedToken> {
    const { token, owner } = await this.get(actor, hashedToken);
    if (dto.isActive === true && !token.isActive) {
      if (!this.permissions.canReactivateToken(actor, token)) {
        throw notAuthorized(
          'a system admin deactivated this token; only a system admin can activate it again',
        );
      }
      token.deactivatedByAdmin = false;
    }
    if (dto.isActive === false && token.isActive) {
      token.deactivatedByAdmin = this.permissions.isSystemAdmin(actor);
    }
    if (dto.tokenLabel !== undefined) token.tokenLabel = dto.tokenLabel;
    if (dto.isActive !== undefined) token.isActive = dto.isActive;
    return { token: await this.tokens.save(token), owner };
  }

  async remove(actor: Account, hashedToken: string): Promise<void> {
    const { token } = await this.get(actor, hashedToken);
    await this.tokens.delete(token.id);
  }

  /** Deletes every token of one user (`username` is required for admins so nobody wipes all tokens by accident). */
  async removeAllOf(actor: Account, username: string | undefined): Promise<void> {
    if (username === undefined && this.permissions.isSystemAdmin(actor)) {
      throw new ApiError(400, 'INVALID_PARAMETERS', 'username is required to mass-delete API tokens', {
        fields: ['username'],
      });
    }
    const owner = await this.ownerFor(actor, username);
    await this.tokens.deleteAllOf(owner.id);
  }
}
